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
  /** Move exceptions by target day, to find collections moved into a range from far outside it. */
  movesByTarget: Array<{ target: number; base: number }>;
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
  return { holidays: rules.holidays, rule: rules.rule, exceptionsByDay, movesByTarget };
}

const covers = (e: ScheduleException, round: RoundPlan) =>
  (e.rounds.length === 0 && e.services.length === 0) || e.rounds.includes(round.id) || e.services.includes(round.serviceId);

/** How far before a range a base date can be and still land in it under `slip` (shift is under a week). */
const SLIP_LOOKBACK_DAYS = 7;

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

/** Base day numbers of one period within [lo, hi], ascending. */
export function baseDays(period: SchedulePeriod, lo: number, hi: number, out: number[] = []): number[] {
  const p = compilePeriod(period);
  const start = Math.max(lo, p.from);
  const end = Math.min(hi, p.to);
  if (start > end) return out;
  const k = Math.ceil((start - p.anchor) / p.step);
  for (let d = p.anchor + k * p.step; d <= end; d += p.step) out.push(d);
  return out;
}

function isBaseDay(periods: CompiledPeriod[], day: number): boolean {
  for (const p of periods) {
    if (day >= p.from && day <= p.to && (((day - p.anchor) % p.step) + p.step) % p.step === 0) return true;
  }
  return false;
}

/** Applies exceptions then the bank-holiday rule to one base day. */
function adjust(round: RoundPlan, base: number, rules: CompiledRules): Occurrence {
  const originalDate = fromDayNumber(base);
  const exceptions = rules.exceptionsByDay.get(base);
  if (exceptions) {
    for (const e of exceptions) {
      if (!covers(e, round)) continue;
      if (e.action === 'cancel') {
        return { round: round.id, service: round.serviceId, date: null, originalDate, changed: true, cancelled: true, reason: e.reason };
      }
      const date = e.to ?? originalDate;
      return { round: round.id, service: round.serviceId, date, originalDate, changed: date !== originalDate, cancelled: false, reason: e.reason };
    }
  }
  if (rules.rule === 'slip') {
    const s = slip(base, rules.holidays);
    if (s.day !== base) {
      return { round: round.id, service: round.serviceId, date: fromDayNumber(s.day), originalDate, changed: true, cancelled: false, reason: s.reason };
    }
  }
  return { round: round.id, service: round.serviceId, date: originalDate, originalDate, changed: false, cancelled: false };
}

export interface RangeOptions {
  /** Include cancelled collections (matched on their base date), for change feeds. */
  includeCancelled?: boolean;
  /** Only base dates within these windows count (a property's assignment windows). */
  windows?: Array<{ from: LocalDate; to: LocalDate | null }>;
}

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
  const periods = round.periods.map(compilePeriod);
  const windows = options.windows?.map((w) => ({ from: dayNumber(w.from), to: w.to ? dayNumber(w.to) : Number.POSITIVE_INFINITY }));
  const inWindow = (d: number) => !windows || windows.some((w) => d >= w.from && d <= w.to);

  const candidates = new Set<number>();
  for (const p of round.periods) for (const d of baseDays(p, lo - SLIP_LOOKBACK_DAYS, hi)) candidates.add(d);
  for (const m of rules.movesByTarget) {
    if (m.target >= lo && m.target <= hi && !candidates.has(m.base) && isBaseDay(periods, m.base)) candidates.add(m.base);
  }

  const out: Occurrence[] = [];
  for (const base of candidates) {
    if (!inWindow(base)) continue;
    const o = adjust(round, base, rules);
    if (o.cancelled) {
      if (options.includeCancelled && base >= lo && base <= hi) out.push(o);
      continue;
    }
    const d = dayNumber(o.date!);
    if (d >= lo && d <= hi) out.push(o);
  }
  return out.sort(compareOccurrences);
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
  const windowsByRound = new Map<string, Array<{ from: LocalDate; to: LocalDate | null }>>();
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

/** "Every other Tuesday" for a fortnightly Tuesday round. */
export function describeFrequency(period: SchedulePeriod): string {
  const prefix = EVERY[period.everyWeeks - 1] ?? `Every ${period.everyWeeks} weeks on a`;
  return `${prefix} ${WEEKDAY_NAMES[isoWeekday(period.anchor) - 1]}`;
}
