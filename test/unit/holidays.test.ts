import { describe, expect, test } from 'bun:test';
import { dayNumber, fromDayNumber } from '../../server/domain/dates.ts';
import { holidayCalendar, isWorkingDay, nthWorkingDayAfter, slip } from '../../server/domain/holidays.ts';

const englandAndWales = holidayCalendar([
  { date: '2026-08-31', title: 'Summer bank holiday' },
  { date: '2027-03-26', title: 'Good Friday' },
  { date: '2027-03-29', title: 'Easter Monday' },
  { date: '2027-12-27', title: 'Christmas Day (substitute day)' },
  { date: '2027-12-28', title: 'Boxing Day (substitute day)' },
  { date: '2028-01-03', title: "New Year's Day (substitute day)" },
]);

const slipped = (date: string) => {
  const s = slip(dayNumber(date), englandAndWales);
  return { date: fromDayNumber(s.day), reason: s.reason };
};

describe('working days', () => {
  test('weekends and bank holidays are not working days', () => {
    expect(isWorkingDay(dayNumber('2026-08-28'), englandAndWales)).toBe(true); // Friday
    expect(isWorkingDay(dayNumber('2026-08-29'), englandAndWales)).toBe(false); // Saturday
    expect(isWorkingDay(dayNumber('2026-08-30'), englandAndWales)).toBe(false); // Sunday
    expect(isWorkingDay(dayNumber('2026-08-31'), englandAndWales)).toBe(false); // bank holiday
    expect(isWorkingDay(dayNumber('2026-09-01'), englandAndWales)).toBe(true);
  });

  test('nth working day after skips weekends and holidays', () => {
    const after = (date: string, n: number) => fromDayNumber(nthWorkingDayAfter(dayNumber(date), n, englandAndWales));
    expect(after('2026-08-27', 1)).toBe('2026-08-28');
    expect(after('2026-08-27', 2)).toBe('2026-09-01'); // over the weekend and the Monday holiday
    expect(after('2027-12-24', 1)).toBe('2027-12-29');
    expect(after('2027-12-31', 1)).toBe('2028-01-04');
  });
});

describe('slip', () => {
  test('a date with no holiday before it in its week stays, with no reason', () => {
    expect(slipped('2026-08-27')).toEqual({ date: '2026-08-27', reason: undefined });
    expect(slipped('2027-03-25')).toEqual({ date: '2027-03-25', reason: undefined });
  });

  test('summer bank holiday week moves a day, Friday to Saturday', () => {
    expect(slipped('2026-08-31')).toEqual({ date: '2026-09-01', reason: 'Summer bank holiday' });
    expect(slipped('2026-09-04')).toEqual({ date: '2026-09-05', reason: 'Summer bank holiday' });
  });

  test('two holidays: the reason is the first holiday of the week', () => {
    expect(slipped('2027-12-27')).toEqual({ date: '2027-12-29', reason: 'Christmas Day (substitute day)' });
    expect(slipped('2027-12-28')).toEqual({ date: '2027-12-30', reason: 'Christmas Day (substitute day)' });
    expect(slipped('2027-12-31')).toEqual({ date: '2028-01-02', reason: 'Christmas Day (substitute day)' });
  });

  test('weekend base dates are in no Monday–Friday week: they only step past a holiday', () => {
    expect(slipped('2026-09-05')).toEqual({ date: '2026-09-05', reason: undefined });
    const withSaturdayHoliday = holidayCalendar([
      { date: '2026-08-31', title: 'Summer bank holiday' },
      { date: '2026-09-05', title: 'Hypothetical Saturday holiday' },
    ]);
    const s = slip(dayNumber('2026-09-05'), withSaturdayHoliday);
    expect(fromDayNumber(s.day)).toBe('2026-09-06');
    expect(s.reason).toBe('Hypothetical Saturday holiday');
  });

  test('holidayCalendar keeps the last title given for a date', () => {
    const cal = holidayCalendar([
      { date: '2026-08-31', title: 'Old title' },
      { date: '2026-08-31', title: 'Summer bank holiday' },
    ]);
    expect(cal.byDay.size).toBe(1);
    expect(cal.byDay.get(dayNumber('2026-08-31'))).toBe('Summer bank holiday');
  });
});
