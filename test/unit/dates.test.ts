import { describe, expect, test } from 'bun:test';
import {
  addDays, dayNumber, daysBetween, formatDdMmYyyy, formatLongDate, fromDayNumber, instantAt, isLocalDate,
  isoWeekday, localDateAt, localTimeAt,
} from '../../server/domain/dates.ts';

const LONDON = 'Europe/London';

describe('day numbers', () => {
  test('1970-01-01 is day 0 and a Thursday', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(isoWeekday('1970-01-01')).toBe(4);
  });

  test('round-trip across month, year and leap-day boundaries', () => {
    for (const d of ['1969-12-31', '2000-02-29', '2024-02-29', '2026-12-31', '2027-01-01', '2028-02-29', '2100-03-01']) {
      expect(fromDayNumber(dayNumber(d))).toBe(d);
    }
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
  });

  test('weekdays of the worked-example dates', () => {
    expect(isoWeekday('2026-08-31')).toBe(1); // Summer bank holiday, Monday
    expect(isoWeekday('2027-03-26')).toBe(5); // Good Friday
    expect(isoWeekday('2027-12-27')).toBe(1);
    expect(isoWeekday('2027-12-31')).toBe(5);
    expect(isoWeekday('2026-11-30')).toBe(1); // St Andrew's Day
    expect(isoWeekday('2026-09-06')).toBe(7);
  });

  test('isLocalDate accepts real dates only', () => {
    expect(isLocalDate('2026-02-28')).toBe(true);
    expect(isLocalDate('2028-02-29')).toBe(true);
    for (const bad of ['2026-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '26-01-01', '2026-1-1', '2026-01-01T00:00', '', 20260101, null]) {
      expect(isLocalDate(bad)).toBe(false);
    }
  });
});

describe('formatting', () => {
  test('long dates and dd/mm/yyyy', () => {
    expect(formatLongDate('2026-09-01')).toBe('Tuesday 1 September');
    expect(formatLongDate('2027-01-01', true)).toBe('Friday 1 January 2027');
    expect(formatDdMmYyyy('2026-09-05')).toBe('05/09/2026');
  });
});

describe('council-local dates and instants across BST changes (Europe/London)', () => {
  test('spring forward, Sunday 29 March 2026: 01:00 GMT becomes 02:00 BST', () => {
    expect(instantAt('2026-03-29', '00:30', LONDON).toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(instantAt('2026-03-29', '03:00', LONDON).toISOString()).toBe('2026-03-29T02:00:00.000Z');
    expect(instantAt('2026-03-28', '23:59', LONDON).toISOString()).toBe('2026-03-28T23:59:00.000Z');
    expect(instantAt('2026-03-30', '00:00', LONDON).toISOString()).toBe('2026-03-29T23:00:00.000Z');
    // Just after midnight BST the UTC date is still the day before: "today" must be the London date.
    expect(localDateAt(new Date('2026-03-29T23:30:00Z'), LONDON)).toBe('2026-03-30');
    expect(localTimeAt(new Date('2026-03-29T23:30:00Z'), LONDON)).toBe('00:30');
    expect(localDateAt(new Date('2026-03-29T00:59:00Z'), LONDON)).toBe('2026-03-29');
    expect(localTimeAt(new Date('2026-03-29T01:00:00Z'), LONDON)).toBe('02:00');
  });

  test('fall back, Sunday 25 October 2026: 02:00 BST becomes 01:00 GMT', () => {
    expect(instantAt('2026-10-25', '00:30', LONDON).toISOString()).toBe('2026-10-24T23:30:00.000Z');
    expect(instantAt('2026-10-25', '12:00', LONDON).toISOString()).toBe('2026-10-25T12:00:00.000Z');
    expect(instantAt('2026-10-24', '17:00', LONDON).toISOString()).toBe('2026-10-24T16:00:00.000Z');
    expect(localDateAt(new Date('2026-10-24T23:30:00Z'), LONDON)).toBe('2026-10-25');
    expect(localDateAt(new Date('2026-10-25T23:30:00Z'), LONDON)).toBe('2026-10-25');
    // The repeated hour: either reading is 01:xx on the 25th.
    const repeated = instantAt('2026-10-25', '01:30', LONDON);
    expect(localDateAt(repeated, LONDON)).toBe('2026-10-25');
    expect(localTimeAt(repeated, LONDON)).toBe('01:30');
  });

  test('midnight reads as 00:00, not 24:00', () => {
    expect(localTimeAt(new Date('2026-07-01T23:00:00Z'), LONDON)).toBe('00:00');
    expect(localDateAt(new Date('2026-07-01T23:00:00Z'), LONDON)).toBe('2026-07-02');
  });

  test('seconds are honoured', () => {
    expect(instantAt('2026-07-01', '17:00:30', LONDON).toISOString()).toBe('2026-07-01T16:00:30.000Z');
  });

  test('other zones', () => {
    expect(localDateAt(new Date('2026-07-01T23:00:00Z'), 'UTC')).toBe('2026-07-01');
    expect(instantAt('2026-07-01', '09:00', 'Europe/Dublin').toISOString()).toBe('2026-07-01T08:00:00.000Z');
  });
});
