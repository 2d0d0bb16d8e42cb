import { describe, expect, test } from 'bun:test';
import { addDays } from '../../server/domain/dates.ts';
import { holidayCalendar } from '../../server/domain/holidays.ts';
import {
  applyWindows, baseDays, compileRules, describeFrequency, periodAt, propertyCollections, roundCollections,
  type BankHolidayRule, type Occurrence, type RoundPlan, type ScheduleException, type SchedulePeriod,
} from '../../server/domain/schedule.ts';
import { dayNumber, fromDayNumber } from '../../server/domain/dates.ts';

const englandAndWales = holidayCalendar([
  { date: '2026-08-31', title: 'Summer bank holiday' },
  { date: '2026-12-25', title: 'Christmas Day' },
  { date: '2026-12-28', title: 'Boxing Day (substitute day)' },
  { date: '2027-01-01', title: "New Year's Day" },
  { date: '2027-03-26', title: 'Good Friday' },
  { date: '2027-03-29', title: 'Easter Monday' },
  { date: '2027-12-27', title: 'Christmas Day (substitute day)' },
  { date: '2027-12-28', title: 'Boxing Day (substitute day)' },
  { date: '2028-01-03', title: "New Year's Day (substitute day)" },
]);

const scotland = holidayCalendar([
  { date: '2026-08-03', title: 'Summer bank holiday' },
  { date: '2026-11-30', title: "St Andrew's Day" },
  { date: '2026-12-25', title: 'Christmas Day' },
]);

const weekly = (anchor: string, from = '2026-01-01', to: string | null = null): SchedulePeriod => ({ from, to, anchor, everyWeeks: 1 });

const round = (id: string, periods: SchedulePeriod[], serviceId = 'refuse'): RoundPlan => ({ id, serviceId, periods });

const rules = (opts: { holidays?: typeof englandAndWales; rule?: BankHolidayRule; exceptions?: ScheduleException[] } = {}) =>
  compileRules({ holidays: opts.holidays ?? englandAndWales, rule: opts.rule ?? 'slip', exceptions: opts.exceptions ?? [] });

/** A weekly round for each weekday of the week containing `monday`. */
const weekdayRounds = (monday: string) =>
  ['MON', 'TUE', 'WED', 'THU', 'FRI'].map((id, i) => round(id, [weekly(addDays(monday, i))]));

/** base date -> collection date for the week's weekday rounds. */
function moves(monday: string, compiled = rules()) {
  const out: Record<string, string | null> = {};
  for (const r of weekdayRounds(monday)) {
    for (const o of roundCollections(r, compiled, addDays(monday, -7), addDays(monday, 21))) {
      if (o.originalDate >= monday && o.originalDate <= addDays(monday, 4)) out[o.originalDate] = o.date;
    }
  }
  return out;
}

const dates = (list: Occurrence[]) => list.map((o) => o.date);

describe('DESIGN.md worked examples (England and Wales, slip)', () => {
  test('summer bank holiday 2026: Monday 31 Aug to Tuesday 1 Sep … Friday 4 Sep to Saturday 5 Sep', () => {
    expect(moves('2026-08-31')).toEqual({
      '2026-08-31': '2026-09-01',
      '2026-09-01': '2026-09-02',
      '2026-09-02': '2026-09-03',
      '2026-09-03': '2026-09-04',
      '2026-09-04': '2026-09-05',
    });
    // The week before is untouched.
    expect(moves('2026-08-24')).toEqual({
      '2026-08-24': '2026-08-24',
      '2026-08-25': '2026-08-25',
      '2026-08-26': '2026-08-26',
      '2026-08-27': '2026-08-27',
      '2026-08-28': '2026-08-28',
    });
  });

  test('summer bank holiday 2026: changed collections keep originalDate and give the holiday as reason', () => {
    const thursday = round('THU', [weekly('2026-01-01')]);
    const list = roundCollections(thursday, rules(), '2026-08-27', '2026-09-10');
    expect(list).toEqual([
      { round: 'THU', service: 'refuse', date: '2026-08-27', originalDate: '2026-08-27', changed: false, cancelled: false },
      { round: 'THU', service: 'refuse', date: '2026-09-04', originalDate: '2026-09-03', changed: true, cancelled: false, reason: 'Summer bank holiday' },
      { round: 'THU', service: 'refuse', date: '2026-09-10', originalDate: '2026-09-10', changed: false, cancelled: false },
    ]);
  });

  test('Easter 2027: Good Friday to Saturday, Monday–Thursday untouched; Easter Monday week moves a day', () => {
    expect(moves('2027-03-22')).toEqual({
      '2027-03-22': '2027-03-22',
      '2027-03-23': '2027-03-23',
      '2027-03-24': '2027-03-24',
      '2027-03-25': '2027-03-25',
      '2027-03-26': '2027-03-27',
    });
    expect(moves('2027-03-29')).toEqual({
      '2027-03-29': '2027-03-30',
      '2027-03-30': '2027-03-31',
      '2027-03-31': '2027-04-01',
      '2027-04-01': '2027-04-02',
      '2027-04-02': '2027-04-03',
    });
    const goodFriday = roundCollections(round('FRI', [weekly('2027-01-01')]), rules(), '2027-03-27', '2027-03-27');
    expect(goodFriday[0]).toMatchObject({ originalDate: '2027-03-26', date: '2027-03-27', reason: 'Good Friday' });
  });

  test('Christmas 2027: two holidays in one week', () => {
    expect(moves('2027-12-27')).toEqual({
      '2027-12-27': '2027-12-29', // one holiday on or before it, lands on the second, so on again
      '2027-12-28': '2027-12-30',
      '2027-12-29': '2027-12-31',
      '2027-12-30': '2028-01-01',
      '2027-12-31': '2028-01-02',
    });
    const monday = roundCollections(round('MON', [weekly('2027-01-04')]), rules(), '2027-12-20', '2028-01-10');
    expect(monday.map((o) => [o.originalDate, o.date, o.reason])).toEqual([
      ['2027-12-20', '2027-12-20', undefined],
      ['2027-12-27', '2027-12-29', 'Christmas Day (substitute day)'],
      ['2028-01-03', '2028-01-04', "New Year's Day (substitute day)"],
      ['2028-01-10', '2028-01-10', undefined],
    ]);
  });

  test("St Andrew's Day, Monday 30 Nov 2026: a Scottish council's week moves, an English council's stays", () => {
    expect(moves('2026-11-30', rules({ holidays: scotland }))).toEqual({
      '2026-11-30': '2026-12-01',
      '2026-12-01': '2026-12-02',
      '2026-12-02': '2026-12-03',
      '2026-12-03': '2026-12-04',
      '2026-12-04': '2026-12-05',
    });
    const scottish = roundCollections(round('WED', [weekly('2026-01-07')]), rules({ holidays: scotland }), '2026-12-02', '2026-12-03');
    expect(scottish).toEqual([
      { round: 'WED', service: 'refuse', date: '2026-12-03', originalDate: '2026-12-02', changed: true, cancelled: false, reason: "St Andrew's Day" },
    ]);
    expect(moves('2026-11-30', rules({ holidays: englandAndWales }))).toEqual({
      '2026-11-30': '2026-11-30',
      '2026-12-01': '2026-12-01',
      '2026-12-02': '2026-12-02',
      '2026-12-03': '2026-12-03',
      '2026-12-04': '2026-12-04',
    });
  });
});

describe('bank holiday rule none', () => {
  test('nothing moves, nothing is marked changed', () => {
    const list = roundCollections(round('MON', [weekly('2026-01-05')]), rules({ rule: 'none' }), '2026-08-24', '2026-09-07');
    expect(list.map((o) => [o.date, o.changed])).toEqual([
      ['2026-08-24', false],
      ['2026-08-31', false],
      ['2026-09-07', false],
    ]);
    expect(list.every((o) => o.reason === undefined)).toBe(true);
  });

  test('exceptions still apply under none', () => {
    const compiled = rules({
      rule: 'none',
      exceptions: [{ date: '2026-08-31', action: 'move', to: '2026-09-01', rounds: [], services: [], reason: 'Bank holiday' }],
    });
    const list = roundCollections(round('MON', [weekly('2026-01-05')]), compiled, '2026-08-31', '2026-09-01');
    expect(list).toEqual([
      { round: 'MON', service: 'refuse', date: '2026-09-01', originalDate: '2026-08-31', changed: true, cancelled: false, reason: 'Bank holiday' },
    ]);
  });
});

describe('periods', () => {
  test('every_weeks 1–4 from the same anchor, including dates before the anchor', () => {
    const none = rules({ rule: 'none' });
    const expected: Record<number, string[]> = {
      1: ['2025-12-09', '2025-12-16', '2025-12-23', '2025-12-30', '2026-01-06', '2026-01-13', '2026-01-20', '2026-01-27', '2026-02-03'],
      2: ['2025-12-09', '2025-12-23', '2026-01-06', '2026-01-20', '2026-02-03'],
      3: ['2025-12-16', '2026-01-06', '2026-01-27'],
      4: ['2025-12-09', '2026-01-06', '2026-02-03'],
    };
    for (const everyWeeks of [1, 2, 3, 4]) {
      const r = round('TUE', [{ from: '2025-01-01', to: null, anchor: '2026-01-06', everyWeeks }]);
      expect(dates(roundCollections(r, none, '2025-12-08', '2026-02-08'))).toEqual(expected[everyWeeks]);
    }
  });

  test('from and to are inclusive bounds on base dates', () => {
    const r = round('TUE', [{ from: '2026-01-06', to: '2026-01-20', anchor: '2026-01-06', everyWeeks: 1 }]);
    expect(dates(roundCollections(r, rules(), '2025-12-01', '2026-03-01'))).toEqual(['2026-01-06', '2026-01-13', '2026-01-20']);
  });

  test('a change from fortnightly to weekly mid-year', () => {
    const r = round('TUE', [
      { from: '2026-01-01', to: '2026-06-30', anchor: '2026-01-06', everyWeeks: 2 },
      { from: '2026-07-01', to: null, anchor: '2026-07-07', everyWeeks: 1 },
    ]);
    expect(dates(roundCollections(r, rules(), '2026-06-01', '2026-07-31'))).toEqual([
      '2026-06-09', '2026-06-23', '2026-07-07', '2026-07-14', '2026-07-21', '2026-07-28',
    ]);
  });

  test('a change of collection day: Monday to Thursday from September', () => {
    const r = round('R1', [
      { from: '2026-01-01', to: '2026-08-31', anchor: '2026-01-05', everyWeeks: 1 },
      { from: '2026-09-01', to: null, anchor: '2026-09-03', everyWeeks: 1 },
    ]);
    // Monday 31 Aug is a bank holiday: the last Monday collection slips to Tuesday 1 Sep;
    // the first Thursday slips to Friday 4 Sep.
    expect(roundCollections(r, rules(), '2026-08-24', '2026-09-11').map((o) => [o.originalDate, o.date])).toEqual([
      ['2026-08-24', '2026-08-24'],
      ['2026-08-31', '2026-09-01'],
      ['2026-09-03', '2026-09-04'],
      ['2026-09-10', '2026-09-10'],
    ]);
  });

  test('overlapping periods yield the union of their base dates, each date once', () => {
    const r = round('R1', [
      { from: '2026-01-01', to: null, anchor: '2026-01-06', everyWeeks: 2 },
      { from: '2026-01-01', to: null, anchor: '2026-01-06', everyWeeks: 1 },
    ]);
    expect(dates(roundCollections(r, rules(), '2026-01-01', '2026-01-31'))).toEqual(['2026-01-06', '2026-01-13', '2026-01-20', '2026-01-27']);
  });

  test('baseDays returns ascending base day numbers in range', () => {
    const p = { from: '2026-01-01', to: null, anchor: '2026-01-06', everyWeeks: 2 };
    expect(baseDays(p, dayNumber('2026-01-01'), dayNumber('2026-02-28')).map(fromDayNumber)).toEqual([
      '2026-01-06', '2026-01-20', '2026-02-03', '2026-02-17',
    ]);
  });

  test('periodAt: the period in force, else the next to start, else the last', () => {
    const a = { from: '2026-01-01', to: '2026-06-30', anchor: '2026-01-06', everyWeeks: 2 };
    const b = { from: '2026-07-01', to: null, anchor: '2026-07-07', everyWeeks: 1 };
    expect(periodAt([b, a], '2026-03-01')).toBe(a);
    expect(periodAt([b, a], '2026-07-01')).toBe(b);
    expect(periodAt([b, a], '2025-06-01')).toBe(a);
    const ended = { from: '2026-01-01', to: '2026-03-31', anchor: '2026-01-06', everyWeeks: 2 };
    expect(periodAt([ended], '2027-01-01')).toBe(ended);
    expect(periodAt([], '2027-01-01')).toBeUndefined();
  });
});

describe('describeFrequency', () => {
  test('words for every_weeks 1–4', () => {
    const on = (everyWeeks: number, anchor = '2026-01-06') => describeFrequency({ from: '2026-01-01', to: null, anchor, everyWeeks });
    expect(on(1)).toBe('Every Tuesday');
    expect(on(2)).toBe('Every other Tuesday');
    expect(on(3)).toBe('Every third Tuesday');
    expect(on(4)).toBe('Every fourth Tuesday');
    expect(on(2, '2026-01-09')).toBe('Every other Friday');
  });
});

describe('assignment windows', () => {
  const garden = round('GDN-WED', [{ from: '2026-01-01', to: null, anchor: '2026-01-07', everyWeeks: 2 }], 'garden');
  const refuse = round('REF-MON', [{ from: '2026-01-01', to: null, anchor: '2026-01-05', everyWeeks: 2 }], 'refuse');
  const roundsById = new Map([garden, refuse].map((r) => [r.id, r]));

  test('a property only gets a round’s base dates within its assignment from/to (inclusive)', () => {
    const list = propertyCollections(
      [
        { round: 'REF-MON', from: '2026-01-01', to: null },
        { round: 'GDN-WED', from: '2026-03-04', to: '2026-04-01' },
      ],
      roundsById, rules(), '2026-02-20', '2026-04-20',
    );
    expect(list.map((o) => [o.date, o.service])).toEqual([
      ['2026-03-02', 'refuse'],
      ['2026-03-04', 'garden'],
      ['2026-03-16', 'refuse'],
      ['2026-03-18', 'garden'],
      ['2026-03-30', 'refuse'],
      ['2026-04-01', 'garden'],
      ['2026-04-13', 'refuse'],
    ]);
  });

  test('the window applies to base dates: a collection slipped past the window end still counts', () => {
    const monday = round('MON', [weekly('2026-01-05')]);
    const list = propertyCollections([{ round: 'MON', from: '2026-08-01', to: '2026-08-31' }], new Map([['MON', monday]]), rules(), '2026-08-25', '2026-09-10');
    expect(list.map((o) => [o.originalDate, o.date])).toEqual([['2026-08-31', '2026-09-01']]);
  });

  test('two windows on the same round (a lapsed then renewed subscription)', () => {
    const list = propertyCollections(
      [
        { round: 'GDN-WED', from: '2026-01-01', to: '2026-01-31' },
        { round: 'GDN-WED', from: '2026-03-01', to: null },
      ],
      roundsById, rules(), '2026-01-01', '2026-03-31',
    );
    expect(dates(list)).toEqual(['2026-01-07', '2026-01-21', '2026-03-04', '2026-03-18']);
  });

  test('an assignment to an unknown round yields nothing', () => {
    expect(propertyCollections([{ round: 'NOPE', from: '2026-01-01', to: null }], roundsById, rules(), '2026-01-01', '2026-12-31')).toEqual([]);
  });

  test('applyWindows on a round computed once equals the per-property answer', () => {
    const windows = [{ from: '2026-03-04', to: '2026-04-01' }];
    const once = roundCollections(garden, rules(), '2026-01-01', '2026-12-31');
    expect(applyWindows(once, windows)).toEqual(roundCollections(garden, rules(), '2026-01-01', '2026-12-31', { windows }));
  });
});

describe('exceptions', () => {
  const mon = round('REF-MON', [weekly('2026-01-05')], 'refuse');
  const monRecycling = round('REC-MON', [weekly('2026-01-05')], 'recycling');
  const tue = round('REF-TUE', [weekly('2026-01-06')], 'refuse');
  const on = (r: RoundPlan, compiled: ReturnType<typeof rules>, from: string, to = from, includeCancelled = false) =>
    roundCollections(r, compiled, from, to, { includeCancelled });

  test('a council-wide cancel drops every round’s collection on that base date', () => {
    const compiled = rules({ exceptions: [{ date: '2026-12-21', action: 'cancel', rounds: [], services: [], reason: 'Snow' }] });
    expect(on(mon, compiled, '2026-12-07', '2026-12-27').map((o) => o.originalDate)).toEqual(['2026-12-07', '2026-12-14']);
    expect(on(monRecycling, compiled, '2026-12-21')).toEqual([]);
    expect(on(tue, compiled, '2026-12-22')).toHaveLength(1);
  });

  test('includeCancelled shows a cancelled collection on its base date, with the reason', () => {
    const compiled = rules({ exceptions: [{ date: '2026-12-21', action: 'cancel', rounds: [], services: [], reason: 'Snow' }] });
    expect(on(mon, compiled, '2026-12-21', '2026-12-21', true)).toEqual([
      { round: 'REF-MON', service: 'refuse', date: null, originalDate: '2026-12-21', changed: true, cancelled: true, reason: 'Snow' },
    ]);
  });

  test('scoped to rounds: only the listed rounds move', () => {
    const compiled = rules({ exceptions: [{ date: '2026-12-21', action: 'move', to: '2026-12-19', rounds: ['REF-MON'], services: [], reason: 'Christmas catch-up' }] });
    expect(on(mon, compiled, '2026-12-19', '2026-12-21')).toEqual([
      { round: 'REF-MON', service: 'refuse', date: '2026-12-19', originalDate: '2026-12-21', changed: true, cancelled: false, reason: 'Christmas catch-up' },
    ]);
    expect(dates(on(monRecycling, compiled, '2026-12-19', '2026-12-21'))).toEqual(['2026-12-21']);
  });

  test('scoped to services: every round of the service, no other', () => {
    const compiled = rules({ exceptions: [{ date: '2026-12-21', action: 'cancel', rounds: [], services: ['recycling'], reason: 'Depot closed' }] });
    expect(on(monRecycling, compiled, '2026-12-21')).toEqual([]);
    expect(dates(on(mon, compiled, '2026-12-21'))).toEqual(['2026-12-21']);
  });

  test('rounds and services together: either list covers', () => {
    const compiled = rules({ exceptions: [{ date: '2026-12-21', action: 'cancel', rounds: ['REF-MON'], services: ['recycling'], reason: 'x' }] });
    expect(on(mon, compiled, '2026-12-21')).toEqual([]);
    expect(on(monRecycling, compiled, '2026-12-21')).toEqual([]);
  });

  test('exceptions are final: no slip after an exception, even onto a bank holiday', () => {
    const compiled = rules({ exceptions: [{ date: '2026-08-31', action: 'move', to: '2026-08-31', rounds: [], services: [], reason: 'Collecting as normal on the bank holiday' }] });
    expect(on(mon, compiled, '2026-08-31', '2026-09-01')).toEqual([
      { round: 'REF-MON', service: 'refuse', date: '2026-08-31', originalDate: '2026-08-31', changed: false, cancelled: false, reason: 'Collecting as normal on the bank holiday' },
    ]);
    // A move onto another holiday stays there; the Tuesday of the same week still slips.
    const ontoHoliday = rules({ exceptions: [{ date: '2027-12-27', action: 'move', to: '2027-12-28', rounds: ['REF-MON'], services: [], reason: 'Council decision' }] });
    const r = round('REF-MON', [weekly('2027-01-04')], 'refuse');
    expect(on(r, ontoHoliday, '2027-12-27', '2027-12-31')[0]).toMatchObject({ date: '2027-12-28', reason: 'Council decision' });
    expect(on(round('REF-TUE', [weekly('2027-01-05')], 'refuse'), ontoHoliday, '2027-12-28', '2027-12-31')[0]).toMatchObject({ date: '2027-12-30' });
  });

  test('an exception wins over slip: Christmas 2027 published as "one day later" for the whole week', () => {
    const exceptions: ScheduleException[] = ['2027-12-27', '2027-12-28', '2027-12-29', '2027-12-30', '2027-12-31'].map((d) => ({
      date: d, action: 'move', to: addDays(d, 1), rounds: [], services: [], reason: 'Christmas',
    }));
    // Monday 27 Dec and Tuesday 28 are bank holidays, but the council moved them a day only.
    expect(moves('2027-12-27', rules({ exceptions }))).toEqual({
      '2027-12-27': '2027-12-28',
      '2027-12-28': '2027-12-29',
      '2027-12-29': '2027-12-30',
      '2027-12-30': '2027-12-31',
      '2027-12-31': '2028-01-01',
    });
  });

  test('an exception on a date that is not a base date of the round does nothing', () => {
    const compiled = rules({ exceptions: [{ date: '2026-12-22', action: 'move', to: '2026-12-23', rounds: ['REF-MON'], services: [], reason: 'x' }] });
    expect(dates(on(mon, compiled, '2026-12-21', '2026-12-23'))).toEqual(['2026-12-21']);
  });

  test('a move far outside the base window is found from either side', () => {
    const compiled = rules({
      exceptions: [
        { date: '2026-03-02', action: 'move', to: '2026-05-20', rounds: ['REF-MON'], services: [], reason: 'Postponed' },
        { date: '2026-10-05', action: 'move', to: '2026-05-21', rounds: ['REF-MON'], services: [], reason: 'Brought forward' },
      ],
    });
    const may = on(mon, compiled, '2026-05-16', '2026-05-24');
    expect(may.map((o) => [o.originalDate, o.date, o.reason])).toEqual([
      ['2026-05-18', '2026-05-18', undefined],
      ['2026-03-02', '2026-05-20', 'Postponed'],
      ['2026-10-05', '2026-05-21', 'Brought forward'],
    ]);
    // Its base dates' own ranges no longer contain it.
    expect(dates(on(mon, compiled, '2026-03-01', '2026-03-08'))).toEqual([]);
    expect(dates(on(mon, compiled, '2026-10-01', '2026-10-08'))).toEqual([]);
    // And it is found only once in a range holding both base and target.
    expect(on(mon, compiled, '2026-03-01', '2026-05-31').filter((o) => o.originalDate === '2026-03-02')).toHaveLength(1);
  });

  test('a move outside the round’s periods, or outside a property’s window, yields nothing', () => {
    const ended = round('OLD', [{ from: '2026-01-01', to: '2026-02-28', anchor: '2026-01-05', everyWeeks: 1 }]);
    const compiled = rules({ exceptions: [{ date: '2026-03-02', action: 'move', to: '2026-02-27', rounds: [], services: [], reason: 'x' }] });
    expect(dates(roundCollections(ended, compiled, '2026-02-27', '2026-02-27'))).toEqual([]);
    const moved = rules({ exceptions: [{ date: '2026-03-02', action: 'move', to: '2026-05-20', rounds: [], services: [], reason: 'x' }] });
    expect(roundCollections(mon, moved, '2026-05-20', '2026-05-20', { windows: [{ from: '2026-04-01', to: null }] })).toEqual([]);
    expect(roundCollections(mon, moved, '2026-05-20', '2026-05-20', { windows: [{ from: '2026-03-01', to: '2026-03-02' }] })).toHaveLength(1);
  });

  test('the first matching exception in the list decides when several cover a base date', () => {
    const compiled = rules({
      exceptions: [
        { date: '2026-12-21', action: 'move', to: '2026-12-22', rounds: ['REC-MON'], services: [], reason: 'Recycling moved' },
        { date: '2026-12-21', action: 'cancel', rounds: [], services: [], reason: 'Everything else cancelled' },
      ],
    });
    expect(on(monRecycling, compiled, '2026-12-21', '2026-12-22')[0]).toMatchObject({ date: '2026-12-22', reason: 'Recycling moved' });
    expect(on(mon, compiled, '2026-12-21', '2026-12-22', true)[0]).toMatchObject({ cancelled: true, reason: 'Everything else cancelled' });
  });
});

describe('ranges', () => {
  test('a collection slipped into the range from a base date before it is included', () => {
    const fri = round('FRI', [weekly('2026-01-02')]);
    expect(roundCollections(fri, rules(), '2026-09-05', '2026-09-05').map((o) => o.originalDate)).toEqual(['2026-09-04']);
    expect(roundCollections(fri, rules(), '2026-09-04', '2026-09-04')).toEqual([]);
  });

  test('a year-end range: Christmas 2027 to New Year 2028', () => {
    const fri = round('FRI', [weekly('2027-01-01')]);
    expect(roundCollections(fri, rules(), '2027-12-20', '2028-01-09').map((o) => [o.originalDate, o.date])).toEqual([
      ['2027-12-24', '2027-12-24'],
      ['2027-12-31', '2028-01-02'],
      ['2028-01-07', '2028-01-08'],
    ]);
    expect(roundCollections(fri, rules(), '2028-01-01', '2028-01-02').map((o) => o.originalDate)).toEqual(['2027-12-31']);
  });

  test('a slip longer than a week (an extraordinary calendar) is still found from a range after it', () => {
    // A whole week of holidays, then Wednesday to Friday of the next: Friday 4 Sep slips 5 days
    // to Wednesday 9, then steps past Wednesday–Friday to Saturday 12 Sep, 8 days on.
    const closures = holidayCalendar(
      ['2026-08-31', '2026-09-01', '2026-09-02', '2026-09-03', '2026-09-04', '2026-09-09', '2026-09-10', '2026-09-11'].map((date) => ({ date, title: 'Closure' })),
    );
    const fri = round('FRI', [weekly('2026-01-02')]);
    const compiled = rules({ holidays: closures });
    expect(compiled.slipReach).toBeGreaterThanOrEqual(8);
    expect(roundCollections(fri, compiled, '2026-09-12', '2026-09-12').map((o) => [o.originalDate, o.date])).toEqual([['2026-09-04', '2026-09-12']]);
  });

  test('an empty or inverted range yields nothing', () => {
    expect(roundCollections(round('MON', [weekly('2026-01-05')]), rules(), '2026-03-10', '2026-03-01')).toEqual([]);
    expect(roundCollections(round('MON', []), rules(), '2026-01-01', '2026-12-31')).toEqual([]);
  });
});
