/**
 * Service changes (DESIGN.md "Officer API"): list, preview, publish and withdraw exceptions.
 * Every write runs in one transaction with its audit row and bumps councils.schedule_version, so
 * pages, JSON, feeds (SEQUENCE) and cached schedules change at once. A preview writes nothing.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { assignments, councils, properties, scheduleExceptions, users } from '../../../db/schema/index.ts';
import type { ServiceContext } from '../../context.ts';
import { isLocalDate, type LocalDate } from '../../domain/dates.ts';
import { roundChanges, scopesOverlap, type RoundChange } from '../../domain/changes/preview.ts';
import type { ScheduleException } from '../../domain/schedule.ts';
import { DomainError, forbidden, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';
import { emitEvent } from '../webhooks/emit.ts';
import { LANGS, type Lang } from '../../../web/i18n/index.ts';
import type { Names } from '../../../web/i18n/names.ts';
import { councilToday, loadCouncilSchedule } from '../schedule.ts';

export interface ExceptionInput {
  date: LocalDate;
  action: 'move' | 'cancel';
  to?: LocalDate | null;
  rounds?: string[];
  services?: string[];
  /** In the council's first language. */
  reason: string;
  /** The reason in other languages (DESIGN.md "Languages"): residents reading in one see it. */
  reasons?: Names;
}

export interface ExceptionView {
  id: string;
  date: LocalDate;
  action: 'move' | 'cancel';
  to: LocalDate | null;
  rounds: string[];
  services: string[];
  reason: string;
  reasons: { en?: string; cy?: string } | null;
  createdAt: string;
  createdBy: string | null;
}

export interface Preview {
  properties: number;
  collections: number;
  sample: Array<{ uprn: string; address: string; service: string; originalDate: LocalDate; before: LocalDate | null; after: LocalDate | null }>;
}

const SAMPLE = 10;
const rule = (code: string, message: string) => new DomainError(code, message, 422);

function councilOf(ctx: ServiceContext): number {
  if (!ctx.user) throw new DomainError('unauthorized', 'Sign in to continue.', 401);
  if (ctx.user.role !== 'officer' && ctx.user.role !== 'admin') throw forbidden();
  return ctx.councilId ?? ctx.user.councilId;
}

export async function listExceptions(ctx: ServiceContext, range: { from?: LocalDate; to?: LocalDate } = {}): Promise<ExceptionView[]> {
  const councilId = councilOf(ctx);
  const rows = await ctx.db
    .select({ e: scheduleExceptions, email: users.email })
    .from(scheduleExceptions)
    .leftJoin(users, eq(users.id, scheduleExceptions.createdBy))
    .where(and(
      eq(scheduleExceptions.councilId, councilId),
      range.from ? gte(scheduleExceptions.date, range.from) : undefined,
      range.to ? lte(scheduleExceptions.date, range.to) : undefined,
    ))
    .orderBy(asc(scheduleExceptions.date), asc(scheduleExceptions.id));
  return rows.map(({ e, email }) => view(e, email));
}

const view = (e: typeof scheduleExceptions.$inferSelect, email: string | null): ExceptionView => ({
  id: e.id, date: e.date, action: e.action as 'move' | 'cancel', to: e.to, rounds: e.rounds, services: e.services,
  reason: e.reason, reasons: e.reasons ?? null, createdAt: e.createdAt.toISOString(), createdBy: email,
});

async function rulesFor(ctx: ServiceContext, councilId: number) {
  const schedule = await loadCouncilSchedule(ctx, councilId);
  const rows = await ctx.db.select().from(scheduleExceptions).where(eq(scheduleExceptions.councilId, councilId));
  const exceptions: Array<ScheduleException & { id: string }> = rows.map((e) => ({
    id: e.id, date: e.date, action: e.action as 'move' | 'cancel', to: e.to, rounds: e.rounds, services: e.services, reason: e.reason,
  }));
  return {
    schedule,
    exceptions,
    rules: { holidays: schedule.holidays, rule: schedule.council.bankHolidayRule === 'none' ? 'none' as const : 'slip' as const, exceptions },
  };
}

/** Checks the input against the council's rounds and services and the rules; answers what it changes. */
async function validate(ctx: ServiceContext, councilId: number, input: ExceptionInput) {
  if (!isLocalDate(input.date)) throw new DomainError('invalid_request', 'date must be YYYY-MM-DD.', 400);
  if (input.action !== 'move' && input.action !== 'cancel') throw new DomainError('invalid_request', 'action must be move or cancel.', 400);
  const reason = (input.reason ?? '').trim();
  if (!reason) throw new DomainError('invalid_request', 'Give a reason residents will see.', 400);
  const { schedule, exceptions, rules } = await rulesFor(ctx, councilId);
  const rounds = [...new Set(input.rounds ?? [])];
  const services = [...new Set(input.services ?? [])];
  const badRound = rounds.find((r) => !schedule.rounds.has(r));
  if (badRound) throw rule('unknown_round', `No round "${badRound}" at this council.`);
  const badService = services.find((s) => !schedule.services.has(s));
  if (badService) throw rule('unknown_service', `No service "${badService}" at this council.`);
  let to: LocalDate | null = null;
  if (input.action === 'move') {
    if (!input.to) throw rule('to_required', 'A move needs the date it moves to.');
    if (!isLocalDate(input.to)) throw new DomainError('invalid_request', 'to must be YYYY-MM-DD.', 400);
    if (input.to === input.date) throw rule('same_date', 'The new date is the same as the old one.');
    // Decision (docs/service-changes.md): a collection cannot be moved onto a day that has passed.
    if (input.to < councilToday(ctx, schedule.council)) throw rule('in_the_past', 'The new date has already passed.');
    to = input.to;
  }
  const exception: ScheduleException = { date: input.date, action: input.action, to, rounds, services, reason };
  // The other languages' words, with the first language's from `reason` (it wins for that language).
  const first = (schedule.council.languages ?? [])[0] ?? 'en';
  const given = Object.entries(input.reasons ?? {}).filter(([l, v]) => LANGS.includes(l as Lang) && typeof v === 'string' && v.trim());
  const reasons: Names = given.length ? { ...Object.fromEntries(given.map(([l, v]) => [l, (v as string).trim()])), [first]: reason } : null;
  const plans = [...schedule.rounds.values()];
  const clash = exceptions.find((e) => e.date === input.date && scopesOverlap(e, exception, plans));
  if (clash) throw new DomainError('exception_exists', `A change for ${input.date} already covers some of these rounds (${clash.id}).`, 409, { id: clash.id });
  const changes = roundChanges(plans, rules, { add: exception });
  if (changes.length === 0) throw rule('nothing_to_change', `No collection in this scope on ${input.date}.`);
  return { exception, changes, reasons };
}

/** Properties on the changed rounds on that base date: counts and a sample with old and new dates. */
async function affected(ctx: ServiceContext, councilId: number, changes: RoundChange[]): Promise<Preview> {
  if (changes.length === 0) return { properties: 0, collections: 0, sample: [] };
  const byRound = new Map(changes.map((c) => [c.round, c]));
  const date = changes[0].originalDate;
  const rows = await ctx.db
    .select({ uprn: assignments.uprn, round: assignments.roundId, address: properties.address })
    .from(assignments)
    .innerJoin(properties, eq(properties.uprn, assignments.uprn))
    .where(and(
      eq(assignments.councilId, councilId),
      inArray(assignments.roundId, [...byRound.keys()]),
      lte(assignments.from, date),
      or(isNull(assignments.to), gte(assignments.to, date)),
    ))
    .orderBy(asc(assignments.roundId), asc(assignments.sequence));
  const uprns = new Set(rows.map((r) => r.uprn));
  const sample = rows.slice(0, SAMPLE).map((r) => {
    const c = byRound.get(r.round)!;
    return { uprn: String(r.uprn), address: r.address, service: c.service, originalDate: c.originalDate, before: c.before, after: c.after };
  });
  return { properties: uprns.size, collections: rows.length, sample };
}

export async function previewException(ctx: ServiceContext, input: ExceptionInput): Promise<Preview> {
  const councilId = councilOf(ctx);
  const { changes } = await validate(ctx, councilId, input);
  return affected(ctx, councilId, changes);
}

const bump = (tx: ServiceContext['db'], councilId: number) =>
  tx.update(councils).set({ scheduleVersion: sql`${councils.scheduleVersion} + 1` }).where(eq(councils.id, councilId));

export async function publishException(
  ctx: ServiceContext, input: ExceptionInput,
  options: { id?: string; onWrite?: (tx: ServiceContext['db']) => Promise<void>; /** Why, in the webhook event. */ cause?: 'exception' | 'round_not_completed' } = {},
): Promise<ExceptionView & { affected: { properties: number; collections: number } }> {
  const councilId = councilOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    // Serialise publishes per council (the version row), so two overlapping changes cannot both pass the check.
    await tx.select({ id: councils.id }).from(councils).where(eq(councils.id, councilId)).for('update');
    const { exception, changes, reasons } = await validate(txCtx, councilId, input);
    const counts = await affected(txCtx, councilId, changes);
    const [row] = await tx.insert(scheduleExceptions).values({
      councilId, id: options.id ?? randomUUID(), date: exception.date, action: exception.action, to: exception.to ?? null,
      rounds: exception.rounds, services: exception.services, reason: exception.reason, reasons,
      createdAt: ctx.clock.now(), createdBy: ctx.user!.id,
    }).returning();
    await bump(tx, councilId);
    const out = view(row, ctx.user!.email);
    await recordAudit(tx, ctx, { councilId, action: 'exception.create', entity: 'exception', entityId: row.id, before: null, after: out });
    if (options.onWrite) await options.onWrite(tx);
    const affectedCounts = { properties: counts.properties, collections: counts.collections };
    await emitEvent(txCtx, { councilId, type: 'collection.changed', data: { change: 'published', cause: options.cause ?? 'exception', exception: out, affected: affectedCounts } });
    return { ...out, affected: affectedCounts };
  });
}

export async function withdrawException(ctx: ServiceContext, id: string): Promise<void> {
  const councilId = councilOf(ctx);
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .delete(scheduleExceptions)
      .where(and(eq(scheduleExceptions.councilId, councilId), eq(scheduleExceptions.id, id)))
      .returning();
    if (!row) throw notFound(`No change "${id}".`);
    await bump(tx, councilId);
    await recordAudit(tx, ctx, { councilId, action: 'exception.withdraw', entity: 'exception', entityId: id, before: view(row, null), after: null });
    await emitEvent({ ...ctx, db: tx }, { councilId, type: 'collection.changed', data: { change: 'withdrawn', cause: 'exception', exception: view(row, null) } });
  });
}
