/**
 * Schedule engine benchmark (issue 2):
 *  1. occurrences per second, engine vs the `rrule` package producing the same base dates
 *     (weekly and fortnightly rounds over two years), as a ratio (target ≥ 20×), with a bare
 *     day-number loop for scale;
 *  2. a year of collections for every property of the demo council and of a generated
 *     100,000-property council: each round's occurrences computed once, then each property's
 *     assignment windows applied (and, for comparison, property by property).
 */
import { readFileSync } from 'node:fs';
import { RRule } from 'rrule';
import { addDays, dayNumber, fromDayNumber, type LocalDate } from '../../server/domain/dates.ts';
import { holidayCalendar, type HolidayCalendar } from '../../server/domain/holidays.ts';
import {
  applyWindows, compareOccurrences, compileRules, propertyCollections, roundCollections,
  type CompiledRules, type DateWindow, type Occurrence, type RoundPlan, type ScheduleException,
} from '../../server/domain/schedule.ts';
import { demoBundle } from '../../server/seed/demo-bundle.ts';
import { type BenchModule, fmt, measure, measureInterleaved, perSecond, printRows } from './harness.ts';
import { type BenchCouncil, type BenchProperty, generateCouncil } from './generated-council.ts';

const RANGE_FROM = '2026-01-01';
const RANGE_TO = '2027-12-31';
const YEAR_FROM = '2026-01-01';
const YEAR_TO = '2026-12-31';

/** England and Wales bank holidays from the shipped GOV.UK-shaped file. */
function englandAndWales(): HolidayCalendar {
  const url = new URL('../../server/data/bank-holidays.json', import.meta.url);
  const data = JSON.parse(readFileSync(url, 'utf8')) as Record<string, { events: Array<{ date: string; title: string }> }>;
  return holidayCalendar(data['england-and-wales'].events);
}

interface DemoCouncil extends BenchCouncil {
  exceptions: ScheduleException[];
}

/** The demo bundle (server/seed/demo-bundle.ts) as engine inputs. */
function demoCouncil(): DemoCouncil {
  const b = demoBundle();
  const rounds: RoundPlan[] = (b.rounds ?? []).map((r) => ({
    id: r.id, serviceId: r.service,
    periods: r.schedules.map((s) => ({ from: s.from, to: s.to ?? null, anchor: s.anchor, everyWeeks: s.everyWeeks })),
  }));
  const byUprn = new Map<string, BenchProperty>();
  for (const p of b.properties ?? []) byUprn.set(String(p.uprn), { uprn: Number(p.uprn), assignments: [] });
  for (const a of b.assignments ?? []) byUprn.get(String(a.uprn))?.assignments.push({ round: a.round, from: a.from, to: a.to ?? null });
  const exceptions = (b.exceptions ?? []).map((e) => ({
    date: e.date, action: e.action, to: e.to ?? null, rounds: e.rounds ?? [], services: e.services ?? [], reason: typeof e.reason === 'string' ? e.reason : (e.reason.en ?? e.reason.cy ?? ''),
  }));
  return { rounds, properties: [...byUprn.values()], exceptions };
}

// ------------------------------------------------------------------ engine vs rrule

/** Ten weekly and ten fortnightly rounds, Monday–Friday, weeks A and B. */
function sampleRounds(): RoundPlan[] {
  const rounds: RoundPlan[] = [];
  for (let d = 0; d < 5; d++) {
    for (const [half, monday] of [['A', '2026-01-05'], ['B', '2026-01-12']] as const) {
      rounds.push({ id: `REF-${d}-${half}`, serviceId: 'refuse', periods: [{ from: '2025-04-01', to: null, anchor: addDays(monday, d), everyWeeks: 2 }] });
      rounds.push({ id: `FOOD-${d}-${half}`, serviceId: 'food', periods: [{ from: '2025-04-01', to: null, anchor: addDays(monday, d), everyWeeks: 1 }] });
    }
  }
  return rounds;
}

const utcMidnight = (d: LocalDate) => new Date(`${d}T00:00:00Z`);

/**
 * One RRule per period: from its first base date on or after the period's start (or the range's,
 * so rrule does not walk dates before the range), every n weeks, until the period's end.
 */
function rrulesFor(round: RoundPlan, rangeFrom: LocalDate): RRule[] {
  return round.periods.map((p) => {
    const step = 7 * p.everyWeeks;
    const start = p.from > rangeFrom ? p.from : rangeFrom;
    const k = Math.ceil((dayNumber(start) - dayNumber(p.anchor)) / step);
    const first = fromDayNumber(dayNumber(p.anchor) + k * step);
    return new RRule(
      { freq: RRule.WEEKLY, interval: p.everyWeeks, dtstart: utcMidnight(first), until: p.to ? utcMidnight(p.to) : null, tzid: 'UTC' },
      true, // noCache: every call computes, as the engine does
    );
  });
}

/** Short repetitions, many of them: the median shrugs off a garbage collection landing in one. */
const SPEED = { warmup: 5, reps: 21 };

function engineVsRrule(holidays: HolidayCalendar, exceptions: ScheduleException[]): void {
  const rounds = sampleRounds();
  const rules = compileRules({ holidays, rule: 'slip', exceptions });
  const plain = compileRules({ holidays, rule: 'none', exceptions: [] });
  const rrules = rounds.map((r) => rrulesFor(r, RANGE_FROM));
  const lo = utcMidnight(RANGE_FROM);
  const hi = utcMidnight(RANGE_TO);

  // Same base dates? (engine with no rule and no exceptions vs rrule)
  const engineBases = rounds.flatMap((r) => roundCollections(r, plain, RANGE_FROM, RANGE_TO).map((o) => `${r.id} ${o.originalDate}`));
  const rruleBases = rounds.flatMap((r, i) => rrules[i].flatMap((rr) => rr.between(lo, hi, true)).map((d) => `${r.id} ${d.toISOString().slice(0, 10)}`));
  const same = engineBases.length === rruleBases.length && engineBases.every((x, i) => x === rruleBases[i]);

  const ENGINE_PASSES = 100;
  const RRULE_PASSES = 3;
  const hiDay = dayNumber(RANGE_TO);
  const { engine, engineBare, rrule, loop } = measureInterleaved({
    engine: () => {
      let n = 0;
      for (let pass = 0; pass < ENGINE_PASSES; pass++) for (const r of rounds) n += roundCollections(r, rules, RANGE_FROM, RANGE_TO).length;
      return n;
    },
    engineBare: () => {
      let n = 0;
      for (let pass = 0; pass < ENGINE_PASSES; pass++) for (const r of rounds) n += roundCollections(r, plain, RANGE_FROM, RANGE_TO).length;
      return n;
    },
    rrule: () => {
      let n = 0;
      for (let pass = 0; pass < RRULE_PASSES; pass++) for (const list of rrules) for (const rr of list) n += rr.between(lo, hi, true).length;
      return n;
    },
    // The floor: stepping day numbers and formatting each as YYYY-MM-DD, no rules at all.
    loop: () => {
      let n = 0;
      for (let pass = 0; pass < ENGINE_PASSES; pass++) {
        for (const r of rounds) {
          const out: string[] = [];
          const p = r.periods[0];
          const step = 7 * p.everyWeeks;
          const k = Math.ceil((dayNumber(RANGE_FROM) - dayNumber(p.anchor)) / step);
          for (let d = dayNumber(p.anchor) + k * step; d <= hiDay; d += step) out.push(fromDayNumber(d));
          n += out.length;
        }
      }
      return n;
    },
  }, SPEED);

  const engineRate = perSecond(engine);
  const rruleRate = perSecond(rrule);
  console.log(`\nOccurrences: ${rounds.length} rounds (10 weekly, 10 fortnightly), ${RANGE_FROM} to ${RANGE_TO}, ${fmt.count(engine.result / ENGINE_PASSES)} per pass`);
  console.log(`  base dates identical to rrule's: ${same ? 'yes' : 'NO'} (${fmt.count(engineBases.length)} vs ${fmt.count(rruleBases.length)})`);
  printRows([
    ['schedule engine (slip, holidays, exceptions)', `${fmt.rate(engineRate)}   ${fmt.spread(engine)} for ${ENGINE_PASSES} passes`],
    ['schedule engine (rule none, no exceptions)', `${fmt.rate(perSecond(engineBare))}   ${fmt.spread(engineBare)} for ${ENGINE_PASSES} passes`],
    ['rrule (base dates only)', `${fmt.rate(rruleRate)}   ${fmt.spread(rrule)} for ${RRULE_PASSES} passes`],
    ['bare day-number loop (no rules)', `${fmt.rate(perSecond(loop))}   ${fmt.spread(loop)} for ${ENGINE_PASSES} passes`],
    ['RATIO engine / rrule', `${fmt.ratio(engineRate / rruleRate)}   (target ≥ 20×)`],
    ['ratio bare loop / rrule', fmt.ratio(perSecond(loop) / rruleRate)],
  ]);
}

// ------------------------------------------------------------------ a year for every property

interface RoundYear {
  list: Occurrence[];
  /** Earliest and latest base date in `list`: a window covering both keeps the whole list. */
  minBase: LocalDate;
  maxBase: LocalDate;
}

function roundYears(council: BenchCouncil, rules: CompiledRules): Map<string, RoundYear> {
  const out = new Map<string, RoundYear>();
  for (const r of council.rounds) {
    const list = roundCollections(r, rules, YEAR_FROM, YEAR_TO);
    let minBase = '9999-12-31';
    let maxBase = '0000-01-01';
    for (const o of list) {
      if (o.originalDate < minBase) minBase = o.originalDate;
      if (o.originalDate > maxBase) maxBase = o.originalDate;
    }
    out.set(r.id, { list, minBase, maxBase });
  }
  return out;
}

/** One property's collections per round: the round's shared list, or the part its windows cover. */
function propertySlices(p: BenchProperty, years: Map<string, RoundYear>): Occurrence[][] {
  const slices: Occurrence[][] = [];
  const as = p.assignments;
  for (let i = 0; i < as.length; i++) {
    const a = as[i];
    let seen = false;
    for (let j = 0; j < i; j++) if (as[j].round === a.round) seen = true;
    if (seen) continue; // windows of one round are applied together, below
    const y = years.get(a.round);
    if (!y || y.list.length === 0) continue;
    const windows: DateWindow[] = [];
    for (let j = i; j < as.length; j++) if (as[j].round === a.round) windows.push(as[j]);
    const whole = windows.some((w) => w.from <= y.minBase && (w.to === null || w.to >= y.maxBase));
    const slice = whole ? y.list : applyWindows(y.list, windows);
    if (slice.length > 0) slices.push(slice);
  }
  return slices;
}

/** Merges date-sorted slices into one list in `propertyCollections` order. */
function mergeSlices(slices: Occurrence[][]): Occurrence[] {
  let merged = slices.length === 0 ? [] : slices[0];
  for (let s = 1; s < slices.length; s++) {
    const a = merged;
    const b = slices[s];
    const out: Occurrence[] = new Array(a.length + b.length);
    let i = 0, j = 0, k = 0;
    while (i < a.length && j < b.length) out[k++] = compareOccurrences(a[i], b[j]) <= 0 ? a[i++] : b[j++];
    while (i < a.length) out[k++] = a[i++];
    while (j < b.length) out[k++] = b[j++];
    merged = out;
  }
  return merged;
}

function yearForEveryProperty(label: string, council: BenchCouncil, rules: CompiledRules, naiveReps: number): void {
  const roundsById = new Map(council.rounds.map((r) => [r.id, r]));
  const assignmentCount = council.properties.reduce((n, p) => n + p.assignments.length, 0);
  console.log(`\nA year (${YEAR_FROM} to ${YEAR_TO}) for every property: ${label}`);
  console.log(`  ${fmt.count(council.properties.length)} properties, ${fmt.count(council.rounds.length)} rounds, ${fmt.count(assignmentCount)} assignments`);

  // Check: the efficient way gives exactly the per-property answer (on up to 2,000 properties).
  const years = roundYears(council, rules);
  const sample = council.properties.filter((_, i) => i % Math.max(1, Math.floor(council.properties.length / 2000)) === 0);
  const identical = sample.every((p) => {
    const fast = mergeSlices(propertySlices(p, years));
    const slow = propertyCollections(p.assignments, roundsById, rules, YEAR_FROM, YEAR_TO);
    return fast.length === slow.length && fast.every((o, i) => o === slow[i] || JSON.stringify(o) === JSON.stringify(slow[i]));
  });

  const rounds = measure(() => roundYears(council, rules).size, { warmup: 2, reps: 7 });
  const slices = measure(() => {
    const y = roundYears(council, rules);
    let n = 0;
    for (const p of council.properties) for (const s of propertySlices(p, y)) n += s.length;
    return n;
  }, { warmup: 2, reps: 7 });
  const merged = measure(() => {
    const y = roundYears(council, rules);
    let n = 0;
    for (const p of council.properties) n += mergeSlices(propertySlices(p, y)).length;
    return n;
  }, { warmup: 2, reps: 7 });
  const naive = measure(() => {
    let n = 0;
    for (const p of council.properties) n += propertyCollections(p.assignments, roundsById, rules, YEAR_FROM, YEAR_TO).length;
    return n;
  }, { warmup: 1, reps: naiveReps });

  printRows([
    ['collections in the year', `${fmt.count(slices.result)} (${(slices.result / council.properties.length).toFixed(1)} per property)`],
    ['efficient answer identical to per-property', `${identical ? 'yes' : 'NO'} (${fmt.count(sample.length)} properties checked)`],
    ['every round once', fmt.spread(rounds)],
    ['EVERY PROPERTY (rounds once + windows)', `${fmt.spread(slices)}; ${fmt.rate(perSecond(slices))} collections`],
    ['  …merged into one date-ordered list each', `${fmt.spread(merged)}; ${fmt.rate(perSecond(merged))}`],
    ['  …property by property (propertyCollections)', `${fmt.spread(naive)}; ${fmt.rate(perSecond(naive))}`],
  ]);
}

export const scheduleBench: BenchModule = {
  name: 'schedule',
  async run() {
    const holidays = englandAndWales();
    const demo = demoCouncil();
    engineVsRrule(holidays, demo.exceptions);

    const demoRules = compileRules({ holidays, rule: 'slip', exceptions: demo.exceptions });
    yearForEveryProperty('every demo property (server/seed/demo-bundle.ts)', demo, demoRules, 5);

    const big = generateCouncil(100_000);
    // The same Christmas exception table, scoped by service as the demo's is.
    yearForEveryProperty('a generated 100,000-property council', big, demoRules, 3);
  },
};
