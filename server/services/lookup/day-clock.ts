/**
 * What the clock alone changes in a property answer, within one council-local day: the answer's day
 * itself, and the missed-report decisions, which flip at the same-day cut-off (today's collection) and
 * when a report window closes. A cached answer is keyed by the *phase* of the day (how many of those
 * instants have passed), so it is re-derived exactly when the clock crosses one, and the per-request
 * check is a few number comparisons instead of time-zone formatting.
 *
 * The instants are exact on ordinary days (the zone's offset is the same all day, so wall time is
 * UTC plus a constant). On a day whose offset changes (DST) nothing is assumed: the day is checked
 * with `localDateAt` and the phase includes the local minute, which is what `decideReport` reads.
 */
import { addDays, instantAt, localDateAt, localTimeAt, type LocalDate } from '../../domain/dates.ts';
import type { HolidayCalendar } from '../../domain/holidays.ts';
import { reportWindowClosesAt, type ReportSettings } from '../../domain/missed-rules.ts';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export interface DayClock {
  today: LocalDate;
  timezone: string;
  /** [start, end) of the day in epoch ms when the offset is constant all day; absent otherwise. */
  bounds?: { start: number; end: number };
  /** Instants where a decision can flip: the cut-off (constant-offset days only) and window closings. */
  boundaries: number[];
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** The day's [start, end) when wall time is UTC plus one offset throughout it. */
function constantOffsetBounds(today: LocalDate, tz: string): { start: number; end: number } | undefined {
  const start = instantAt(today, '00:00', tz).getTime();
  const end = instantAt(addDays(today, 1), '00:00', tz).getTime();
  if (end - start !== DAY_MS) return undefined;
  const at = (ms: number) => localDateAt(new Date(ms), tz);
  if (at(start) !== today || at(start - 1) === today || at(end - 1) !== today || at(end) === today) return undefined;
  // The offset at noon must match the one at midnight (wall 12:00 is 12 h after wall 00:00).
  if (localTimeAt(new Date(start + DAY_MS / 2), tz) !== '12:00') return undefined;
  return { start, end };
}

/**
 * The clock facts of a plan: `latestDates` are the services' latest collections on or before today
 * (the ones missed-report decisions are about).
 */
export function dayClock(today: LocalDate, settings: ReportSettings, holidays: HolidayCalendar, latestDates: LocalDate[]): DayClock {
  const tz = settings.timezone;
  const bounds = constantOffsetBounds(today, tz);
  const boundaries = new Set<number>();
  for (const d of new Set(latestDates)) {
    if (d > today) continue;
    boundaries.add(reportWindowClosesAt(d, settings, holidays).getTime());
    if (d === today && bounds) {
      // decideReport compares the local "HH:MM" with the cut-off as text: the first minute of the
      // day that compares >= the cut-off is when "not due yet" ends.
      for (let k = 0; k < 1440; k++) {
        if (`${pad2(Math.floor(k / 60))}:${pad2(k % 60)}` >= settings.sameDayCutoff) {
          boundaries.add(bounds.start + k * MINUTE_MS);
          break;
        }
      }
    }
  }
  return { today, timezone: tz, bounds, boundaries: [...boundaries].sort((a, b) => a - b) };
}

/** Whether `now` is still in the clock's council-local day. */
export function isSameDay(dc: DayClock, now: Date): boolean {
  const t = now.getTime();
  if (dc.bounds) return t >= dc.bounds.start && t < dc.bounds.end;
  return localDateAt(now, dc.timezone) === dc.today;
}

/** Equal phases (on the same day), equal clock-dependent decisions. */
export function phaseOf(dc: DayClock, now: Date): string {
  const t = now.getTime();
  let passed = 0;
  while (passed < dc.boundaries.length && dc.boundaries[passed] <= t) passed++;
  return dc.bounds ? String(passed) : `${passed}@${localTimeAt(now, dc.timezone)}`;
}
