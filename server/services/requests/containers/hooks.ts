/**
 * What the shared lifecycle asks of a container request (server/services/requests/kinds.ts):
 * paid (or free) → a delivery planned on the property's next collection day of the container's
 * service, on that round's sheet and the officer's deliveries list; expired or cancelled → the
 * one-open slot is freed; cancelling after delivery is refused (`409 already_delivered`), before it
 * refunds in full (the council never sent anything).
 */
import { eq } from 'drizzle-orm';
import { containerRequests } from '../../../../db/schema/index.ts';
import type { Tx } from '../../../../db/client.ts';
import type { ServiceContext } from '../../../context.ts';
import { containerName, deliveryItem } from '../../../domain/requests/containers.ts';
import { DomainError } from '../../../errors.ts';
import { isLang, translate, type MessageKey } from '../../../../web/i18n/index.ts';
import { longDate } from '../../../../web/i18n/dates.ts';
import { councilToday, getCouncil } from '../../schedule.ts';
import { registerKind, type KindHooks, type RequestRow } from '../kinds.ts';
import { planDelivery } from './plan.ts';

/**
 * The request's own row. Every request this kind makes has one (both rows are written in one
 * transaction); a request of this kind made some other way (the lifecycle's own tests register a
 * stand-in kind) has none, and then the hooks leave it alone rather than fail the payment.
 */
async function detailOf(tx: Tx, requestId: number) {
  const [row] = await tx.select().from(containerRequests).where(eq(containerRequests.requestId, requestId));
  return row;
}

export const containerHooks: KindHooks = {
  kind: 'container_request',
  prefix: 'BR',
  paidStatus: 'active',

  async activate(tx, ctx, request) {
    const detail = await detailOf(tx, request.id);
    if (!detail) return;
    const council = await getCouncil({ ...ctx, db: tx }, request.councilId);
    // Planned now, not when asked: a request paid days later still goes out on a day still ahead.
    const plan = await planDelivery({ ...ctx, db: tx }, request.uprn, detail.serviceId, councilToday(ctx, council));
    await tx.update(containerRequests)
      .set({ roundId: plan?.roundId ?? null, deliveryDate: plan?.date ?? null, open: true })
      .where(eq(containerRequests.requestId, request.id));
  },

  async expire(tx, _ctx, request) {
    await tx.update(containerRequests).set({ open: false }).where(eq(containerRequests.requestId, request.id));
  },

  async cancel(tx, _ctx, request) {
    const detail = await detailOf(tx, request.id);
    if (detail?.deliveredAt) throw new DomainError('already_delivered', 'The container has been delivered: this request cannot be cancelled.', 409);
    await tx.update(containerRequests).set({ open: false, roundId: null, deliveryDate: null }).where(eq(containerRequests.requestId, request.id));
    return { refundPence: request.paidPence };
  },

  async describe(tx, ctx, request) {
    const detail = await detailOf(tx, request.id);
    if (!detail) return [];
    const council = await getCouncil({ db: tx, clock: ctx.clock }, request.councilId);
    const lang = isLang(request.language) ? request.language : 'en';
    const config = council.requests.containers?.find((c) => c.id === detail.containerId);
    const name = config ? containerName(config, lang) : detail.containerId;
    const lines = [
      deliveryItem(name, detail.quantity),
      translate(lang, 'containers.describe_reason', { reason: translate(lang, `containers.reason_${detail.reason}` as MessageKey) }),
    ];
    if (detail.deliveredAt) lines.push(translate(lang, 'containers.describe_delivered'));
    else if (detail.deliveryDate) lines.push(translate(lang, 'containers.describe_delivery', { date: longDate(lang, detail.deliveryDate, true) }));
    return lines;
  },

  officerActions(request: RequestRow) {
    return request.status === 'active' ? [{ label: 'Mark delivered', path: `/officer/deliveries/${request.reference}/delivered` }] : [];
  },
};

registerKind(containerHooks);
