/**
 * Reading rounds for the officer (GET /api/v1/rounds/{round}?date=, /officer/rounds): a round with
 * the day and frequency of its current and future schedule periods, and its stops in sequence on a
 * date. "Stops on a date" are the assignments whose window covers that date, one per property (the
 * lowest sequence, as on the crew sheet), ordered as the crew sheet orders them.
 */
import { and, asc, countDistinct, eq, gte, isNull, lte, or } from 'drizzle-orm';
import { assignments, properties } from '../../../db/schema/index.ts';
import type { ServiceContext } from '../../context.ts';
import { addDays, isLocalDate, isoWeekday, type LocalDate, WEEKDAY_NAMES } from '../../domain/dates.ts';
import { roundCollections } from '../../domain/schedule.ts';
import { DomainError, forbidden, notFound, unauthorized } from '../../errors.ts';
import { councilToday, loadCouncilSchedule, type CouncilSchedule, type RoundInfo } from '../schedule.ts';

/** Officers and admins of a council; everything below is scoped to the returned council id. */
export function officerScope(ctx: ServiceContext): number {
  if (!ctx.user) throw unauthorized();
  if (ctx.user.role !== 'officer' && ctx.user.role !== 'admin') throw forbidden();
  if (ctx.councilId === undefined) throw forbidden('Choose a council.');
  return ctx.councilId;
}

export interface RoundPeriodView {
  from: LocalDate;
  to: LocalDate | null;
  anchor: LocalDate;
  everyWeeks: number;
  /** ISO weekday (1 Monday … 7 Sunday) of the period's base dates. */
  weekday: number;
  /** "Every Monday", "Every 2 weeks on Wednesday". */
  description: string;
}

export interface RoundStop {
  sequence: number;
  uprn: string;
  address: string;
  postcode: string;
  lat: number;
  lon: number;
  assisted: boolean;
}

export interface RoundSummary {
  id: string;
  name: string;
  service: string;
  serviceName: string;
  /** Periods in force on `date` or starting later, oldest first. */
  periods: RoundPeriodView[];
  /** The round's next collection on or after `date` (holidays and published changes applied), or null. */
  nextCollection: LocalDate | null;
}

export interface RoundDetail extends RoundSummary {
  date: LocalDate;
  stops: RoundStop[];
}

export const describePeriod = (p: { anchor: LocalDate; everyWeeks: number }): string => {
  const day = WEEKDAY_NAMES[isoWeekday(p.anchor) - 1];
  return p.everyWeeks === 1 ? `Every ${day}` : `Every ${p.everyWeeks} weeks on ${day}`;
};

function checkDate(date: string) {
  if (!isLocalDate(date)) throw new DomainError('invalid_date', `Not a date: ${date}`, 400);
}

function summary(schedule: CouncilSchedule, round: RoundInfo, date: LocalDate): RoundSummary {
  const periods = round.periods
    .filter((p) => p.to === null || p.to >= date)
    .sort((a, b) => a.from.localeCompare(b.from))
    .map((p) => ({ from: p.from, to: p.to, anchor: p.anchor, everyWeeks: p.everyWeeks, weekday: isoWeekday(p.anchor), description: describePeriod(p) }));
  const next = roundCollections(round, schedule.rules, date, addDays(date, 120)).find((o) => o.date !== null && o.date >= date);
  return {
    id: round.id, name: round.name, service: round.serviceId, serviceName: schedule.services.get(round.serviceId)?.name ?? round.serviceId,
    periods, nextCollection: next?.date ?? null,
  };
}

const coversDate = (date: LocalDate) =>
  and(lte(assignments.from, date), or(isNull(assignments.to), gte(assignments.to, date)));

/** The stops of `roundId` on `date`, in crew-sheet order. `db` may be a transaction. */
export async function stopsOn(ctx: ServiceContext, councilId: number, roundId: string, date: LocalDate): Promise<RoundStop[]> {
  const rows = await ctx.db
    .select({ sequence: assignments.sequence, uprn: properties.uprn, address: properties.address, postcode: properties.postcode, lat: properties.lat, lon: properties.lon, assisted: properties.assisted })
    .from(assignments)
    .innerJoin(properties, and(eq(properties.uprn, assignments.uprn), eq(properties.councilId, assignments.councilId)))
    .where(and(eq(assignments.councilId, councilId), eq(assignments.roundId, roundId), coversDate(date)))
    .orderBy(asc(assignments.sequence), asc(assignments.uprn));
  const seen = new Set<number>();
  const stops: RoundStop[] = [];
  for (const r of rows) {
    if (seen.has(r.uprn)) continue; // a second row covering the day: the lower sequence already won
    seen.add(r.uprn);
    stops.push({ ...r, uprn: String(r.uprn) });
  }
  return stops;
}

export async function findRoundInfo(ctx: ServiceContext, councilId: number, roundId: string) {
  const schedule = await loadCouncilSchedule(ctx, councilId);
  const round = schedule.rounds.get(roundId);
  if (!round) throw notFound(`No round "${roundId}" in your council.`);
  return { schedule, round };
}

/** One round and its stops on `date` (default: today in the council's zone). */
export async function roundDetail(ctx: ServiceContext, input: { round: string; date?: LocalDate }): Promise<RoundDetail> {
  const councilId = officerScope(ctx);
  if (input.date !== undefined) checkDate(input.date);
  const { schedule, round } = await findRoundInfo(ctx, councilId, input.round);
  const date = input.date ?? councilToday(ctx, schedule.council);
  const stops = await stopsOn(ctx, councilId, round.id, date);
  return { ...summary(schedule, round, date), date, stops };
}

/** Every round of the council with its periods and number of stops on `date`, by service then name. */
export async function listCouncilRounds(ctx: ServiceContext, input: { date?: LocalDate } = {}): Promise<{ date: LocalDate; rounds: Array<RoundSummary & { stops: number }> }> {
  const councilId = officerScope(ctx);
  if (input.date !== undefined) checkDate(input.date);
  const schedule = await loadCouncilSchedule(ctx, councilId);
  const date = input.date ?? councilToday(ctx, schedule.council);
  const counts = await ctx.db
    .select({ roundId: assignments.roundId, n: countDistinct(assignments.uprn) })
    .from(assignments)
    .where(and(eq(assignments.councilId, councilId), coversDate(date)))
    .groupBy(assignments.roundId);
  const stopsOf = new Map(counts.map((r) => [r.roundId, Number(r.n)]));
  const list = [...schedule.rounds.values()].map((r) => ({ ...summary(schedule, r, date), stops: stopsOf.get(r.id) ?? 0 }));
  list.sort((a, b) => a.service.localeCompare(b.service) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return { date, rounds: list };
}
