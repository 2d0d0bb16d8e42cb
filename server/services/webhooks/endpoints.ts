/**
 * Webhook endpoints of a council, for its officers and admins: register (the secret is in that
 * answer only), list, delete, re-enable one that was disabled, and the recent deliveries of one.
 * Another council's endpoint is 404.
 * Writes are audited (entity `webhook`); the secret never goes into the audit log.
 */
import { and, desc, eq } from 'drizzle-orm';
import { webhookDeliveries, webhookEndpoints } from '../../../db/schema/index.ts';
import type { ServiceContext } from '../../context.ts';
import { DomainError, forbidden, notFound, unauthorized } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';
import { isWebhookEvent, WEBHOOK_EVENTS, type WebhookEvent } from './events.ts';
import { newSecret } from './sign.ts';
import { checkWebhookUrl, type UrlRules } from './url.ts';

/** Enough for any council; stops an endpoint list from growing without bound. */
export const MAX_ENDPOINTS = 20;

export interface EndpointView {
  id: string;
  url: string;
  events: WebhookEvent[];
  createdAt: string;
  disabledAt: string | null;
  failingSince: string | null;
}

export interface DeliveryView {
  id: string;
  event: string;
  createdAt: string;
  status: 'pending' | 'delivered' | 'failed' | 'given_up';
  attempts: number;
  lastAttemptAt: string | null;
  responseCode: number | null;
  error: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const view = (e: typeof webhookEndpoints.$inferSelect): EndpointView => ({
  id: e.id, url: e.url, events: e.events as WebhookEvent[], createdAt: e.createdAt.toISOString(), disabledAt: iso(e.disabledAt), failingSince: iso(e.failingSince),
});

/** The officer's (or admin's) council. */
function officerCouncil(ctx: ServiceContext): number {
  if (!ctx.user) throw unauthorized();
  if (ctx.user.role !== 'officer' && ctx.user.role !== 'admin') throw forbidden();
  return ctx.councilId ?? ctx.user.councilId;
}

export async function listEndpoints(ctx: ServiceContext): Promise<EndpointView[]> {
  const councilId = officerCouncil(ctx);
  const rows = await ctx.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.councilId, councilId)).orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id));
  return rows.map(view);
}

async function ownEndpoint(ctx: ServiceContext, councilId: number, id: string) {
  if (!/^ep_[0-9a-f]{32}$/.test(id)) throw notFound('No such webhook endpoint.');
  const [row] = await ctx.db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.councilId, councilId), eq(webhookEndpoints.id, id)));
  if (!row) throw notFound('No such webhook endpoint.');
  return row;
}

export function checkEvents(events: unknown): WebhookEvent[] {
  if (!Array.isArray(events) || events.length === 0) throw new DomainError('webhook_events_required', 'Choose at least one event.', 422);
  const bad = events.find((e) => typeof e !== 'string' || !isWebhookEvent(e));
  if (bad !== undefined) throw new DomainError('webhook_event_unknown', `Unknown event "${String(bad)}"; events are ${WEBHOOK_EVENTS.join(', ')}.`, 422);
  return [...new Set(events as WebhookEvent[])];
}

/** Registers an endpoint: 422 for a refused URL or event list. The answer's `secret` is never shown again. */
export async function createEndpoint(ctx: ServiceContext, input: { url: string; events: unknown }, rules: UrlRules): Promise<EndpointView & { secret: string }> {
  const councilId = officerCouncil(ctx);
  const events = checkEvents(input.events);
  if (typeof input.url !== 'string' || input.url.length > 2000) throw new DomainError('webhook_url_invalid', 'The URL is not a valid absolute URL.', 422);
  const url = await checkWebhookUrl(input.url, rules);
  const secret = newSecret();
  return ctx.db.transaction(async (tx) => {
    const existing = await tx.select({ id: webhookEndpoints.id }).from(webhookEndpoints).where(eq(webhookEndpoints.councilId, councilId));
    if (existing.length >= MAX_ENDPOINTS) throw new DomainError('webhook_limit', `A council can have at most ${MAX_ENDPOINTS} endpoints.`, 422);
    const [row] = await tx.insert(webhookEndpoints).values({
      id: `ep_${crypto.randomUUID().replace(/-/g, '')}`, councilId, url, events, secret, createdBy: ctx.user!.id, createdAt: ctx.clock.now(),
    }).returning();
    await recordAudit(tx, ctx, { councilId, action: 'webhook.create', entity: 'webhook', entityId: row.id, before: null, after: { url, events } });
    return { ...view(row), secret };
  });
}

export async function deleteEndpoint(ctx: ServiceContext, id: string): Promise<void> {
  const councilId = officerCouncil(ctx);
  const row = await ownEndpoint(ctx, councilId, id);
  await ctx.db.transaction(async (tx) => {
    await tx.delete(webhookEndpoints).where(and(eq(webhookEndpoints.councilId, councilId), eq(webhookEndpoints.id, row.id)));
    await recordAudit(tx, ctx, { councilId, action: 'webhook.delete', entity: 'webhook', entityId: row.id, before: { url: row.url, events: row.events }, after: null });
  });
}

/**
 * Turns an endpoint disabled after a day of failures back on, with a clean failure state
 * (`failing_since` cleared, so a fresh day of failures is needed to disable it again). The URL is
 * checked again (422 as when registering: its address may have changed since). Deliveries given up
 * while it was down stay given up (the receiver can catch up through the API); new events are
 * queued from now on. Enabling an endpoint that is not disabled changes nothing and answers the same.
 */
export async function enableEndpoint(ctx: ServiceContext, id: string, rules: UrlRules): Promise<EndpointView> {
  const councilId = officerCouncil(ctx);
  const row = await ownEndpoint(ctx, councilId, id);
  if (!row.disabledAt) return view(row);
  await checkWebhookUrl(row.url, rules);
  return ctx.db.transaction(async (tx) => {
    const [done] = await tx.update(webhookEndpoints).set({ disabledAt: null, failingSince: null })
      .where(and(eq(webhookEndpoints.councilId, councilId), eq(webhookEndpoints.id, row.id)))
      .returning();
    await recordAudit(tx, ctx, {
      councilId, action: 'webhook.enable', entity: 'webhook', entityId: row.id,
      before: { disabledAt: iso(row.disabledAt), failingSince: iso(row.failingSince) }, after: { disabledAt: null, failingSince: null },
    });
    return view(done);
  });
}

export const DELIVERIES_SHOWN = 50;

/** The latest deliveries of one endpoint, newest first. */
export async function listDeliveries(ctx: ServiceContext, id: string, limit = DELIVERIES_SHOWN): Promise<DeliveryView[]> {
  const councilId = officerCouncil(ctx);
  const endpoint = await ownEndpoint(ctx, councilId, id);
  const rows = await ctx.db.select().from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.councilId, councilId), eq(webhookDeliveries.endpointId, endpoint.id)))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit);
  return rows.map((d) => {
    const status = d.deliveredAt ? 'delivered' : d.givenUpAt ? 'given_up' : d.attempts > 0 ? 'failed' : 'pending';
    return {
      id: d.id, event: d.eventType, createdAt: d.createdAt.toISOString(), status, attempts: d.attempts,
      lastAttemptAt: iso(d.lastAttemptAt), responseCode: d.lastResponseCode, error: d.lastError,
      nextAttemptAt: status === 'pending' || status === 'failed' ? d.nextAttemptAt.toISOString() : null, deliveredAt: iso(d.deliveredAt),
    };
  });
}
