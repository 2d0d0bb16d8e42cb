/**
 * "Round not completed" (issue 11 item 2): a round that could not finish on a date has its run marked
 * `not_completed` and that day's collection moved to a catch-up date, in ONE transaction with both
 * audit rows, so residents see "not completed, collected on …" and the crew's list shows the new day
 * at once. The move itself is an ordinary exception (services/changes/exceptions.ts): the same
 * checks and codes (same_date, in_the_past, nothing_to_change, exception_exists), and it can be
 * withdrawn like any other change (the run's status then stays as the officer set it).
 */
import { and, eq, sql } from 'drizzle-orm';
import { roundRuns } from '../../../db/schema/index.ts';
import type { ServiceContext } from '../../context.ts';
import { dayNumber, fromDayNumber, isLocalDate, type LocalDate } from '../../domain/dates.ts';
import { nthWorkingDayAfter } from '../../domain/holidays.ts';
import { roundCollections } from '../../domain/schedule.ts';
import { DomainError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';
import { officerCouncil } from '../officer-board/rounds-progress.ts';
import { councilToday, loadCouncilSchedule } from '../schedule.ts';
import { previewException, publishException, type ExceptionInput, type Preview } from './exceptions.ts';
import type { Names } from '../../../web/i18n/names.ts';

export interface NotCompletedInput {
  round: string;
  /** The day the round did not finish; council-local today when absent. */
  date?: LocalDate;
  catchUp: LocalDate;
  /** In the council's first language. */
  reason: string;
  /** The reason in the council's other languages (as for any change: exceptions.ts). */
  reasons?: Names;
}

export interface RoundForDay {
  id: string;
  name: string;
  service: string;
  date: LocalDate;
  /** The base date the move replaces (differs from `date` when the day's collection had slipped). */
  baseDate: LocalDate;
  /** The next working day after `date`: the page's default catch-up. */
  defaultCatchUp: LocalDate;
  /** Whether the round has a collection on `date` at all. */
  collects: boolean;
}

/** The round (404 when not this council's) and what its collection on `date` is. */
export async function roundForDay(ctx: ServiceContext, input: { round: string; date?: LocalDate }): Promise<RoundForDay> {
  const councilId = officerCouncil(ctx);
  const schedule = await loadCouncilSchedule(ctx, councilId);
  const round = schedule.rounds.get(input.round);
  if (!round) throw notFound(`No round "${input.round}".`);
  const date = input.date ?? councilToday(ctx, schedule.council);
  if (!isLocalDate(date)) throw new DomainError('invalid_request', 'date must be YYYY-MM-DD.', 400);
  // A bank-holiday slip puts the day's collection on a later date than its base date; exceptions
  // replace base dates, so the move is filed against the base date of what ran on `date`.
  const on = roundCollections(round, schedule.rules, date, date).find((o) => o.date === date);
  return {
    id: round.id, name: round.name, service: round.serviceId, date,
    baseDate: on?.originalDate ?? date,
    defaultCatchUp: fromDayNumber(nthWorkingDayAfter(dayNumber(date), 1, schedule.holidays)),
    collects: on !== undefined,
  };
}

const moveOf = (r: RoundForDay, input: NotCompletedInput): ExceptionInput => ({
  date: r.baseDate, action: 'move', to: input.catchUp, rounds: [r.id], reason: input.reason,
  ...(input.reasons ? { reasons: input.reasons } : {}),
});

/** What the catch-up move would change; writes nothing. */
export async function previewNotCompleted(ctx: ServiceContext, input: NotCompletedInput): Promise<Preview & { round: RoundForDay }> {
  const round = await roundForDay(ctx, input);
  return { ...(await previewException(ctx, moveOf(round, input))), round };
}

export async function markNotCompleted(ctx: ServiceContext, input: NotCompletedInput) {
  const round = await roundForDay(ctx, input);
  const councilId = officerCouncil(ctx);
  let run: { round: string; date: LocalDate; status: string } | undefined;
  const exception = await publishException(ctx, moveOf(round, input), {
    cause: 'round_not_completed',
    // Inside the exception's own transaction: the run, the move and both audit rows commit together.
    onWrite: async (tx) => {
      const key = and(eq(roundRuns.councilId, councilId), eq(roundRuns.roundId, round.id), eq(roundRuns.date, round.date));
      const [before] = await tx.select({ status: roundRuns.status }).from(roundRuns).where(key);
      const [row] = await tx
        .insert(roundRuns)
        .values({ councilId, roundId: round.id, date: round.date, status: 'not_completed' })
        .onConflictDoUpdate({ target: [roundRuns.councilId, roundRuns.roundId, roundRuns.date], set: { status: sql`'not_completed'` } })
        .returning();
      run = { round: row.roundId, date: row.date, status: row.status };
      await recordAudit(tx, ctx, {
        councilId, action: 'round.not_completed', entity: 'round', entityId: round.id,
        before: { date: round.date, status: before?.status ?? 'not_started' },
        after: { date: round.date, status: 'not_completed', catchUp: input.catchUp, reason: input.reason, ...(input.reasons ? { reasons: input.reasons } : {}) },
      });
    },
  });
  return { round: round.id, date: round.date, catchUp: input.catchUp, run: run!, exception };
}
