/**
 * Deliveries: the jobs active container requests put on crews' round sheets and on the officer's
 * deliveries list, and marking one delivered (a crew member or an officer of the council; audited),
 * which completes the request and closes its one-open slot.
 */
import { and, asc, eq, isNull, lt, or } from 'drizzle-orm';
import { containerRequests, properties, requestHistory, residentRequests, rounds } from '../../../../db/schema/index.ts';
import type { ServiceContext } from '../../../context.ts';
import type { LocalDate } from '../../../domain/dates.ts';
import { containerName, deliveryItem } from '../../../domain/requests/containers.ts';
import type { ContainerConfig } from '../../../domain/requests/config.ts';
import { DomainError, forbidden, notFound } from '../../../errors.ts';
import { requestUpdated } from '../events.ts';
import { recordAudit } from '../../audit/record.ts';
import { getCouncil } from '../../schedule.ts';
import { isLang, translate } from '../../../../web/i18n/index.ts';
import { registerRoundJobs, type RoundJob } from '../round-jobs.ts';

const itemsFor = (list: ContainerConfig[] | undefined, containerId: string, quantity: number, lang: 'en' | 'cy' = 'en') => {
  const config = list?.find((c) => c.id === containerId);
  return [deliveryItem(config ? containerName(config, lang) : containerId, quantity)];
};

/** The round sheet's delivery jobs for one round and day (crews read English item names). */
export async function deliveryJobs(ctx: ServiceContext, councilId: number, roundId: string, date: LocalDate): Promise<RoundJob[]> {
  const rows = await ctx.db
    .select({ reference: residentRequests.reference, uprn: containerRequests.uprn, containerId: containerRequests.containerId, quantity: containerRequests.quantity })
    .from(containerRequests)
    .innerJoin(residentRequests, eq(residentRequests.id, containerRequests.requestId))
    .where(and(
      eq(containerRequests.councilId, councilId), eq(containerRequests.deliveryDate, date), eq(containerRequests.roundId, roundId),
      // Delivered ones stay on that day's sheet (done), so a crew's sheet does not change under it.
      or(eq(residentRequests.status, 'active'), eq(residentRequests.status, 'completed')),
    ))
    .orderBy(asc(residentRequests.reference));
  if (rows.length === 0) return [];
  const council = await getCouncil(ctx, councilId);
  return rows.map((r) => ({ type: 'delivery' as const, reference: r.reference, uprn: r.uprn, items: itemsFor(council.requests.containers, r.containerId, r.quantity) }));
}

registerRoundJobs(deliveryJobs);

export interface DeliveryRow {
  reference: string;
  uprn: number;
  address: string;
  postcode: string;
  container: string;
  items: string[];
  reason: string;
  roundId: string | null;
  roundName: string | null;
  deliveryDate: LocalDate | null;
  deliveredAt: Date | null;
  status: string;
}

/**
 * The officer's list for a day: deliveries planned that day (done or not), then those still waiting
 * from earlier days or with no day (the property lost its round after paying), oldest first.
 */
export async function listDeliveries(ctx: ServiceContext, date: LocalDate): Promise<{ planned: DeliveryRow[]; waiting: DeliveryRow[] }> {
  const councilId = ctx.councilId;
  if (councilId === undefined) throw forbidden();
  const council = await getCouncil(ctx, councilId);
  const rows = await ctx.db
    .select({
      reference: residentRequests.reference, uprn: containerRequests.uprn, address: properties.address, postcode: properties.postcode,
      containerId: containerRequests.containerId, quantity: containerRequests.quantity, reason: containerRequests.reason,
      roundId: containerRequests.roundId, roundName: rounds.name, deliveryDate: containerRequests.deliveryDate,
      deliveredAt: containerRequests.deliveredAt, status: residentRequests.status,
    })
    .from(containerRequests)
    .innerJoin(residentRequests, eq(residentRequests.id, containerRequests.requestId))
    .innerJoin(properties, eq(properties.uprn, containerRequests.uprn))
    .leftJoin(rounds, and(eq(rounds.councilId, containerRequests.councilId), eq(rounds.id, containerRequests.roundId)))
    .where(and(
      eq(containerRequests.councilId, councilId),
      or(
        and(eq(containerRequests.deliveryDate, date), or(eq(residentRequests.status, 'active'), eq(residentRequests.status, 'completed'))),
        and(eq(residentRequests.status, 'active'), or(lt(containerRequests.deliveryDate, date), isNull(containerRequests.deliveryDate))),
      ),
    ))
    .orderBy(asc(containerRequests.deliveryDate), asc(containerRequests.roundId), asc(residentRequests.reference))
    .limit(2000);
  const list = council.requests.containers;
  const view = rows.map((r): DeliveryRow => {
    const config = list?.find((c) => c.id === r.containerId);
    return { ...r, container: config ? containerName(config, 'en') : r.containerId, items: itemsFor(list, r.containerId, r.quantity) };
  });
  return { planned: view.filter((r) => r.deliveryDate === date), waiting: view.filter((r) => r.deliveryDate !== date) };
}

const STAFF = new Set(['crew', 'officer', 'admin']);

/**
 * Marks a container delivered: the request becomes `completed` with a history step, the slot is
 * freed, and the audit log says who. Repeating it (a crew's queued retry) changes nothing and
 * answers the same. Another council's reference is `404`; a request not yet paid, cancelled or
 * expired is `409 not_active`.
 */
export async function markDelivered(ctx: ServiceContext, reference: string, note?: string | null): Promise<{ reference: string; status: string }> {
  const user = ctx.user;
  if (!user || ctx.councilId === undefined) throw forbidden();
  if (!STAFF.has(user.role)) throw forbidden();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: residentRequests.id, status: residentRequests.status, language: residentRequests.language, uprn: residentRequests.uprn, amountPence: residentRequests.amountPence, deliveredAt: containerRequests.deliveredAt, deliveryDate: containerRequests.deliveryDate })
      .from(residentRequests)
      .innerJoin(containerRequests, eq(containerRequests.requestId, residentRequests.id))
      .where(and(eq(residentRequests.reference, reference), eq(residentRequests.councilId, ctx.councilId!), eq(residentRequests.kind, 'container_request')))
      .for('update');
    if (!row) throw notFound(`No container request ${reference}`);
    if (row.deliveredAt) return { reference, status: row.status };
    if (row.status !== 'active') throw new DomainError('not_active', `Request ${reference} is ${row.status.replace('_', ' ')}: only a paid, open request can be delivered.`, 409);
    const now = ctx.clock.now();
    await tx.update(containerRequests).set({ deliveredAt: now, deliveredBy: user.id, open: false }).where(eq(containerRequests.requestId, row.id));
    await tx.update(residentRequests).set({ status: 'completed', updatedAt: now }).where(eq(residentRequests.id, row.id));
    await tx.insert(requestHistory).values({
      councilId: ctx.councilId!, requestId: row.id, at: now, status: 'completed', note: note || translate(isLang(row.language) ? row.language : 'en', 'containers.history_delivered'), userId: user.id,
      detail: { event: 'delivered', plannedFor: row.deliveryDate },
    });
    await requestUpdated({ ...ctx, db: tx }, { councilId: ctx.councilId!, reference, kind: 'container_request', uprn: row.uprn, status: 'completed', amountPence: row.amountPence }, 'active', { event: 'delivered' });
    await recordAudit(tx, ctx, {
      councilId: ctx.councilId!, action: 'request.delivered', entity: 'request', entityId: reference,
      before: { status: 'active', deliveredAt: null }, after: { status: 'completed', deliveredAt: now.toISOString() },
    });
    return { reference, status: 'completed' };
  });
}
