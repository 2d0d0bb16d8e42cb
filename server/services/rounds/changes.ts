/**
 * Round changes from a date: a new schedule period (`POST /rounds/{round}/periods`) and moving
 * properties to another round of the same service (`POST /assignments/move`). Each verb has a
 * preview mode that runs the same checks and answers what would change, writing nothing.
 * The preview's before/after are base dates (the round pattern's next date on or after `from`);
 * holiday slips and exceptions apply on top of both alike.
 */
import { and, asc, eq, gte, inArray, isNull, lt, max, or, sql } from 'drizzle-orm';
import { assignments, councils, properties, roundSchedules, rounds } from '../../../db/schema/index.ts';
import type { ServiceContext } from '../../context.ts';
import { addDays, dayNumber, fromDayNumber, type LocalDate } from '../../domain/dates.ts';
import { DomainError, forbidden, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';
import { councilToday, getCouncil } from '../schedule.ts';

export interface PreviewSample { uprn: string; address: string; service: string; originalDate: LocalDate | null; before: LocalDate | null; after: LocalDate | null }
export interface Preview { properties: number; collections: number; sample: PreviewSample[] }

interface Period { from: LocalDate; to: LocalDate | null; anchor: LocalDate; everyWeeks: number }

/** The first base date of `periods` on or after `from` (looking a year ahead), or null. */
export function firstBaseDate(periods: Period[], from: LocalDate): LocalDate | null {
  const start = dayNumber(from);
  for (const p of [...periods].sort((a, b) => a.from.localeCompare(b.from))) {
    const lo = Math.max(start, dayNumber(p.from));
    const hi = Math.min(start + 366, p.to ? dayNumber(p.to) : Infinity);
    if (lo > hi) continue;
    const step = 7 * p.everyWeeks;
    const a = dayNumber(p.anchor);
    const k = Math.ceil((lo - a) / step);
    const d = a + k * step;
    if (d <= hi) return fromDayNumber(d);
  }
  return null;
}

function scope(ctx: ServiceContext): number {
  if (!ctx.user || ctx.councilId === undefined) throw forbidden();
  if (ctx.user.role !== 'officer' && ctx.user.role !== 'admin') throw forbidden();
  return ctx.councilId;
}

async function findRound(ctx: ServiceContext, councilId: number, id: string) {
  const [round] = await ctx.db.select().from(rounds).where(and(eq(rounds.councilId, councilId), eq(rounds.id, id)));
  if (!round) throw notFound(`No round "${id}" in your council.`);
  return round;
}

async function notPast(ctx: ServiceContext, councilId: number, from: LocalDate) {
  const today = councilToday(ctx, await getCouncil(ctx, councilId));
  if (from < today) throw new DomainError('in_the_past', `The change must start today (${today}) or later.`, 422);
}

const periodsOf = (ctx: ServiceContext, councilId: number, roundId: string) =>
  ctx.db.select({ from: roundSchedules.from, to: roundSchedules.to, anchor: roundSchedules.anchor, everyWeeks: roundSchedules.everyWeeks })
    .from(roundSchedules).where(and(eq(roundSchedules.councilId, councilId), eq(roundSchedules.roundId, roundId))).orderBy(asc(roundSchedules.from));

/** The periods once the change is made: earlier periods end the day before `from`, later ones are replaced. */
function replacePeriods(old: Period[], change: Period): Period[] {
  const kept = old.filter((p) => p.from < change.from).map((p) => (p.to === null || p.to >= change.from ? { ...p, to: addDays(change.from, -1) } : p));
  return [...kept, change];
}

const bump = (ctx: ServiceContext, councilId: number) =>
  ctx.db.update(councils).set({ scheduleVersion: sql`${councils.scheduleVersion} + 1` }).where(eq(councils.id, councilId));

export interface PeriodInput { round: string; from: LocalDate; anchor: LocalDate; everyWeeks: number; preview?: boolean }

export async function changeRoundPeriod(ctx: ServiceContext, input: PeriodInput): Promise<Preview | { round: string; from: LocalDate; anchor: LocalDate; everyWeeks: number; to: null }> {
  const councilId = scope(ctx);
  const round = await findRound(ctx, councilId, input.round);
  await notPast(ctx, councilId, input.from);
  const old = await periodsOf(ctx, councilId, round.id);
  const change: Period = { from: input.from, to: null, anchor: input.anchor, everyWeeks: input.everyWeeks };
  if (input.preview) {
    const stops = await ctx.db.select({ uprn: properties.uprn, address: properties.address }).from(assignments)
      .innerJoin(properties, eq(properties.uprn, assignments.uprn))
      .where(and(eq(assignments.councilId, councilId), eq(assignments.roundId, round.id), or(isNull(assignments.to), gte(assignments.to, input.from))))
      .orderBy(asc(assignments.sequence));
    const before = firstBaseDate(old, input.from);
    const after = firstBaseDate(replacePeriods(old, change), input.from);
    return {
      properties: stops.length, collections: stops.length,
      sample: stops.slice(0, 10).map((s) => ({ uprn: String(s.uprn), address: s.address, service: round.serviceId, originalDate: before, before, after })),
    };
  }
  await ctx.db.transaction(async (tx) => {
    const where = and(eq(roundSchedules.councilId, councilId), eq(roundSchedules.roundId, round.id));
    await tx.delete(roundSchedules).where(and(where, gte(roundSchedules.from, input.from)));
    await tx.update(roundSchedules).set({ to: addDays(input.from, -1) })
      .where(and(where, lt(roundSchedules.from, input.from), or(isNull(roundSchedules.to), gte(roundSchedules.to, input.from))));
    await tx.insert(roundSchedules).values({ councilId, roundId: round.id, ...change });
    await bump({ ...ctx, db: tx }, councilId);
    await recordAudit(tx, ctx, { councilId, action: 'round.period', entity: 'round', entityId: round.id, before: old, after: change });
  });
  return { round: round.id, ...change, to: null };
}

export interface MoveInput { uprns: string[]; toRound: string; from: LocalDate; preview?: boolean }

export async function moveAssignments(ctx: ServiceContext, input: MoveInput): Promise<Preview | { moved: number }> {
  const councilId = scope(ctx);
  const target = await findRound(ctx, councilId, input.toRound);
  await notPast(ctx, councilId, input.from);
  const uprns = [...new Set(input.uprns.map(Number))];
  const props = await ctx.db.select({ uprn: properties.uprn, address: properties.address }).from(properties)
    .where(and(eq(properties.councilId, councilId), inArray(properties.uprn, uprns)));
  if (props.length !== uprns.length) throw notFound('One or more of those properties is not in your council.');
  const sameService = ctx.db.select({ id: rounds.id }).from(rounds).where(and(eq(rounds.councilId, councilId), eq(rounds.serviceId, target.serviceId)));
  const current = await ctx.db.select().from(assignments).where(and(
    eq(assignments.councilId, councilId), inArray(assignments.uprn, uprns), inArray(assignments.roundId, sameService),
    or(isNull(assignments.to), gte(assignments.to, input.from)),
  ));
  const missing = uprns.filter((u) => !current.some((a) => a.uprn === u));
  if (missing.length) {
    throw new DomainError('service_mismatch', `Not on a ${target.serviceId} round from ${input.from}: ${missing.join(', ')}.`, 422, { uprns: missing.map(String) });
  }
  if (input.preview) {
    const targetPeriods = await periodsOf(ctx, councilId, target.id);
    const sample: PreviewSample[] = [];
    for (const p of props.slice(0, 10)) {
      const a = current.find((x) => x.uprn === p.uprn)!;
      const before = firstBaseDate(await periodsOf(ctx, councilId, a.roundId), input.from);
      sample.push({ uprn: String(p.uprn), address: p.address, service: target.serviceId, originalDate: before, before, after: firstBaseDate(targetPeriods, input.from) });
    }
    return { properties: props.length, collections: props.length, sample };
  }
  await ctx.db.transaction(async (tx) => {
    const [{ top }] = await tx.select({ top: max(assignments.sequence) }).from(assignments)
      .where(and(eq(assignments.councilId, councilId), eq(assignments.roundId, target.id)));
    let next = (top ?? 0) + 1;
    for (const a of current) {
      const key = and(eq(assignments.councilId, councilId), eq(assignments.uprn, a.uprn), eq(assignments.roundId, a.roundId), eq(assignments.from, a.from));
      // An assignment that would start on or after the move is replaced outright.
      if (a.from >= input.from) await tx.delete(assignments).where(key);
      else await tx.update(assignments).set({ to: addDays(input.from, -1) }).where(key);
    }
    for (const u of uprns) {
      await tx.insert(assignments).values({ councilId, uprn: u, roundId: target.id, from: input.from, sequence: next++ })
        .onConflictDoUpdate({ target: [assignments.councilId, assignments.uprn, assignments.roundId, assignments.from], set: { to: null } });
      const before = current.filter((a) => a.uprn === u).map((a) => ({ round: a.roundId, from: a.from, to: a.to }));
      await recordAudit(tx, ctx, { councilId, action: 'assignment.move', entity: 'assignment', entityId: String(u), before, after: { round: target.id, from: input.from } });
    }
    await bump({ ...ctx, db: tx }, councilId);
  });
  return { moved: uprns.length };
}
