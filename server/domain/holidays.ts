import { dayNumber, isoWeekdayOfDay, type LocalDate } from './dates.ts';

export const DIVISIONS = ['england-and-wales', 'scotland', 'northern-ireland'] as const;
export type Division = (typeof DIVISIONS)[number];

/** One division's bank holidays, indexed by day number for the schedule engine's hot loop. */
export interface HolidayCalendar {
  /** day number -> title */
  readonly byDay: ReadonlyMap<number, string>;
}

export function holidayCalendar(list: Iterable<{ date: LocalDate; title: string }>): HolidayCalendar {
  const byDay = new Map<number, string>();
  for (const h of list) byDay.set(dayNumber(h.date), h.title);
  return { byDay };
}

export const emptyHolidays: HolidayCalendar = { byDay: new Map() };

/** Working day: Monday–Friday and not a bank holiday. */
export function isWorkingDay(day: number, holidays: HolidayCalendar): boolean {
  return isoWeekdayOfDay(day) <= 5 && !holidays.byDay.has(day);
}

/** The `n`-th working day after `day` (n ≥ 1), as a day number. */
export function nthWorkingDayAfter(day: number, n: number, holidays: HolidayCalendar): number {
  let d = day;
  let left = n;
  while (left > 0) {
    d++;
    if (isWorkingDay(d, holidays)) left--;
  }
  return d;
}

/**
 * The `slip` rule for one base date: count bank holidays Monday–Friday in the base date's
 * Monday–Friday week, on or before it; move that many days; then step past any bank holiday.
 * Weekend base dates are in no Monday–Friday week, so they only step past a holiday (decision in docs/schedule.md).
 * Returns the adjusted day and the title of the holiday that caused a move (or undefined).
 */
export function slip(day: number, holidays: HolidayCalendar): { day: number; reason?: string } {
  const wd = isoWeekdayOfDay(day);
  let shift = 0;
  let reason: string | undefined;
  if (wd <= 5) {
    for (let d = day - (wd - 1); d <= day; d++) {
      const title = holidays.byDay.get(d);
      if (title !== undefined) {
        shift++;
        reason ??= title;
      }
    }
  }
  let out = day + shift;
  while (holidays.byDay.has(out)) {
    reason ??= holidays.byDay.get(out);
    out++;
  }
  return { day: out, reason };
}
