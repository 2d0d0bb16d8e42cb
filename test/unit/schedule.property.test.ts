/**
 * fast-check properties of the schedule engine, with a direct reading of DESIGN.md "Schedule
 * semantics" as the oracle. Runs are bounded (numRuns 200) so the suite stays fast.
 */
import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import {
  addDays, dayNumber, fromDayNumber, instantAt, isoWeekday, localDateAt, localTimeAt, type LocalDate,
} from '../../server/domain/dates.ts';
import { holidayCalendar, type HolidayCalendar } from '../../server/domain/holidays.ts';
import {
  compileRules, roundCollections, type BankHolidayRule, type Occurrence, type RoundPlan, type ScheduleException,
  type SchedulePeriod,
} from '../../server/domain/schedule.ts';

const RUNS = { numRuns: 200 };
const FIRST = dayNumber('2025-06-02'); // a Monday
const LAST = dayNumber('2028-06-30');

// ---------------------------------------------------------------- generators

const day = (lo = FIRST, hi = LAST) => fc.integer({ min: lo, max: hi });
const weekdayDay = day().map((d) => d - (isoWeekday(fromDayNumber(d)) > 5 ? 2 : 0));

/** Bank holidays on weekdays, at most two in any Monday–Friday week (as every UK calendar). */
const realisticHolidays = fc.uniqueArray(weekdayDay, { maxLength: 40 }).map((days) => {
  const perWeek = new Map<number, number>();
  const list: Array<{ date: LocalDate; title: string }> = [];
  for (const d of days.sort((a, b) => a - b)) {
    const week = Math.floor((d + 3) / 7);
    if ((perWeek.get(week) ?? 0) >= 2) continue;
    perWeek.set(week, (perWeek.get(week) ?? 0) + 1);
    list.push({ date: fromDayNumber(d), title: `Holiday ${fromDayNumber(d)}` });
  }
  return list;
});

/** Any days at all, runs of consecutive holidays and weekends included. */
const anyHolidays = fc
  .array(fc.tuple(day(), fc.integer({ min: 1, max: 6 })), { maxLength: 15 })
  .map((runs) => runs.flatMap(([start, len]) => Array.from({ length: len }, (_, i) => ({ date: fromDayNumber(start + i), title: `Holiday ${fromDayNumber(start + i)}` }))));

const weekdayOnOrBefore = (d: LocalDate) => addDays(d, -Math.max(0, isoWeekday(d) - 5));

const everyWeeks = fc.integer({ min: 1, max: 4 });

/** Consecutive, non-overlapping periods on weekdays: a round as a council would publish it. */
const sequentialPeriods = fc
  .tuple(day(FIRST, FIRST + 200), fc.array(fc.tuple(fc.integer({ min: 14, max: 400 }), fc.integer({ min: 0, max: 27 }), everyWeeks), { minLength: 1, maxLength: 4 }))
  .map(([start, parts]) => {
    const periods: SchedulePeriod[] = [];
    let from = start;
    parts.forEach(([length, offset, every], i) => {
      let anchor = from + offset;
      if (isoWeekday(fromDayNumber(anchor)) > 5) anchor -= 2;
      const last = i === parts.length - 1;
      periods.push({ from: fromDayNumber(from), to: last ? null : fromDayNumber(from + length - 1), anchor: fromDayNumber(anchor), everyWeeks: every });
      from += length;
    });
    return periods;
  });

/** Any periods: overlapping, weekend anchors, open or closed. */
const anyPeriods = fc.array(
  fc.record({
    from: day().map(fromDayNumber),
    length: fc.option(fc.integer({ min: 0, max: 900 }), { nil: null }),
    anchor: day().map(fromDayNumber),
    everyWeeks,
  }).map(({ from, length, anchor, everyWeeks: every }) => ({ from, to: length === null ? null : addDays(from, length), anchor, everyWeeks: every })),
  { minLength: 1, maxLength: 3 },
);

const ROUND_IDS = ['R1', 'R2', 'R3'];
const SERVICE_IDS = ['refuse', 'recycling'];

const roundOf = (periods: fc.Arbitrary<SchedulePeriod[]>) =>
  fc.record({ id: fc.constantFrom(...ROUND_IDS), serviceId: fc.constantFrom(...SERVICE_IDS), periods });

/** A range of 0–400 days, anywhere. */
const anyRange = fc.tuple(day(FIRST + 30, LAST - 420), fc.oneof(fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 400 })))
  .map(([lo, len]) => ({ from: fromDayNumber(lo), to: fromDayNumber(lo + len) }));

type Holidays = Array<{ date: LocalDate; title: string }>;
type Range = { from: LocalDate; to: LocalDate };

/** Half the time a range that starts or ends just after a holiday (where slips cross range edges). */
const rangeNear = (list: Holidays): fc.Arbitrary<Range> =>
  list.length === 0
    ? anyRange
    : fc.oneof(
      anyRange,
      fc.tuple(fc.constantFrom(...list.map((h) => dayNumber(h.date))), fc.integer({ min: -2, max: 12 }), fc.integer({ min: 0, max: 30 }), fc.boolean())
        .map(([h, offset, len, atEnd]) => (atEnd ? [h + offset - len, h + offset] : [h + offset, h + offset + len]))
        .map(([lo, hi]) => ({ from: fromDayNumber(lo), to: fromDayNumber(hi) })),
    );

/**
 * Exceptions on the round's own base dates (so they take effect) or on any day; moving a few
 * days, into the range from wherever the base date is, or up to a year either way.
 */
const exceptionsFor = (round: RoundPlan, r: Range) => {
  const anchor = dayNumber(round.periods[0].anchor);
  const step = 7 * round.periods[0].everyWeeks;
  const k0 = Math.floor((dayNumber(r.from) - anchor) / step);
  const base = fc.oneof(
    fc.integer({ min: k0 - 3, max: k0 + 60 }).map((k) => anchor + k * step),
    fc.integer({ min: -150, max: 150 }).map((k) => anchor + k * step),
    day(),
  );
  const length = dayNumber(r.to) - dayNumber(r.from);
  return fc.array(
    fc.record({
      base,
      action: fc.constantFrom('move' as const, 'cancel' as const),
      target: fc.oneof(
        fc.integer({ min: -10, max: 10 }).map((shift) => (b: number) => b + shift),
        fc.integer({ min: 0, max: length }).map((offset) => () => dayNumber(r.from) + offset),
        fc.integer({ min: -365, max: 365 }).map((shift) => (b: number) => b + shift),
      ),
      rounds: fc.subarray(ROUND_IDS, { maxLength: 2 }),
      services: fc.subarray(SERVICE_IDS, { maxLength: 1 }),
      n: fc.nat(),
    }).map(({ base: b, action, target, rounds, services, n }): ScheduleException => ({
      date: fromDayNumber(b), action, to: action === 'move' ? fromDayNumber(target(b)) : null, rounds, services, reason: `Exception ${n}`,
    })),
    { maxLength: 12 },
  );
};

interface Scenario {
  round: RoundPlan;
  holidays: Holidays;
  range: Range;
  exceptions: ScheduleException[];
}

/** A round, a holiday calendar, a range and (optionally) exceptions, generated together so they interact. */
const scenario = (opts: { periods: fc.Arbitrary<SchedulePeriod[]>; holidays: fc.Arbitrary<Holidays>; exceptions: boolean }): fc.Arbitrary<Scenario> =>
  fc.tuple(roundOf(opts.periods), opts.holidays)
    .chain(([round, holidays]) => fc.tuple(fc.constant(round), fc.constant(holidays), rangeNear(holidays)))
    .chain(([round, holidays, range]) =>
      (opts.exceptions ? exceptionsFor(round, range) : fc.constant<ScheduleException[]>([])).map((exceptions) => ({ round, holidays, range, exceptions })));

/** The same round with every period's anchor moved by `days`: seven rounds per case, one per weekday. */
const shifted = (round: RoundPlan, days: number): RoundPlan => ({
  ...round,
  periods: round.periods.map((p) => ({ ...p, anchor: addDays(p.anchor, days) })),
});

// ---------------------------------------------------------------- oracle

/** DESIGN.md "Schedule semantics", read literally, one base date at a time. */
function oracle(
  round: RoundPlan, holidays: HolidayCalendar, rule: BankHolidayRule, exceptions: ScheduleException[],
  from: LocalDate, to: LocalDate, includeCancelled: boolean,
): Occurrence[] {
  const out: Occurrence[] = [];
  const isHoliday = (d: number) => holidays.byDay.has(d);
  // Slip moves a few days, exceptions anywhere: every day near the range, and every exception's date.
  const bases = new Set<number>(exceptions.map((e) => dayNumber(e.date)));
  for (let d = dayNumber(from) - 60; d <= dayNumber(to); d++) bases.add(d);
  for (const base of bases) {
    const originalDate = fromDayNumber(base);
    // 1. base dates of each period
    const isBase = round.periods.some((p) => {
      const inPeriod = originalDate >= p.from && (p.to === null || originalDate <= p.to);
      return inPeriod && (((base - dayNumber(p.anchor)) % (7 * p.everyWeeks)) + 7 * p.everyWeeks) % (7 * p.everyWeeks) === 0;
    });
    if (!isBase) continue;
    const common = { round: round.id, service: round.serviceId, originalDate };
    // 3. the first exception covering the round decides
    const e = exceptions.find((x) => x.date === originalDate && ((x.rounds.length === 0 && x.services.length === 0) || x.rounds.includes(round.id) || x.services.includes(round.serviceId)));
    let o: Occurrence;
    if (e && e.action === 'cancel') o = { ...common, date: null, changed: true, cancelled: true, reason: e.reason };
    else if (e) o = { ...common, date: e.to ?? originalDate, changed: (e.to ?? originalDate) !== originalDate, cancelled: false, reason: e.reason };
    else if (rule === 'slip') {
      // 4. count holidays Monday–Friday of the base date's week, on or before it; then step past holidays
      const wd = isoWeekday(originalDate);
      const weekHolidays: number[] = [];
      if (wd <= 5) for (let d = base - (wd - 1); d <= base; d++) if (isHoliday(d)) weekHolidays.push(d);
      let d = base + weekHolidays.length;
      const stepped: number[] = [];
      while (isHoliday(d)) stepped.push(d++);
      const cause = weekHolidays[0] ?? stepped[0];
      o = d === base
        ? { ...common, date: originalDate, changed: false, cancelled: false }
        : { ...common, date: fromDayNumber(d), changed: true, cancelled: false, reason: holidays.byDay.get(cause) };
    } else o = { ...common, date: originalDate, changed: false, cancelled: false };
    if (o.cancelled ? includeCancelled && originalDate >= from && originalDate <= to : o.date! >= from && o.date! <= to) out.push(o);
  }
  return canonical(out);
}

/** Order-independent form for comparing answers (ties on date are otherwise unordered). */
const canonical = (list: Occurrence[]) =>
  [...list].sort((a, b) => ((a.date ?? a.originalDate) + a.originalDate < (b.date ?? b.originalDate) + b.originalDate ? -1 : 1))
    .map((o) => (o.reason === undefined ? (({ reason: _r, ...rest }) => rest)(o) : o));

const query = (round: RoundPlan, rules: ReturnType<typeof compileRules>, from: LocalDate, to: LocalDate, includeCancelled = false) =>
  roundCollections(round, rules, from, to, { includeCancelled });

// ---------------------------------------------------------------- properties

const ANY = fc.oneof(realisticHolidays, anyHolidays);
const coversRound = (x: ScheduleException, round: RoundPlan) =>
  (x.rounds.length === 0 && x.services.length === 0) || x.rounds.includes(round.id) || x.services.includes(round.serviceId);

describe('schedule engine properties', () => {
  test('matches a literal reading of DESIGN.md for any round, holidays, exceptions and range', () => {
    fc.assert(
      fc.property(
        scenario({ periods: anyPeriods, holidays: ANY, exceptions: true }),
        fc.constantFrom<BankHolidayRule>('slip', 'none'),
        fc.boolean(),
        ({ round, holidays: list, range: { from, to }, exceptions }, rule, includeCancelled) => {
          const holidays = holidayCalendar(list);
          const rules = compileRules({ holidays, rule, exceptions });
          for (let k = 0; k < 7; k++) {
            const r = shifted(round, k);
            const got = query(r, rules, from, to, includeCancelled);
            expect(canonical(got)).toEqual(oracle(r, holidays, rule, exceptions, from, to, includeCancelled));
            // …and in date order.
            for (let i = 1; i < got.length; i++) expect((got[i].date ?? got[i].originalDate) >= (got[i - 1].date ?? got[i - 1].originalDate)).toBe(true);
          }
        },
      ),
      RUNS,
    );
  });

  test('under slip no collection lands on a bank holiday unless an exception puts it there', () => {
    fc.assert(
      fc.property(scenario({ periods: anyPeriods, holidays: ANY, exceptions: true }), ({ round, holidays: list, range: { from, to }, exceptions }) => {
        const holidays = holidayCalendar(list);
        const rules = compileRules({ holidays, rule: 'slip', exceptions });
        const plain = compileRules({ holidays, rule: 'slip', exceptions: [] });
        for (let k = 0; k < 7; k++) {
          const r = shifted(round, k);
          for (const o of query(r, rules, from, to)) {
            if (!holidays.byDay.has(dayNumber(o.date!))) continue;
            // Only an exception's own decision may stand on a holiday.
            expect(exceptions.find((e) => e.date === o.originalDate && coversRound(e, r))).toMatchObject({ action: 'move', to: o.date, reason: o.reason });
          }
          // And with no exceptions, none at all.
          for (const o of query(r, plain, from, to)) expect(holidays.byDay.has(dayNumber(o.date!))).toBe(false);
        }
      }),
      RUNS,
    );
  });

  test("a round's collections never reorder: dates strictly increase, in the order of their base dates", () => {
    fc.assert(
      fc.property(scenario({ periods: sequentialPeriods, holidays: realisticHolidays, exceptions: false }), ({ round, holidays, range: { from, to } }) => {
        const rules = compileRules({ holidays: holidayCalendar(holidays), rule: 'slip', exceptions: [] });
        for (const k of [0, 1, 2, 3, 4]) {
          // Anchors are weekdays; shifting by k and stepping back over weekends keeps them weekdays.
          const r = { ...round, periods: round.periods.map((p) => ({ ...p, anchor: weekdayOnOrBefore(addDays(p.anchor, k)) })) };
          const list = query(r, rules, from, to);
          for (let i = 1; i < list.length; i++) {
            expect(list[i].date! > list[i - 1].date!).toBe(true);
            expect(list[i].originalDate > list[i - 1].originalDate).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });

  test('a range query equals the union of its sub-ranges, split at arbitrary points', () => {
    fc.assert(
      fc.property(
        scenario({ periods: anyPeriods, holidays: ANY, exceptions: true }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }),
        fc.boolean(),
        ({ round, holidays, range: { from, to }, exceptions }, cuts, includeCancelled) => {
          const rules = compileRules({ holidays: holidayCalendar(holidays), rule: 'slip', exceptions });
          const length = dayNumber(to) - dayNumber(from);
          const ends = [...new Set(cuts.map((c) => Math.floor(c * length)))].sort((a, b) => a - b).map((p) => addDays(from, p));
          for (let k = 0; k < 7; k++) {
            const r = shifted(round, k);
            const parts: Occurrence[] = [];
            let start = from;
            for (const end of [...ends, to]) {
              if (end < start) continue;
              parts.push(...query(r, rules, start, end, includeCancelled));
              start = addDays(end, 1);
            }
            expect(canonical(parts)).toEqual(canonical(query(r, rules, from, to, includeCancelled)));
          }
        },
      ),
      RUNS,
    );
  });

  test('ranges across a year end agree with the two years asked separately and with a wide query', () => {
    const yearEnd = fc.tuple(fc.integer({ min: 2025, max: 2027 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }))
      .map(([year, before, after]) => ({ year, from: addDays(`${year}-12-31`, -before), to: addDays(`${year + 1}-01-01`, after) }));
    /** Holidays crowded round the year ends, where real calendars put two in a week. */
    const yearEndHolidays = fc.uniqueArray(
      fc.tuple(fc.integer({ min: 2025, max: 2027 }), fc.integer({ min: -8, max: 8 })).map(([y, o]) => weekdayOnOrBefore(addDays(`${y}-12-31`, o))),
      { maxLength: 8 },
    ).map((ds) => ds.map((d) => ({ date: d, title: `Holiday ${d}` })));
    fc.assert(
      fc.property(roundOf(sequentialPeriods), fc.oneof(yearEndHolidays, realisticHolidays, anyHolidays), yearEnd, (round, holidays, { year, from, to }) => {
        const rules = compileRules({ holidays: holidayCalendar(holidays), rule: 'slip', exceptions: [] });
        for (let k = 0; k < 7; k++) {
          const r = shifted(round, k);
          const whole = query(r, rules, from, to);
          const split = [...query(r, rules, from, `${year}-12-31`), ...query(r, rules, `${year + 1}-01-01`, to)];
          expect(whole).toEqual(split);
          const wide = query(r, rules, `${year}-01-01`, `${year + 1}-12-31`).filter((o) => o.date! >= from && o.date! <= to);
          expect(whole).toEqual(wide);
        }
      }),
      RUNS,
    );
  });

  test('exceptions are final: the covering exception alone decides date and reason', () => {
    fc.assert(
      fc.property(scenario({ periods: anyPeriods, holidays: ANY, exceptions: true }), ({ round, holidays, exceptions }) => {
        const rules = compileRules({ holidays: holidayCalendar(holidays), rule: 'slip', exceptions });
        const [qFrom, qTo] = [fromDayNumber(FIRST - 800), fromDayNumber(LAST + 800)];
        const all = query(round, rules, qFrom, qTo, true);
        for (const o of all) {
          const e = exceptions.find((x) => x.date === o.originalDate && coversRound(x, round));
          if (!e) {
            expect(o.cancelled).toBe(false);
            continue;
          }
          expect(o.reason).toBe(e.reason);
          if (e.action === 'cancel') expect(o).toMatchObject({ date: null, cancelled: true, changed: true });
          else expect(o).toMatchObject({ date: e.to ?? e.date, cancelled: false, changed: (e.to ?? e.date) !== e.date });
        }
        // Every exception that covers one of the round's base dates shows up exactly once.
        const bases = new Set(query(round, { ...rules, exceptionsByDay: new Map(), movesByTarget: [] }, qFrom, qTo).map((o) => o.originalDate));
        const landsInQuery = (x: ScheduleException) => x.action === 'cancel' || (x.to! >= qFrom && x.to! <= qTo);
        const decided = new Set(
          exceptions.filter((x) => bases.has(x.date) && exceptions.find((y) => y.date === x.date && coversRound(y, round)) === x && landsInQuery(x)).map((x) => x.date),
        );
        for (const d of decided) expect(all.filter((o) => o.originalDate === d)).toHaveLength(1);
      }),
      RUNS,
    );
  });
});

describe('council-local time (Europe/London) across BST changes', () => {
  const LONDON = 'Europe/London';
  const date = day(dayNumber('2024-01-01'), dayNumber('2029-12-31')).map(fromDayNumber);
  const pad = (n: number) => String(n).padStart(2, '0');
  /** The last Sunday of March: 01:00–01:59 does not exist in London that night. */
  const springForward = (d: LocalDate) => d.slice(5, 7) === '03' && isoWeekday(d) === 7 && Number(d.slice(8, 10)) >= 25;

  test('instantAt then localDateAt/localTimeAt give back the date and time', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (d, h, m) => {
        fc.pre(!(springForward(d) && h === 1));
        const time = `${pad(h)}:${pad(m)}`;
        const instant = instantAt(d, time, LONDON);
        expect(localDateAt(instant, LONDON)).toBe(d);
        expect(localTimeAt(instant, LONDON)).toBe(time);
      }),
      RUNS,
    );
  });

  test('the transition days themselves, every minute', () => {
    for (const d of ['2026-03-29', '2026-10-25', '2027-03-28', '2027-10-31']) {
      for (let minute = 0; minute < 24 * 60; minute++) {
        const time = `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`;
        if (springForward(d) && time.startsWith('01:')) continue;
        const instant = instantAt(d, time, LONDON);
        expect(localDateAt(instant, LONDON)).toBe(d);
        expect(localTimeAt(instant, LONDON)).toBe(time);
      }
    }
  });

  test('an instant read as a London date and time maps back to itself (or its twin in the repeated autumn hour)', () => {
    const from = Date.parse('2024-01-01T00:00:00Z') / 60000;
    const to = Date.parse('2029-12-31T23:59:00Z') / 60000;
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), (minutes) => {
        const instant = new Date(minutes * 60000);
        const back = instantAt(localDateAt(instant, LONDON), localTimeAt(instant, LONDON), LONDON);
        const diff = back.getTime() - instant.getTime();
        expect(diff === 0 || Math.abs(diff) === 3600000).toBe(true);
        expect(localDateAt(back, LONDON)).toBe(localDateAt(instant, LONDON));
        expect(localTimeAt(back, LONDON)).toBe(localTimeAt(instant, LONDON));
      }),
      RUNS,
    );
  });
});
