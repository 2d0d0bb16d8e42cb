/**
 * The schedule engine (DESIGN.md "Schedule semantics"). Pure: plain values in, plain values out.
 * Internally dates are day numbers so the hot loop is integer arithmetic.
 */
import { dayNumber, fromDayNumber, isoWeekday, type LocalDate, WEEKDAY_NAMES } from './dates.ts';
import { type HolidayCalendar, slip } from './holidays.ts';

/** One effective-dated period of a round: base dates anchor + 7·everyWeeks·k with from ≤ d ≤ to. */
export interface SchedulePeriod {
  from: LocalDate;
  /** Inclusive; null for open-ended. */
  to: LocalDate | null;
  anchor: LocalDate;
  /** 1 weekly, 2 fortnightly, 3 or 4. */
  everyWeeks: number;
}

export interface RoundPlan {
  id: string;
  serviceId: string;
  periods: SchedulePeriod[];
}

export interface ScheduleException {
  /** The base date this exception replaces. */
  date: LocalDate;
  action: 'move' | 'cancel';
  /** For `move`: the new date. */
  to?: LocalDate | null;
  /** Scope: council-wide when both lists are empty. */
  rounds: string[];
  services: string[];
  reason: string;
}

export type BankHolidayRule = 'slip' | 'none';

export interface ScheduleRules {
  holidays: HolidayCalendar;
  rule: BankHolidayRule;
  exceptions: ScheduleException[];
}

/** One collection of one round (before property assignment windows are applied). */
export interface Occurrence {
  round: string;
  service: string;
  /** The date the bin goes out; null when cancelled. */
  date: LocalDate | null;
  /** The base date from the round's pattern. */
  originalDate: LocalDate;
  changed: boolean;
  cancelled: boolean;
  reason?: string;
}

/** A compiled rule set: exceptions indexed by base day. Build once per council, reuse for every round. */
export interface CompiledRules {
  holidays: HolidayCalendar;
  rule: BankHolidayRule;
  exceptionsByDay: Map<number, ScheduleException[]>;
  /** Move exceptions sorted by target day, to find collections moved into a range from far outside it. */
  movesByTarget: Array<{ target: number; base: number }>;
  /**
   * Under `slip`, the moved base days only (day -> where it goes and why). A day absent from
   * the map stays put, so the hot loop does one lookup instead of walking the week.
   */
  slipped: Map<number, { day: number; reason?: string }>;
  /** The furthest any base day slips (0 under `none`): how far before a range to look for base dates. */
  slipReach: number;
}

export function compileRules(rules: ScheduleRules): CompiledRules {
  const exceptionsByDay = new Map<number, ScheduleException[]>();
  const movesByTarget: CompiledRules['movesByTarget'] = [];
  for (const e of rules.exceptions) {
    const base = dayNumber(e.date);
    const list = exceptionsByDay.get(base);
    if (list) list.push(e);
    else exceptionsByDay.set(base, [e]);
    if (e.action === 'move' && e.to) movesByTarget.push({ target: dayNumber(e.to), base });
  }
  movesByTarget.sort((a, b) => a.target - b.target || a.base - b.base);

  // slip(d) moves d only when a holiday falls in d's Monday–Friday week on or before d, or on d
  // itself: so only days h..h+6 after some holiday h can move.
  const slipped = new Map<number, { day: number; reason?: string }>();
  let slipReach = 0;
  if (rules.rule === 'slip') {
    for (const h of rules.holidays.byDay.keys()) {
      for (let d = h; d <= h + 6; d++) {
        if (slipped.has(d)) continue;
        const s = slip(d, rules.holidays);
        if (s.day === d) continue;
        slipped.set(d, s);
        if (s.day - d > slipReach) slipReach = s.day - d;
      }
    }
  }
  return { holidays: rules.holidays, rule: rules.rule, exceptionsByDay, movesByTarget, slipped, slipReach };
}

const covers = (e: ScheduleException, round: RoundPlan) =>
  (e.rounds.length === 0 && e.services.length === 0) || e.rounds.includes(round.id) || e.services.includes(round.serviceId);

interface CompiledPeriod {
  from: number;
  to: number;
  anchor: number;
  step: number;
}

const compilePeriod = (p: SchedulePeriod): CompiledPeriod => ({
  from: dayNumber(p.from),
  to: p.to ? dayNumber(p.to) : Number.POSITIVE_INFINITY,
  anchor: dayNumber(p.anchor),
  step: 7 * p.everyWeeks,
});

function pushBaseDays(p: CompiledPeriod, lo: number, hi: number, out: number[]): void {
  const start = lo > p.from ? lo : p.from;
  const end = hi < p.to ? hi : p.to;
  if (start > end) return;
  const k = Math.ceil((start - p.anchor) / p.step);
  for (let d = p.anchor + k * p.step; d <= end; d += p.step) out.push(d);
}

/** Base day numbers of one period within [lo, hi], ascending. */
export function baseDays(period: SchedulePeriod, lo: number, hi: number, out: number[] = []): number[] {
  pushBaseDays(compilePeriod(period), lo, hi, out);
  return out;
}

function isBaseDay(periods: CompiledPeriod[], day: number): boolean {
  for (const p of periods) {
    if (day >= p.from && day <= p.to && (((day - p.anchor) % p.step) + p.step) % p.step === 0) return true;
  }
  return false;
}

/** The exception that decides `base` for `round`, if any (the first in the list that covers it). */
function decidingException(round: RoundPlan, base: number, rules: CompiledRules): ScheduleException | undefined {
  const list = rules.exceptionsByDay.get(base);
  if (list) for (const e of list) if (covers(e, round)) return e;
  return undefined;
}

const fromException = (round: RoundPlan, e: ScheduleException, originalDate: LocalDate): Occurrence => {
  if (e.action === 'cancel') {
    return { round: round.id, service: round.serviceId, date: null, originalDate, changed: true, cancelled: true, reason: e.reason };
  }
  const date = e.to ?? originalDate;
  return { round: round.id, service: round.serviceId, date, originalDate, changed: date !== originalDate, cancelled: false, reason: e.reason };
};

export interface DateWindow {
  from: LocalDate;
  /** Inclusive; null for open-ended. */
  to: LocalDate | null;
}

export interface RangeOptions {
  /** Include cancelled collections (matched on their base date), for change feeds. */
  includeCancelled?: boolean;
  /** Only base dates within these windows count (a property's assignment windows). */
  windows?: DateWindow[];
}

/** Base dates compare as strings: `YYYY-MM-DD` sorts like the dates. */
const inWindows = (date: LocalDate, windows: DateWindow[]): boolean => {
  for (const w of windows) if (date >= w.from && (w.to === null || date <= w.to)) return true;
  return false;
};

const inDayWindows = (day: number, windows: Array<{ from: number; to: number }>): boolean => {
  for (const w of windows) if (day >= w.from && day <= w.to) return true;
  return false;
};

/**
 * A round's collections whose (adjusted) date is within [from, to], sorted by date.
 * Cancelled ones are included, when asked, if their base date is within [from, to].
 */
export function roundCollections(
  round: RoundPlan,
  rules: CompiledRules,
  from: LocalDate,
  to: LocalDate,
  options: RangeOptions = {},
): Occurrence[] {
  const lo = dayNumber(from);
  const hi = dayNumber(to);
  const out: Occurrence[] = [];
  if (lo > hi || round.periods.length === 0) return out;
  const windows = options.windows?.map((w) => ({ from: dayNumber(w.from), to: w.to ? dayNumber(w.to) : Number.POSITIVE_INFINITY }));
  const includeCancelled = options.includeCancelled === true;

  // Base days that can land in [lo, hi]: those in [lo - reach, hi] (slip only moves forward,
  // by at most slipReach), plus those an exception moves into the range from anywhere.
  const first = lo - rules.slipReach;
  const periods: CompiledPeriod[] = [];
  const candidates: number[] = [];
  for (const p of round.periods) {
    const cp = compilePeriod(p);
    periods.push(cp);
    pushBaseDays(cp, first, hi, candidates);
  }
  if (periods.length > 1) {
    // Periods may overlap or come in any order: sort and drop duplicates.
    candidates.sort((a, b) => a - b);
    let n = 0;
    for (let i = 0; i < candidates.length; i++) if (i === 0 || candidates[i] !== candidates[n - 1]) candidates[n++] = candidates[i];
    candidates.length = n;
  }
  const moves = rules.movesByTarget;
  if (moves.length > 0) {
    for (let i = lowerBound(moves, lo); i < moves.length && moves[i].target <= hi; i++) {
      const base = moves[i].base;
      if ((base < first || base > hi) && isBaseDay(periods, base) && !candidates.includes(base)) candidates.push(base);
    }
  }

  // Hot loop: integers until a collection is known to be in range, then one object per collection.
  const hasExceptions = rules.exceptionsByDay.size > 0;
  const slipped = rules.slipped.size > 0 ? rules.slipped : undefined;
  let sorted = true;
  let lastDay = Number.NEGATIVE_INFINITY;
  for (const base of candidates) {
    if (windows && !inDayWindows(base, windows)) continue;
    const e = hasExceptions ? decidingException(round, base, rules) : undefined;
    let o: Occurrence;
    let day: number;
    if (e) {
      if (e.action === 'cancel') {
        if (!includeCancelled || base < lo || base > hi) continue;
        day = base;
      } else {
        day = e.to ? dayNumber(e.to) : base;
        if (day < lo || day > hi) continue;
      }
      o = fromException(round, e, fromDayNumber(base));
    } else {
      const s = slipped?.get(base);
      day = s ? s.day : base;
      if (day < lo || day > hi) continue;
      o = s
        ? { round: round.id, service: round.serviceId, date: fromDayNumber(day), originalDate: fromDayNumber(base), changed: true, cancelled: false, reason: s.reason }
        : { round: round.id, service: round.serviceId, date: fromDayNumber(base), originalDate: fromDayNumber(base), changed: false, cancelled: false };
    }
    // Same round and service throughout, so order is by date; equal dates (an exception moved
    // onto another collection's date) keep the order compareOccurrences gives them, i.e. any.
    if (day < lastDay) sorted = false;
    lastDay = day;
    out.push(o);
  }
  return sorted ? out : out.sort(compareOccurrences);
}

/** Index of the first move whose target is >= day. */
function lowerBound(moves: CompiledRules['movesByTarget'], day: number): number {
  let a = 0;
  let b = moves.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (moves[m].target < day) a = m + 1;
    else b = m;
  }
  return a;
}

/**
 * Keeps the occurrences whose base date is within the windows: the same answer as passing
 * `windows` to `roundCollections`, for when one round's occurrences are computed once and
 * shared by every property on it.
 */
export function applyWindows(occurrences: Occurrence[], windows: DateWindow[]): Occurrence[] {
  return occurrences.filter((o) => inWindows(o.originalDate, windows));
}

export function compareOccurrences(a: Occurrence, b: Occurrence): number {
  const da = a.date ?? a.originalDate;
  const db = b.date ?? b.originalDate;
  if (da !== db) return da < db ? -1 : 1;
  if (a.service !== b.service) return a.service < b.service ? -1 : 1;
  return a.round < b.round ? -1 : a.round > b.round ? 1 : 0;
}

export interface PropertyAssignment {
  round: string;
  from: LocalDate;
  to: LocalDate | null;
  /** A one-off collection a resident booked (bulky waste), not a regular round: frequency.ts. */
  booked?: boolean;
}

/**
 * A property's collections in [from, to]: for each round it is assigned to, base dates within the
 * assignment windows, adjusted; sorted by date then service.
 */
export function propertyCollections(
  assignments: PropertyAssignment[],
  roundsById: ReadonlyMap<string, RoundPlan>,
  rules: CompiledRules,
  from: LocalDate,
  to: LocalDate,
  options: Omit<RangeOptions, 'windows'> = {},
): Occurrence[] {
  const windowsByRound = new Map<string, DateWindow[]>();
  for (const a of assignments) {
    const list = windowsByRound.get(a.round);
    if (list) list.push({ from: a.from, to: a.to });
    else windowsByRound.set(a.round, [{ from: a.from, to: a.to }]);
  }
  const out: Occurrence[] = [];
  for (const [roundId, windows] of windowsByRound) {
    const round = roundsById.get(roundId);
    if (!round) continue;
    out.push(...roundCollections(round, rules, from, to, { ...options, windows }));
  }
  return out.sort(compareOccurrences);
}

/** The period in force on `on`, or the next one to start, or the last one. */
export function periodAt(periods: SchedulePeriod[], on: LocalDate): SchedulePeriod | undefined {
  const sorted = [...periods].sort((a, b) => (a.from < b.from ? -1 : 1));
  return (
    sorted.find((p) => p.from <= on && (!p.to || on <= p.to)) ??
    sorted.find((p) => p.from > on) ??
    sorted[sorted.length - 1]
  );
}

const EVERY = ['Every', 'Every other', 'Every third', 'Every fourth'];
const WEEKDAY_CY = ['Llun', 'Mawrth', 'Mercher', 'Iau', 'Gwener', 'Sadwrn', 'Sul'];
/** Welsh: "dydd" mutates to "ddydd" after "yn ail" and "ar"; it does not after "bob". */
const EVERY_CY = ['Bob dydd', 'Bob yn ail ddydd', 'Bob tair wythnos ar ddydd', 'Bob pedair wythnos ar ddydd'];

/** "Every other Tuesday" for a fortnightly Tuesday round; "Bob yn ail ddydd Mawrth" in Welsh. */
export function describeFrequency(period: SchedulePeriod, lang: 'en' | 'cy' = 'en'): string {
  const day = isoWeekday(period.anchor) - 1;
  if (lang === 'cy') return `${EVERY_CY[period.everyWeeks - 1] ?? `Bob ${period.everyWeeks} wythnos ar ddydd`} ${WEEKDAY_CY[day]}`;
  const prefix = EVERY[period.everyWeeks - 1] ?? `Every ${period.everyWeeks} weeks on a`;
  return `${prefix} ${WEEKDAY_NAMES[day]}`;
}
