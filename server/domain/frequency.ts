/**
 * How often, and over which dates, a property's service runs: the words residents read
 * ("Every other Tuesday") and the window a bounded service (a garden waste subscription) covers.
 * Pure: plain values in, plain values out.
 */
import { addDays, type LocalDate } from './dates.ts';
import { describeFrequency, periodAt, type SchedulePeriod } from './schedule.ts';

export interface AssignmentWindow {
  round: string;
  from: LocalDate;
  /** Inclusive; null when open-ended. */
  to: LocalDate | null;
  /** A one-off booked collection (bulky waste): described as `words.booked`, never by its round's frequency. */
  booked?: boolean;
}

const covers = (w: { from: LocalDate; to: LocalDate | null }, on: LocalDate) => w.from <= on && (w.to === null || on <= w.to);

/**
 * The assignments that decide how a service is described on `on`: those in force that day,
 * else the next ones to start, else the last ones that ended.
 */
export function assignmentsInFocus<A extends AssignmentWindow>(list: A[], on: LocalDate): A[] {
  const current = list.filter((a) => covers(a, on));
  if (current.length) return current;
  const upcoming = list.filter((a) => a.from > on).sort((a, b) => (a.from < b.from ? -1 : 1));
  if (upcoming.length) return upcoming.filter((a) => a.from === upcoming[0].from);
  const ended = list.filter((a) => a.to !== null && a.to < on).sort((a, b) => (a.to! < b.to! ? 1 : -1));
  return ended.filter((a) => a.to === ended[0].to);
}

/**
 * "Every other Tuesday" for the rounds a property is on for one service on `on`. A property on two
 * rounds of the same service at once (rare: e.g. a second weekly lift) reads "Every Monday and every Thursday".
 * Null when no round has a schedule period at all.
 */
export function describeServiceFrequency(
  assignments: AssignmentWindow[],
  periodsByRound: ReadonlyMap<string, SchedulePeriod[]>,
  on: LocalDate,
  lang: 'en' | 'cy' = 'en',
  words_: { booked: string } = { booked: 'Booked collection' },
): string | null {
  const words: string[] = [];
  for (const a of assignmentsInFocus(assignments, on)) {
    // The round a booking rides on runs every week, but the resident's collection is that one day.
    if (a.booked) {
      if (!words.includes(words_.booked)) words.push(words_.booked);
      continue;
    }
    const periods = periodsByRound.get(a.round) ?? [];
    // Describe the period in force on `on` held within the assignment's window, so a subscription
    // that starts next month reads as it will run and one that ended reads as it last ran.
    const day = a.from > on ? a.from : a.to !== null && a.to < on ? a.to : on;
    const period = periodAt(periods, day);
    if (!period) continue;
    const text = describeFrequency(period, lang);
    if (!words.some((w) => w.toLowerCase() === text.toLowerCase())) words.push(text);
  }
  if (!words.length) return null;
  return words.map((w, i) => (i === 0 ? w : w.charAt(0).toLowerCase() + w.slice(1))).join(lang === 'cy' ? ' a ' : ' and ');
}

export interface ServiceWindow {
  from: LocalDate;
  to: LocalDate | null;
}

/**
 * The dates a property has a service: its assignment windows for that service merged where they
 * overlap or touch (a move from one round to another on consecutive days is one window).
 */
export function mergeWindows(list: ServiceWindow[]): ServiceWindow[] {
  const sorted = [...list].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const out: ServiceWindow[] = [];
  for (const w of sorted) {
    const last = out[out.length - 1];
    if (last && (last.to === null || addDays(last.to, 1) >= w.from)) {
      if (last.to !== null && (w.to === null || w.to > last.to)) last.to = w.to;
    } else {
      out.push({ from: w.from, to: w.to });
    }
  }
  return out;
}

export interface Subscription {
  /** Whether the service runs for this property on `on`. */
  active: boolean;
  from: LocalDate;
  /** Last day covered; null when open-ended. */
  to: LocalDate | null;
}

/**
 * For a service whose window is bounded (it ends, or has not started yet), the window that matters
 * on `on`: the one in force, else the next, else the last one. Undefined for an ordinary service
 * that is in force with no end date (refuse, recycling), so the answer only mentions a window when
 * the resident needs to know about it.
 */
export function subscriptionOn(list: ServiceWindow[], on: LocalDate): Subscription | undefined {
  const windows = mergeWindows(list);
  if (!windows.length) return undefined;
  const window =
    windows.find((w) => covers(w, on)) ?? windows.find((w) => w.from > on) ?? windows[windows.length - 1];
  const active = covers(window, on);
  if (active && window.to === null) return undefined;
  return { active, from: window.from, to: window.to };
}
