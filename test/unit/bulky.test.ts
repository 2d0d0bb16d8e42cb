import { describe, expect, test } from 'bun:test';
import { addDays, isoWeekday } from '../../server/domain/dates.ts';
import { holidayCalendar } from '../../server/domain/holidays.ts';
import {
  amendDifference, bookableDates, bulkyPrice, cancelRefund, cutoffAt, normaliseItems, workingDaysBefore, type BulkyRoundOn,
} from '../../server/domain/requests/bulky.ts';
import { bulkySchema } from '../../server/domain/requests/config.ts';
import { DomainError } from '../../server/errors.ts';

const config = bulkySchema.parse({
  pricePence: 3000, itemsIncluded: 3, extraItemPence: 1000, maxItems: 6, weekdays: [2, 4], perDay: 8,
  cutoff: { workingDaysBefore: 1, time: '12:00' },
  items: [{ id: 'sofa', name: 'Sofa' }, { id: 'fridge', name: 'Fridge or freezer' }, { id: 'table', name: 'Table' }],
});
const holidays = holidayCalendar([{ date: '2026-08-31', title: 'Summer bank holiday' }, { date: '2026-12-25', title: 'Christmas Day' }]);
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as DomainError).code;
  }
  return 'none';
};

describe('bulky price', () => {
  test('the price covers up to itemsIncluded, by the sum of quantities', () => {
    expect(bulkyPrice(config, [{ id: 'sofa', quantity: 1 }]).pence).toBe(3000);
    expect(bulkyPrice(config, [{ id: 'sofa', quantity: 2 }, { id: 'fridge', quantity: 1 }]).pence).toBe(3000);
  });
  test('each further item costs extraItemPence, up to maxItems', () => {
    expect(bulkyPrice(config, [{ id: 'sofa', quantity: 4 }]).pence).toBe(4000);
    expect(bulkyPrice(config, [{ id: 'sofa', quantity: 3 }, { id: 'table', quantity: 3 }]).pence).toBe(6000);
    expect(code(() => bulkyPrice(config, [{ id: 'sofa', quantity: 4 }, { id: 'table', quantity: 3 }]))).toBe('too_many_items');
  });
  test('unknown items and empty lists are refused; repeats merge in the council order', () => {
    expect(code(() => bulkyPrice(config, [{ id: 'piano', quantity: 1 }]))).toBe('unknown_item');
    expect(code(() => bulkyPrice(config, []))).toBe('invalid_request');
    expect(normaliseItems(config, [{ id: 'table', quantity: 1 }, { id: 'sofa', quantity: 1 }, { id: 'table', quantity: 2 }]))
      .toEqual([{ id: 'sofa', quantity: 1 }, { id: 'table', quantity: 3 }]);
  });
});

describe('bulky cut-off', () => {
  test('working days before skip weekends and bank holidays', () => {
    expect(workingDaysBefore('2026-09-01', 1, holidays)).toBe('2026-08-28'); // Tue after the holiday Monday → Friday
    expect(workingDaysBefore('2026-09-03', 1, holidays)).toBe('2026-09-02');
    expect(workingDaysBefore('2026-09-03', 0, holidays)).toBe('2026-09-03');
    expect(workingDaysBefore('2026-08-31', 0, holidays)).toBe('2026-08-28');
  });
  test('the cut-off is the time, council-local, on that working day', () => {
    expect(cutoffAt(config, '2026-09-03', holidays, 'Europe/London').toISOString()).toBe('2026-09-02T11:00:00.000Z'); // BST
    expect(cutoffAt(config, '2026-12-03', holidays, 'Europe/London').toISOString()).toBe('2026-12-02T12:00:00.000Z'); // GMT
  });
});

describe('bookable dates', () => {
  // Tuesday and Thursday rounds; the week of the Christmas holiday cancels Thursday 24 December and
  // a bank holiday Monday slips the Tuesday round to Wednesday.
  const roundOn: BulkyRoundOn = (date) => {
    if (date === '2026-12-24') return undefined;
    if (date === '2026-09-01') return undefined;
    if (date === '2026-09-02') return { roundId: 'BULKY-TUE', originalDate: '2026-09-01' };
    if (isoWeekday(date) === 2) return { roundId: 'BULKY-TUE', originalDate: date };
    if (isoWeekday(date) === 4) return { roundId: 'BULKY-THU', originalDate: date };
    if (isoWeekday(date) === 5) return { roundId: 'OTHER-FRI', originalDate: date }; // a Friday bulky round not in weekdays
    return undefined;
  };
  const at = (today: string, now: string) =>
    bookableDates(config, { today, now: new Date(now), holidays, timeZone: 'Europe/London', roundOn }).map((d) => d.date);

  test('the next 8 weeks of booking weekdays, only before each cut-off', () => {
    // Monday 7 December 2026 11:00 GMT: Tuesday 8th's cut-off (Monday 12:00) is still open.
    const dates = at('2026-12-07', '2026-12-07T11:00:00Z');
    expect(dates[0]).toBe('2026-12-08');
    expect(dates.includes('2026-12-24')).toBe(false);
    expect(dates.every((d) => [2, 4].includes(isoWeekday(d)))).toBe(true);
    expect(dates.at(-1)! <= addDays('2026-12-07', 56)).toBe(true);
    expect(dates.length).toBe(15); // 16 Tuesdays and Thursdays, less the cancelled Christmas Eve
    expect(at('2026-12-07', '2026-12-07T12:00:00Z')[0]).toBe('2026-12-10');
  });
  test('a collection slipped by a bank holiday is booked on the day it runs', () => {
    const dates = at('2026-08-24', '2026-08-24T08:00:00Z');
    expect(dates.includes('2026-09-01')).toBe(false);
    expect(dates.includes('2026-09-02')).toBe(true);
  });
});

describe('bulky refunds', () => {
  test('before the cut-off the council rule decides; after it cancelling is refused', () => {
    expect(cancelRefund(config, 4000, true)).toBe(4000);
    expect(cancelRefund({ ...config, refund: 'none' }, 4000, true)).toBe(0);
    expect(code(() => cancelRefund(config, 4000, false))).toBe('past_cutoff');
  });
  test('an amendment that costs less refunds the difference; one that costs more is refused', () => {
    expect(amendDifference(4000, 3000)).toEqual({ refundPence: 1000 });
    expect(amendDifference(3000, 3000)).toEqual({ refundPence: 0 });
    expect(code(() => amendDifference(3000, 4000))).toBe('amend_costs_more');
  });
});
