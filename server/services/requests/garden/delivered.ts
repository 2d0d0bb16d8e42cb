/**
 * An officer records that a subscription's bins have been delivered (`POST
 * /api/v1/garden-subscriptions/{reference}/delivered`): all the bins it is for now (its own, and for
 * a subscription the ones added to it), audited in the same transaction.
 */
import { and, eq } from 'drizzle-orm';
import { gardenSubscriptions, residentRequests } from '../../../../db/schema/index.ts';
import type { ServiceContext } from '../../../context.ts';
import { DomainError, forbidden, notFound } from '../../../errors.ts';
import { recordAudit } from '../../audit/record.ts';
import { addedBins, subscriptionRow } from './facts.ts';

export interface DeliveredAnswer { reference: string; bins: number; binsDelivered: number }

export async function markBinsDelivered(ctx: ServiceContext, reference: string): Promise<DeliveredAnswer> {
  if (!ctx.user || ctx.councilId === undefined || (ctx.user.role !== 'officer' && ctx.user.role !== 'admin')) throw forbidden();
  const councilId = ctx.councilId;
  return ctx.db.transaction(async (tx) => {
    const txc = { ...ctx, db: tx };
    const [request] = await tx.select().from(residentRequests).where(and(
      eq(residentRequests.councilId, councilId), eq(residentRequests.reference, reference), eq(residentRequests.kind, 'garden_subscription'),
    )).for('update');
    if (!request) throw notFound('No garden waste subscription with that reference in your council.');
    if (request.status !== 'active') throw new DomainError('not_active', 'Only an active subscription has bins to deliver.', 409);
    const sub = await subscriptionRow(txc, councilId, request.id);
    const bins = sub.bins + (sub.addsTo === null ? await addedBins(txc, councilId, request.id) : 0);
    await tx.update(gardenSubscriptions).set({ binsDelivered: bins }).where(eq(gardenSubscriptions.requestId, request.id));
    await recordAudit(tx, ctx, {
      councilId, action: 'request.bins_delivered', entity: 'request', entityId: reference,
      before: { binsDelivered: sub.binsDelivered }, after: { binsDelivered: bins },
    });
    return { reference, bins, binsDelivered: bins };
  });
}
