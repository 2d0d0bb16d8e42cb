/**
 * What paying, cancelling and describing mean for a garden waste subscription (KindHooks,
 * server/services/requests/kinds.ts). Paying puts the property on its garden round from the round's
 * first collection after the day of payment to the end of the subscription year; cancelling ends
 * that from tomorrow. Both call `scheduleChanged`, so the property page, JSON, every calendar feed
 * and the crew's round sheet show it from the next request (docs/lookup.md).
 */
import { and, eq, inArray, max, sql } from 'drizzle-orm';
import { assignments, gardenSubscriptions, requestHistory, residentRequests } from '../../../../db/schema/index.ts';
import type { Tx } from '../../../../db/client.ts';
import type { ServiceContext } from '../../../context.ts';
import { addDays } from '../../../domain/dates.ts';
import { cancelRefund } from '../../../domain/requests/garden.ts';
import { roundCollections } from '../../../domain/schedule.ts';
import { DomainError } from '../../../errors.ts';
import { translate, translator, isLang } from '../../../../web/i18n/index.ts';
import { requestUpdated } from '../events.ts';
import { formatPence } from '../lifecycle.ts';
import { longDate } from '../../../../web/i18n/dates.ts';
import { scheduleChanged } from '../../lookup/invalidate.ts';
import { councilToday, getCouncil, loadCouncilSchedule } from '../../schedule.ts';
import { registerKind, type RequestRow } from '../kinds.ts';
import { addedBins, gardenFacts, hasGardenFor, previousGardenRound, subscriptionRow } from './facts.ts';

async function activate(tx: Tx, ctx: ServiceContext, request: RequestRow): Promise<void> {
  const txc = { ...ctx, db: tx };
  const sub = await subscriptionRow(txc, request.councilId, request.id);
  if (sub.addsTo !== null) return; // added bins ride on the subscription's own collections
  // The property row locked: two subscriptions for one property and year settle one at a time.
  const facts = await gardenFacts(txc, request.uprn, { lock: true });
  const year = { start: sub.yearStart, end: sub.yearEnd };
  if (await hasGardenFor(txc, facts, year, request.id)) {
    // Two pending subscriptions for one property and year, both paid (a pending one does not block
    // another): the second is not made active but cancelled in the same transaction with its money
    // owed back in full, which the lifecycle's reconciliation job refunds. Throwing instead would
    // leave a successful payment unsettled.
    await tx.update(residentRequests)
      .set({ status: 'cancelled', refundDuePence: sql`${residentRequests.paidPence}`, updatedAt: ctx.clock.now() })
      .where(eq(residentRequests.id, request.id));
    return;
  }
  const schedule = await loadCouncilSchedule(txc, request.councilId);
  const previous = await previousGardenRound(txc, facts);
  const roundId = previous && schedule.rounds.has(previous) ? previous : facts.config.round;
  const round = schedule.rounds.get(roundId);
  if (!round) throw new DomainError('not_served', `The garden waste round ${roundId} does not exist.`, 422);
  // Collections start with the round's first collection after the day of payment (and not before
  // the year starts); a cancelled one does not count. Assignment windows are on base dates, so the
  // window starts at that collection's base date: one slipped by a bank holiday from the day of
  // payment (or before) to after it still counts as the first.
  const tomorrow = addDays(facts.today, 1);
  const lo = tomorrow > year.start ? tomorrow : year.start;
  const first = lo <= year.end ? roundCollections(round, schedule.rules, lo, year.end).find((o) => !o.cancelled) : undefined;
  const from = first?.originalDate ?? lo;
  if (from <= year.end) {
    const [{ top }] = await tx.select({ top: max(assignments.sequence) }).from(assignments)
      .where(and(eq(assignments.councilId, request.councilId), eq(assignments.roundId, roundId)));
    await tx.insert(assignments).values({ councilId: request.councilId, uprn: request.uprn, roundId, from, to: year.end, sequence: (top ?? 0) + 1 });
  }
  await tx.update(gardenSubscriptions).set({ startsOn: first?.date ?? null, roundId, assignmentFrom: from <= year.end ? from : null })
    .where(eq(gardenSubscriptions.requestId, request.id));
  await scheduleChanged(tx, request.councilId);
}

async function cancel(tx: Tx, ctx: ServiceContext, request: RequestRow): Promise<{ refundPence: number; alsoCancelled: number[] }> {
  const txc = { ...ctx, db: tx };
  const sub = await subscriptionRow(txc, request.councilId, request.id);
  const council = await getCouncil(txc, request.councilId);
  const today = councilToday(ctx, council);
  if (sub.addsTo === null && sub.assignmentFrom && sub.roundId) {
    // Collections stop from tomorrow: an assignment that had not started yet goes altogether.
    const key = and(eq(assignments.councilId, request.councilId), eq(assignments.uprn, request.uprn),
      eq(assignments.roundId, sub.roundId), eq(assignments.from, sub.assignmentFrom));
    if (sub.assignmentFrom > today) await tx.delete(assignments).where(key);
    else await tx.update(assignments).set({ to: today < sub.yearEnd ? today : sub.yearEnd }).where(key);
    await scheduleChanged(tx, request.councilId);
  }
  const config = council.requests?.garden;
  const year = { start: sub.yearStart, end: sub.yearEnd };
  const refundPence = config ? cancelRefund(config, request.paidPence, today, year) : 0;
  // Bins added mid-year are part of the subscription: they end with it, each refunded by the same rule.
  const alsoCancelled = sub.addsTo === null ? await cancelAddedBins(tx, ctx, request, (paid) => (config ? cancelRefund(config, paid, today, year) : 0)) : [];
  return { refundPence, alsoCancelled };
}

async function cancelAddedBins(tx: Tx, ctx: ServiceContext, parent: RequestRow, refundOf: (paidPence: number) => number): Promise<number[]> {
  const children = await tx.select({ id: residentRequests.id }).from(gardenSubscriptions)
    .innerJoin(residentRequests, eq(residentRequests.id, gardenSubscriptions.requestId))
    .where(and(eq(gardenSubscriptions.councilId, parent.councilId), eq(gardenSubscriptions.addsTo, parent.id),
      inArray(residentRequests.status, ['active', 'pending_payment'])));
  const now = ctx.clock.now();
  const done: number[] = [];
  for (const c of children) {
    const [before] = await tx.select().from(residentRequests).where(eq(residentRequests.id, c.id)).for('update');
    if (!before || (before.status !== 'active' && before.status !== 'pending_payment')) continue;
    const refund = before.status === 'active' ? Math.max(0, Math.min(refundOf(before.paidPence), before.paidPence - before.refundDuePence)) : 0;
    const [row] = await tx.update(residentRequests)
      .set({ status: 'cancelled', holdUntil: null, refundDuePence: sql`${residentRequests.refundDuePence} + ${refund}`, updatedAt: now })
      .where(eq(residentRequests.id, c.id)).returning();
    const lang = isLang(row.language) ? row.language : 'en';
    await tx.insert(requestHistory).values({
      councilId: row.councilId, requestId: row.id, at: now, status: 'cancelled', userId: ctx.user?.id ?? null,
      note: refund > 0 ? translate(lang, 'pay.history.cancelled_refund', { amount: formatPence(refund) }) : translate(lang, 'pay.history.cancelled'),
      detail: { by: 'subscription', subscription: parent.reference, refundPence: refund },
    });
    await requestUpdated({ ...ctx, db: tx }, row, before.status, { refundPence: refund, by: 'subscription' });
    done.push(row.id);
  }
  return done;
}

async function describe(tx: Tx, ctx: ServiceContext, request: RequestRow): Promise<string[]> {
  const lang = isLang(request.language) ? request.language : 'en';
  const t = translator(lang);
  const sub = await subscriptionRow({ ...ctx, db: tx }, request.councilId, request.id);
  const lines: string[] = [];
  if (sub.addsTo !== null) {
    const [parent] = await tx.select({ reference: residentRequests.reference }).from(residentRequests).where(eq(residentRequests.id, sub.addsTo));
    lines.push(t('garden.describe_added', { count: sub.bins, reference: parent?.reference ?? '' }));
  } else {
    const added = request.status === 'active' ? await addedBins({ ...ctx, db: tx }, request.councilId, request.id) : 0;
    lines.push(t('garden.describe_bins', { count: sub.bins + added }));
  }
  lines.push(t('garden.describe_year', { start: longDate(lang, sub.yearStart, true), end: longDate(lang, sub.yearEnd, true) }));
  if (sub.concession) lines.push(t('garden.describe_concession'));
  if (sub.startsOn) lines.push(t('garden.describe_starts', { date: longDate(lang, sub.startsOn, true) }));
  if (sub.binsDelivered > 0) lines.push(t('garden.describe_delivered', { count: sub.binsDelivered }));
  return lines;
}

registerKind({
  kind: 'garden_subscription',
  prefix: 'GW',
  paidStatus: 'active',
  activate,
  cancel,
  describe,
  officerActions: (request) => (request.status === 'active'
    ? [{ label: 'Mark bins delivered', path: `/api/v1/garden-subscriptions/${request.reference}/delivered` }]
    : []),
});
