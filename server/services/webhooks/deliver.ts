/**
 * Sends queued webhook deliveries. Rows are claimed with a lease (`for update skip locked`, then
 * next_attempt_at pushed past the lease), so two instances never send the same row at once and a
 * crashed sender's rows come back when the lease ends: nothing is lost across a restart.
 *
 * Timing is real elapsed time (DESIGN "Clock"), never the fixed service clock: a failed attempt is
 * retried after 30 s, then 60, 120 … for 24 hours from the event, then given up. An endpoint whose
 * deliveries have failed continuously for 24 hours is disabled, its pending deliveries given up,
 * and the officer who registered it is told by email (through the outbox).
 *
 * Order is not guaranteed, as Standard Webhooks does not promise it either: a batch goes out oldest
 * first, but a retried delivery is sent after newer ones that succeeded, two instances send
 * batches side by side, and a lease that runs out puts a row back in the queue. Receivers order
 * events by the body's `timestamp` and deduplicate by `webhook-id`.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { users, webhookDeliveries, webhookEndpoints } from '../../../db/schema/index.ts';
import type { ServiceContext } from '../../context.ts';
import { enqueue } from '../outbox.ts';
import { sign } from './sign.ts';
import type { WebhookTransport } from './transport.ts';
import { checkWebhookUrl } from './url.ts';

export const FIRST_RETRY_SECONDS = 30;
export const RETRY_FOR_MS = 24 * 3600_000;
export const DISABLE_AFTER_MS = 24 * 3600_000;
/** Longer than the transport's timeout: a row in flight is not claimed again. */
const LEASE_MS = 60_000;

export const retryDelaySeconds = (attempts: number) => FIRST_RETRY_SECONDS * 2 ** Math.max(0, attempts - 1);

export interface DeliverOptions {
  allowPrivate: boolean;
  batch?: number;
  /** Real time in ms (tests may pass their own). */
  nowMs?: () => number;
}

export interface DeliverReport {
  delivered: number;
  failed: number;
  givenUp: number;
}

const rowsOf = (result: unknown): any[] => ((result as any).rows ?? result) as any[];
const asDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));

export async function deliverWebhooks(ctx: ServiceContext, transport: WebhookTransport, options: DeliverOptions): Promise<DeliverReport> {
  const nowMs = options.nowMs ?? Date.now;
  const now = new Date(nowMs());
  const lease = new Date(now.getTime() + LEASE_MS);
  const claimed = rowsOf(
    await ctx.db.execute(sql`
      update webhook_deliveries set next_attempt_at = ${lease.toISOString()}
      where id in (
        select id from webhook_deliveries
        where delivered_at is null and given_up_at is null and next_attempt_at <= ${now.toISOString()}
        order by next_attempt_at, id
        limit ${options.batch ?? 50}
        for update skip locked)
      returning id, endpoint_id, body, attempts, created_at`),
  );
  // UPDATE … RETURNING gives rows in no defined order (the subquery's ORDER BY picks which rows,
  // not the order they come back in), so a batch is sent oldest event first by sorting here.
  // That is best effort, not a promise: see "Order" in docs/webhooks.md.
  claimed.sort((a, b) => asDate(a.created_at).getTime() - asDate(b.created_at).getTime() || String(a.id).localeCompare(String(b.id)));
  const report: DeliverReport = { delivered: 0, failed: 0, givenUp: 0 };
  for (const row of claimed) {
    const outcome = await attempt(ctx, transport, options, {
      id: String(row.id), endpointId: String(row.endpoint_id), body: String(row.body), attempts: Number(row.attempts), createdAt: asDate(row.created_at),
    });
    report[outcome]++;
  }
  return report;
}

interface Claimed {
  id: string;
  endpointId: string;
  body: string;
  attempts: number;
  createdAt: Date;
}

async function attempt(ctx: ServiceContext, transport: WebhookTransport, options: DeliverOptions, d: Claimed): Promise<keyof DeliverReport> {
  const nowMs = options.nowMs ?? Date.now;
  const [endpoint] = await ctx.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, d.endpointId));
  if (!endpoint || endpoint.disabledAt) {
    await ctx.db.update(webhookDeliveries).set({ givenUpAt: new Date(nowMs()), lastStatus: 'given_up', lastError: 'The endpoint is disabled.' })
      .where(eq(webhookDeliveries.id, d.id));
    return 'givenUp';
  }
  let status: number | undefined;
  let error: string | undefined;
  try {
    const url = await checkWebhookUrl(endpoint.url, { allowPrivate: options.allowPrivate });
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await transport.post({
      url,
      body: d.body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Kerbside-Webhooks/1',
        'webhook-id': d.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': sign(endpoint.secret, d.id, timestamp, d.body),
      },
    });
    status = res.status;
    error = res.error ?? (status !== undefined && (status < 200 || status >= 300) ? `HTTP ${status}${status >= 300 && status < 400 ? ' (redirects are not followed)' : ''}` : undefined);
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  const at = new Date(nowMs());
  const attempts = d.attempts + 1;
  if (!error) {
    await ctx.db.update(webhookDeliveries)
      .set({ attempts, deliveredAt: at, lastAttemptAt: at, lastStatus: 'delivered', lastResponseCode: status ?? null, lastError: null })
      .where(eq(webhookDeliveries.id, d.id));
    await ctx.db.update(webhookEndpoints).set({ failingSince: null }).where(eq(webhookEndpoints.id, endpoint.id));
    return 'delivered';
  }
  const deadline = d.createdAt.getTime() + RETRY_FOR_MS;
  const giveUp = at.getTime() >= deadline;
  const next = new Date(Math.min(at.getTime() + retryDelaySeconds(attempts) * 1000, deadline));
  await ctx.db.update(webhookDeliveries)
    .set({
      attempts, lastAttemptAt: at, lastStatus: giveUp ? 'given_up' : 'failed', lastResponseCode: status ?? null, lastError: error.slice(0, 500),
      nextAttemptAt: next, givenUpAt: giveUp ? at : null,
    })
    .where(eq(webhookDeliveries.id, d.id));
  const [marked] = await ctx.db.update(webhookEndpoints)
    .set({ failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${at.toISOString()}::timestamptz)` })
    .where(eq(webhookEndpoints.id, endpoint.id))
    .returning({ failingSince: webhookEndpoints.failingSince });
  if (marked?.failingSince && at.getTime() - marked.failingSince.getTime() >= DISABLE_AFTER_MS) await disable(ctx, endpoint, at);
  return giveUp ? 'givenUp' : 'failed';
}

/** Disables a failing endpoint once (the conditional update decides), gives up its queue, tells its owner. */
async function disable(ctx: ServiceContext, endpoint: typeof webhookEndpoints.$inferSelect, at: Date) {
  await ctx.db.transaction(async (tx) => {
    const [done] = await tx.update(webhookEndpoints).set({ disabledAt: at })
      .where(and(eq(webhookEndpoints.id, endpoint.id), isNull(webhookEndpoints.disabledAt)))
      .returning({ id: webhookEndpoints.id });
    if (!done) return;
    await tx.update(webhookDeliveries)
      .set({ givenUpAt: at, lastStatus: 'given_up', lastError: 'The endpoint was disabled after failing for 24 hours.' })
      .where(and(eq(webhookDeliveries.endpointId, endpoint.id), isNull(webhookDeliveries.deliveredAt), isNull(webhookDeliveries.givenUpAt)));
    const [owner] = endpoint.createdBy
      ? await tx.select({ email: users.email }).from(users).where(eq(users.id, endpoint.createdBy))
      : [];
    if (!owner) return;
    // Officers' mail, not residents': English, like the officer pages.
    await enqueue({ ...ctx, db: tx }, {
      councilId: endpoint.councilId,
      kind: 'webhook.disabled',
      recipient: owner.email,
      subject: 'Kerbside webhook disabled after 24 hours of failures',
      body: [
        `Deliveries to your webhook endpoint ${endpoint.url} have failed for 24 hours, so Kerbside has disabled it.`,
        'Pending events for it will not be sent.',
        '',
        'Fix the receiver, then enable the endpoint again on the webhooks page: {PUBLIC_URL}/officer/webhooks',
      ].join('\n'),
      payload: { endpointId: endpoint.id },
    });
  });
}
