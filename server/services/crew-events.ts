/**
 * Crew outcomes and round runs, as sent by the crew app's offline queue. Both are idempotent:
 * an event is stored once per client-generated id (`insert … on conflict do nothing`, one
 * statement), so a reload, a dropped signal or a retry neither loses nor doubles anything.
 * Crews write only for their own council: a batch naming another council's property, service or
 * round is refused whole (nothing stored) with the offending event ids, so the app can drop them.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { crewEvents, properties, roundRuns, rounds, services } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import type { LocalDate } from '../domain/dates.ts';
import type { CrewOutcome } from '../domain/missed-rules.ts';
import { DomainError, unauthorized } from '../errors.ts';
import { markRoundActivity } from './lookup/round-activity.ts';
import { completeCollectedBookings } from './requests/bulky/collected.ts';
import { emitEvent } from './webhooks/emit.ts';

export const MAX_EVENTS_PER_BATCH = 500;

export interface CrewEventInput {
  id: string;
  uprn: number;
  service: string;
  date: LocalDate;
  outcome: CrewOutcome;
  note?: string | null;
  photo?: string | null;
  recordedAt: Date;
}

function crewCouncil(ctx: ServiceContext): number {
  if (!ctx.user) throw unauthorized();
  return ctx.user.councilId;
}

export async function recordEvents(ctx: ServiceContext, input: { events: CrewEventInput[] }): Promise<{ accepted: number; duplicates: number }> {
  const councilId = crewCouncil(ctx);
  const events = input.events;
  if (events.length === 0) return { accepted: 0, duplicates: 0 };
  if (events.length > MAX_EVENTS_PER_BATCH) {
    throw new DomainError('too_many_events', `Send at most ${MAX_EVENTS_PER_BATCH} events at a time.`, 413);
  }
  const uprns = [...new Set(events.map((e) => e.uprn))];
  const serviceIds = [...new Set(events.map((e) => e.service))];
  const [ownProperties, ownServices] = await Promise.all([
    ctx.db.select({ uprn: properties.uprn }).from(properties).where(and(eq(properties.councilId, councilId), inArray(properties.uprn, uprns))),
    ctx.db.select({ id: services.id }).from(services).where(and(eq(services.councilId, councilId), inArray(services.id, serviceIds))),
  ]);
  const knownUprns = new Set(ownProperties.map((p) => p.uprn));
  const knownServices = new Set(ownServices.map((s) => s.id));
  const badProperty = events.filter((e) => !knownUprns.has(e.uprn)).map((e) => e.id);
  if (badProperty.length) {
    throw new DomainError('unknown_property', 'Some events are for properties that are not your council’s.', 404, { eventIds: badProperty });
  }
  const badService = events.filter((e) => !knownServices.has(e.service)).map((e) => e.id);
  if (badService.length) {
    throw new DomainError('unknown_service', 'Some events name a service your council does not run.', 400, { eventIds: badService });
  }
  const now = ctx.clock.now();
  const inserted = await ctx.db
    .insert(crewEvents)
    .values(events.map((e) => ({
      id: e.id.toLowerCase(),
      councilId,
      uprn: e.uprn,
      serviceId: e.service,
      date: e.date,
      outcome: e.outcome,
      note: e.note || null,
      photo: e.photo || null,
      recordedAt: e.recordedAt,
      receivedAt: now,
      userId: ctx.user!.id,
    })))
    .onConflictDoNothing({ target: crewEvents.id })
    .returning({ id: crewEvents.id });
  // Every stop of the batch (retries included): the lookup's "the crew have started this round".
  await markRoundActivity(ctx, councilId, events, now);
  // A booked bulky collection the crew collected is done (every event of the batch: a retry after a
  // failure here completes it then; completing is conditional, so nothing happens twice).
  await completeCollectedBookings(ctx, councilId, events);
  return { accepted: inserted.length, duplicates: events.length - inserted.length };
}

export type RunUpdate = 'in_progress' | 'completed';

/**
 * Start or complete a round's run. A late `in_progress` (a retry arriving after completion) does not
 * reopen a completed run; the first start and the first completion times are kept.
 */
export async function recordRun(ctx: ServiceContext, input: { round: string; date: LocalDate; status: RunUpdate }) {
  const councilId = crewCouncil(ctx);
  const [round] = await ctx.db.select({ id: rounds.id }).from(rounds).where(and(eq(rounds.councilId, councilId), eq(rounds.id, input.round)));
  if (!round) throw new DomainError('unknown_round', `Your council has no round "${input.round}".`, 404);
  const now = ctx.clock.now();
  const completed = input.status === 'completed';
  const key = and(eq(roundRuns.councilId, councilId), eq(roundRuns.roundId, round.id), eq(roundRuns.date, input.date));
  const row = await ctx.db.transaction(async (tx) => {
    // Insert, or lock the existing run and move it on: under the lock we know whether this call is
    // the one that completed it, so round.completed is announced once however often crews retry.
    const [inserted] = await tx
      .insert(roundRuns)
      .values({ councilId, roundId: round.id, date: input.date, status: input.status, startedAt: now, completedAt: completed ? now : null })
      .onConflictDoNothing({ target: [roundRuns.councilId, roundRuns.roundId, roundRuns.date] })
      .returning();
    let run = inserted;
    let newlyCompleted = completed && !!inserted;
    if (!inserted) {
      const [before] = await tx.select({ status: roundRuns.status }).from(roundRuns).where(key).for('update');
      [run] = await tx
        .update(roundRuns)
        .set({
          status: sql`case when ${roundRuns.status} = 'completed' then 'completed' else ${input.status} end`,
          startedAt: sql`coalesce(${roundRuns.startedAt}, ${now.toISOString()}::timestamptz)`,
          completedAt: completed ? sql`coalesce(${roundRuns.completedAt}, ${now.toISOString()}::timestamptz)` : roundRuns.completedAt,
        })
        .where(key)
        .returning();
      newlyCompleted = completed && before?.status !== 'completed';
    }
    if (newlyCompleted) {
      await emitEvent({ ...ctx, db: tx }, {
        councilId, type: 'round.completed', data: { round: run.roundId, date: run.date, completedAt: run.completedAt?.toISOString() ?? now.toISOString() },
      });
    }
    return run;
  });
  return {
    round: row.roundId,
    date: row.date,
    status: row.status,
    startedAt: row.startedAt?.toISOString() ?? null,
    completedAt: row.completedAt?.toISOString() ?? null,
  };
}
