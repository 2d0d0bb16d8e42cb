/**
 * What a crew sees: the rounds its council runs on a day, and one round's sheet of stops.
 * Dates are collection (adjusted) dates: a Monday round moved by a bank holiday to Tuesday is
 * listed on Tuesday, and its stops are the properties assigned on the Monday it replaces.
 */
import { and, asc, eq, gte, inArray, isNull, lte, or } from 'drizzle-orm';
import { assignments, crewEvents, properties, roundRuns } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { isLocalDate, type LocalDate } from '../domain/dates.ts';
import { roundCollections, type Occurrence } from '../domain/schedule.ts';
import { DomainError, notFound, unauthorized } from '../errors.ts';
import { openReportsFor } from './reports.ts';
import { roundJobs, type RoundJob } from './requests/round-jobs.ts';
import { changeReason, roundName } from './lookup/localize.ts';
import { isLang, type Lang } from '../../web/i18n/index.ts';
import { pick } from '../../web/i18n/names.ts';
import { councilToday, loadCouncilSchedule, type CouncilSchedule, type RoundInfo } from './schedule.ts';

export type RunStatus = 'not_started' | 'in_progress' | 'completed';

export interface RoundOnDay {
  id: string;
  name: string;
  service: { id: string; name: string; colour: string };
  /** The base date this collection replaces (differs from `date` when moved). */
  originalDate: LocalDate;
  changed: boolean;
  reason?: string;
  stops: number;
  run: { status: RunStatus };
}

export interface Stop {
  sequence: number;
  /** As a string, like everywhere in the public API (UPRNs reach 12 digits). */
  uprn: string;
  address: string;
  lat: number;
  lon: number;
  assisted: boolean;
  services: string[];
  returnVisits: Array<{ reference: string; service: string }>;
  outcomes: Array<{ id: string; service: string; outcome: string; recordedAt: string }>;
  /** Work residents booked at this stop (a bulky collection, a container delivery): see round-jobs.ts. */
  jobs: Array<Omit<RoundJob, 'uprn'>>;
}

export interface RoundSheet {
  round: { id: string; name: string; service: { id: string; name: string; colour: string } };
  date: LocalDate;
  originalDate: LocalDate;
  changed: boolean;
  reason?: string;
  run: { status: RunStatus; startedAt?: string; completedAt?: string };
  stops: Stop[];
}

function scope(ctx: ServiceContext): number {
  if (ctx.councilId === undefined || !ctx.user) throw unauthorized();
  return ctx.councilId;
}

function checkDate(date: LocalDate): void {
  if (!isLocalDate(date)) throw new DomainError('invalid_date', 'Dates are YYYY-MM-DD.', 400);
}

/** Collections of the round on `date` (usually one; two only if an exception moved another onto it). */
const collectionsOn = (round: RoundInfo, schedule: CouncilSchedule, date: LocalDate): Occurrence[] =>
  roundCollections(round, schedule.rules, date, date);

const serviceOf = (schedule: CouncilSchedule, serviceId: string, lang: Lang) => {
  const s = schedule.services.get(serviceId);
  return { id: serviceId, name: s ? pick(s.name, s.names, lang) : serviceId, colour: s?.colour ?? '#0b0c0c' };
};

/** The crew app's language for names and reasons: `asked` when the council offers it, else its first. */
function sheetLang(schedule: CouncilSchedule, asked: string | undefined): Lang {
  const offered = (schedule.council.languages ?? []).filter(isLang);
  return isLang(asked) && offered.includes(asked) ? asked : offered[0] ?? 'en';
}

/** Assignment rows of these rounds whose window covers any of the base dates. */
async function assignedOn(ctx: ServiceContext, councilId: number, roundIds: string[], bases: LocalDate[]) {
  if (roundIds.length === 0 || bases.length === 0) return [];
  const earliest = bases.reduce((a, b) => (a < b ? a : b));
  const latest = bases.reduce((a, b) => (a > b ? a : b));
  const rows = await ctx.db
    .select({ roundId: assignments.roundId, uprn: assignments.uprn, from: assignments.from, to: assignments.to, sequence: assignments.sequence })
    .from(assignments)
    .where(
      and(
        eq(assignments.councilId, councilId),
        inArray(assignments.roundId, roundIds),
        lte(assignments.from, latest),
        or(isNull(assignments.to), gte(assignments.to, earliest)),
      ),
    );
  return rows;
}

const covers = (a: { from: string; to: string | null }, base: LocalDate) => a.from <= base && (a.to === null || base <= a.to);

/** The crew's council's rounds with a collection on `date` (default: today in the council's zone). */
export async function roundsOn(ctx: ServiceContext, date?: LocalDate, asked?: string): Promise<{ date: LocalDate; rounds: RoundOnDay[] }> {
  const councilId = scope(ctx);
  const schedule = await loadCouncilSchedule(ctx, councilId);
  const lang = sheetLang(schedule, asked);
  const day = date ?? councilToday(ctx, schedule.council);
  checkDate(day);

  const running: Array<{ round: RoundInfo; occurrences: Occurrence[] }> = [];
  for (const round of schedule.rounds.values()) {
    const occurrences = collectionsOn(round, schedule, day);
    if (occurrences.length) running.push({ round, occurrences });
  }
  const ids = running.map((r) => r.round.id);
  const bases = running.flatMap((r) => r.occurrences.map((o) => o.originalDate));
  const [assigned, runs] = await Promise.all([
    assignedOn(ctx, councilId, ids, bases),
    ids.length
      ? ctx.db.select().from(roundRuns).where(and(eq(roundRuns.councilId, councilId), eq(roundRuns.date, day), inArray(roundRuns.roundId, ids)))
      : Promise.resolve([]),
  ]);
  const statusOf = new Map(runs.map((r) => [r.roundId, r.status as RunStatus]));
  // Booked jobs make stops too (a bulky round has no assignments: its bookings are its stops).
  const jobsOf = new Map(await Promise.all(running.map(async ({ round }) => [round.id, await roundJobs(ctx, councilId, round.id, day)] as const)));

  const rounds = running.map(({ round, occurrences }) => {
    const first = occurrences[0];
    const uprns = new Set(
      assigned.filter((a) => a.roundId === round.id && occurrences.some((o) => covers(a, o.originalDate))).map((a) => a.uprn),
    );
    for (const job of jobsOf.get(round.id) ?? []) uprns.add(job.uprn);
    return {
      id: round.id,
      name: roundName(round, lang),
      service: serviceOf(schedule, round.serviceId, lang),
      originalDate: first.originalDate,
      changed: first.changed,
      ...(first.reason ? { reason: changeReason(schedule, first.reason, lang) } : {}),
      stops: uprns.size,
      run: { status: statusOf.get(round.id) ?? 'not_started' },
    };
  });
  rounds.sort((a, b) => (a.service.id < b.service.id ? -1 : a.service.id > b.service.id ? 1 : a.id < b.id ? -1 : 1));
  return { date: day, rounds };
}

/**
 * One round's stops on `date`, in sequence order, with what the crew needs at each: the round's
 * service, open missed reports to revisit, and outcomes already recorded (oldest first).
 * Another council's round, or a date the round does not run, is 404.
 */
export async function roundSheet(ctx: ServiceContext, roundId: string, date: LocalDate, asked?: string): Promise<RoundSheet> {
  const councilId = scope(ctx);
  checkDate(date);
  const schedule = await loadCouncilSchedule(ctx, councilId);
  const lang = sheetLang(schedule, asked);
  const round = schedule.rounds.get(roundId);
  if (!round) throw notFound(`No round ${roundId}`);
  const occurrences = collectionsOn(round, schedule, date);
  if (occurrences.length === 0) throw new DomainError('not_running', `Round ${roundId} does not run on ${date}.`, 404);

  const assigned = await assignedOn(ctx, councilId, [round.id], occurrences.map((o) => o.originalDate));
  // One stop per property: the lowest sequence among its assignment rows that cover the day.
  const sequenceOf = new Map<number, number>();
  for (const a of assigned) {
    if (!occurrences.some((o) => covers(a, o.originalDate))) continue;
    const seen = sequenceOf.get(a.uprn);
    if (seen === undefined || a.sequence < seen) sequenceOf.set(a.uprn, a.sequence);
  }
  // Jobs residents booked: on the property's stop when it is on the round, otherwise an extra stop
  // after the last assigned one, in the order the sources give them (bulky: by reference, i.e. booking order).
  const jobs = await roundJobs(ctx, councilId, round.id, date);
  const jobsBy = new Map<number, Stop['jobs']>();
  let next = Math.max(0, ...sequenceOf.values()) + 1;
  for (const { uprn, ...job } of jobs) {
    if (!sequenceOf.has(uprn)) sequenceOf.set(uprn, next++);
    const list = jobsBy.get(uprn) ?? [];
    list.push(job);
    jobsBy.set(uprn, list);
  }
  const uprns = [...sequenceOf.keys()];

  const [propertyRows, eventRows, runRows, visits] = await Promise.all([
    uprns.length
      ? ctx.db.select().from(properties).where(and(eq(properties.councilId, councilId), inArray(properties.uprn, uprns)))
      : Promise.resolve([]),
    uprns.length
      ? ctx.db
          .select()
          .from(crewEvents)
          .where(
            and(
              eq(crewEvents.councilId, councilId),
              inArray(crewEvents.uprn, uprns),
              eq(crewEvents.serviceId, round.serviceId),
              eq(crewEvents.date, date),
            ),
          )
          .orderBy(asc(crewEvents.recordedAt), asc(crewEvents.id))
      : Promise.resolve([]),
    ctx.db.select().from(roundRuns).where(and(eq(roundRuns.councilId, councilId), eq(roundRuns.roundId, round.id), eq(roundRuns.date, date))),
    uprns.length ? openReportsFor(ctx, { councilId, uprns }) : Promise.resolve([]),
  ]);

  const outcomesBy = new Map<number, Stop['outcomes']>();
  for (const e of eventRows) {
    const list = outcomesBy.get(e.uprn) ?? [];
    list.push({ id: e.id, service: e.serviceId, outcome: e.outcome, recordedAt: e.recordedAt.toISOString() });
    outcomesBy.set(e.uprn, list);
  }
  const visitsBy = new Map<number, Stop['returnVisits']>();
  for (const v of visits) {
    if (v.service !== round.serviceId) continue;
    const list = visitsBy.get(v.uprn) ?? [];
    list.push({ reference: v.reference, service: v.service });
    visitsBy.set(v.uprn, list);
  }

  const stops: Stop[] = propertyRows
    .map((p) => ({
      sequence: sequenceOf.get(p.uprn)!,
      uprn: String(p.uprn),
      address: p.address,
      lat: p.lat,
      lon: p.lon,
      assisted: p.assisted,
      services: [round.serviceId],
      returnVisits: visitsBy.get(p.uprn) ?? [],
      outcomes: outcomesBy.get(p.uprn) ?? [],
      jobs: jobsBy.get(p.uprn) ?? [],
    }))
    .sort((a, b) => a.sequence - b.sequence || Number(a.uprn) - Number(b.uprn));

  const run = runRows[0];
  const first = occurrences[0];
  return {
    round: { id: round.id, name: roundName(round, lang), service: serviceOf(schedule, round.serviceId, lang) },
    date,
    originalDate: first.originalDate,
    changed: first.changed,
    ...(first.reason ? { reason: changeReason(schedule, first.reason, lang) } : {}),
    run: {
      status: (run?.status as RunStatus) ?? 'not_started',
      ...(run?.startedAt ? { startedAt: run.startedAt.toISOString() } : {}),
      ...(run?.completedAt ? { completedAt: run.completedAt.toISOString() } : {}),
    },
    stops,
  };
}
