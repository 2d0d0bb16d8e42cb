/**
 * Reordering a round's stops (PUT /api/v1/rounds/{round}/sequence): the body is the full new order of
 * the stops the round has on `from` (default today). The new order takes effect from `from`, like every
 * other round change: an assignment that started before `from` is ended the day before and continued
 * from `from` at its new position, so crew sheets of earlier days keep the order they were worked in;
 * an assignment starting on or after `from` is renumbered in place. Stops are numbered 1…n.
 *
 * The preview keeps the Officer-API shape ({ properties, collections, sample }): `properties` counts
 * the stops whose position changes, `collections` is 0 (no collection date moves) and `sample` is
 * empty (its fields are dates); the positions themselves are in the extra `positions` list.
 */
import { and, eq, gte, inArray, isNull, or } from 'drizzle-orm';
import { assignments } from '../../../db/schema/index.ts';
import type { ServiceContext } from '../../context.ts';
import { addDays, isLocalDate, type LocalDate } from '../../domain/dates.ts';
import { roundCollections } from '../../domain/schedule.ts';
import { DomainError } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';
import { councilToday } from '../schedule.ts';
import { findRoundInfo, officerScope, stopsOn } from './detail.ts';

export interface SequenceInput { round: string; uprns: string[]; from?: LocalDate; preview?: boolean }

export interface PositionChange { uprn: string; address: string; before: number; after: number }

export interface SequencePreview {
  properties: number;
  collections: 0;
  sample: never[];
  from: LocalDate;
  /** The first collection that follows the new order (on or after `from`), or null. */
  firstCollection: LocalDate | null;
  /** Every stop whose position changes, in the new order. */
  positions: PositionChange[];
}

export interface SequenceResult { round: string; from: LocalDate; changed: number; uprns: string[] }

/** Checks the list is exactly the current stops, once each; answers the position changes. */
function compare(current: Array<{ uprn: string; address: string }>, uprns: string[]): PositionChange[] {
  const listed = new Set<string>();
  const duplicates = [...new Set(uprns.filter((u) => (listed.has(u) ? true : (listed.add(u), false))))];
  const currentSet = new Set(current.map((s) => s.uprn));
  const missing = current.map((s) => s.uprn).filter((u) => !listed.has(u));
  const extra = [...listed].filter((u) => !currentSet.has(u));
  if (duplicates.length || missing.length || extra.length) {
    const parts = [
      missing.length ? `missing ${missing.join(', ')}` : '',
      extra.length ? `not stops of this round ${extra.join(', ')}` : '',
      duplicates.length ? `listed twice ${duplicates.join(', ')}` : '',
    ].filter(Boolean);
    throw new DomainError('sequence_mismatch', `The new order must list every current stop of the round exactly once (${parts.join('; ')}).`, 422,
      { missing, extra, duplicates });
  }
  const before = new Map(current.map((s, i) => [s.uprn, i + 1]));
  const address = new Map(current.map((s) => [s.uprn, s.address]));
  return uprns
    .map((u, i) => ({ uprn: u, address: address.get(u)!, before: before.get(u)!, after: i + 1 }))
    .filter((p) => p.before !== p.after);
}

export async function reorderRound(ctx: ServiceContext, input: SequenceInput): Promise<SequencePreview | SequenceResult> {
  const councilId = officerScope(ctx);
  const { schedule, round } = await findRoundInfo(ctx, councilId, input.round);
  const today = councilToday(ctx, schedule.council);
  const from = input.from ?? today;
  if (!isLocalDate(from)) throw new DomainError('invalid_date', `Not a date: ${from}`, 400);
  if (from < today) throw new DomainError('in_the_past', `The new order must start today (${today}) or later.`, 422);

  if (input.preview) {
    const positions = compare(await stopsOn(ctx, councilId, round.id, from), input.uprns);
    const first = roundCollections(round, schedule.rules, from, addDays(from, 366)).find((o) => o.date !== null && o.date >= from);
    return { properties: positions.length, collections: 0, sample: [], from, firstCollection: first?.date ?? null, positions };
  }

  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    // Read the stops inside the transaction: the check and the write see the same round.
    const current = await stopsOn(txCtx, councilId, round.id, from);
    const positions = compare(current, input.uprns);
    const next = new Map(input.uprns.map((u, i) => [Number(u), i + 1]));
    const rows = await tx.select().from(assignments).where(and(
      eq(assignments.councilId, councilId), eq(assignments.roundId, round.id),
      or(isNull(assignments.to), gte(assignments.to, from)), inArray(assignments.uprn, [...next.keys()]),
    ));
    let written = 0;
    for (const row of rows) {
      const sequence = next.get(row.uprn)!;
      if (row.sequence === sequence) continue;
      written++;
      const key = and(eq(assignments.councilId, councilId), eq(assignments.uprn, row.uprn), eq(assignments.roundId, row.roundId), eq(assignments.from, row.from));
      if (row.from >= from) {
        await tx.update(assignments).set({ sequence }).where(key);
        continue;
      }
      await tx.update(assignments).set({ to: addDays(from, -1) }).where(key);
      await tx.insert(assignments).values({ councilId, uprn: row.uprn, roundId: row.roundId, from, to: row.to, sequence })
        .onConflictDoUpdate({ target: [assignments.councilId, assignments.uprn, assignments.roundId, assignments.from], set: { sequence } });
    }
    if (written > 0) {
      await recordAudit(tx, ctx, {
        councilId, action: 'round.sequence', entity: 'round', entityId: round.id,
        before: { from, order: current.map((s) => s.uprn) }, after: { from, order: input.uprns },
      });
    }
    return { round: round.id, from, changed: positions.length, uprns: input.uprns };
  });
}
