/**
 * The outbox: messages are written in the same transaction as the change they announce, and a
 * deliverer sends them later, retrying with backoff. A failed send keeps the row (attempts, last
 * error, next attempt); nothing is lost. Rows are claimed with a short lease (`for update skip
 * locked`), so several instances can deliver side by side without sending a message twice.
 *
 * `created_at` and `sent_at` are service time (what retention and reports count in), but
 * `next_attempt_at`, the lease and the backoff are real elapsed time (DESIGN "Clock"): under a
 * fixed KERBSIDE_NOW a message that failed must still be retried a minute later. Anything that
 * writes outbox rows directly (the bulk alert queries) sets `next_attempt_at` to real time too.
 */
import { sql } from 'drizzle-orm';
import { outbox } from '../../db/schema/index.ts';
import { realNow } from '../clock.ts';
import type { ServiceContext } from '../context.ts';
import type { Sender } from './mailer.ts';

/** Placeholder for the public base URL, filled in at send time (so queued mail follows PUBLIC_URL). */
export const PUBLIC_URL_TOKEN = '{PUBLIC_URL}';

export interface NewMessage {
  councilId: number | null;
  kind: string;
  recipient: string;
  subject: string;
  body: string;
  payload?: Record<string, unknown>;
}

/** Adds a message; call with the transaction of the change it announces. */
export async function enqueue(ctx: ServiceContext, m: NewMessage): Promise<void> {
  await ctx.db.insert(outbox).values({ ...m, payload: m.payload ?? null, createdAt: ctx.clock.now(), nextAttemptAt: realNow() });
}

/** Seconds to wait after the n-th failed attempt: 1 min, 2, 4 … capped at 6 hours. */
export const backoffSeconds = (attempts: number) => Math.min(60 * 2 ** Math.max(0, attempts - 1), 6 * 3600);

/** While a row is being sent it is leased for this long; a crashed sender's rows come back after it. */
const LEASE_SECONDS = 300;

/** Mail headers a message carries in `payload.headers` (alert emails: List-Unsubscribe), URLs filled in. */
function headersOf(payload: unknown, fill: (v: string) => string): Record<string, string> | undefined {
  const p = (typeof payload === 'string' ? JSON.parse(payload) : payload) as { headers?: Record<string, unknown> } | null;
  if (!p?.headers || typeof p.headers !== 'object') return undefined;
  return Object.fromEntries(Object.entries(p.headers).filter(([, v]) => typeof v === 'string').map(([k, v]) => [k, fill(v as string)]));
}

export interface DeliveryReport {
  sent: number;
  failed: number;
}

const rowsOf = (result: unknown): any[] => ((result as any).rows ?? result) as any[];

export async function deliverOutbox(
  ctx: ServiceContext,
  sender: Sender,
  options: { publicUrl?: string; batch?: number; /** Real time in ms (tests may pass their own). */ nowMs?: () => number } = {},
): Promise<DeliveryReport> {
  const nowMs = options.nowMs ?? Date.now;
  const now = new Date(nowMs());
  const lease = new Date(now.getTime() + LEASE_SECONDS * 1000);
  const claimed = rowsOf(
    await ctx.db.execute(sql`
      update outbox set next_attempt_at = ${lease.toISOString()}
      where id in (
        select id from outbox
        where sent_at is null and next_attempt_at <= ${now.toISOString()}
        order by next_attempt_at, id
        limit ${options.batch ?? 50}
        for update skip locked)
      returning id, recipient, subject, body, payload, attempts`),
  );
  const report: DeliveryReport = { sent: 0, failed: 0 };
  for (const row of claimed) {
    const fill = (v: string) => v.split(PUBLIC_URL_TOKEN).join(options.publicUrl ?? '');
    const text = fill(String(row.body));
    const headers = headersOf(row.payload, fill);
    try {
      await sender.send({ to: row.recipient, subject: row.subject, text, reference: `kerbside-${row.id}`, ...(headers ? { headers } : {}) });
      await ctx.db.execute(sql`
        update outbox set sent_at = ${ctx.clock.now().toISOString()}, attempts = attempts + 1, last_error = null
        where id = ${row.id}`);
      report.sent++;
    } catch (err) {
      const attempts = Number(row.attempts) + 1;
      const next = new Date(nowMs() + backoffSeconds(attempts) * 1000);
      const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
      await ctx.db.execute(sql`
        update outbox set attempts = ${attempts}, next_attempt_at = ${next.toISOString()}, last_error = ${message}
        where id = ${row.id}`);
      report.failed++;
    }
  }
  return report;
}

/** Runs `deliverOutbox` every `everyMs` in the background; returns a stop function. */
export function startOutboxDelivery(
  ctx: ServiceContext,
  sender: Sender,
  options: { publicUrl?: string; everyMs?: number } = {},
): () => void {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await deliverOutbox(ctx, sender, { publicUrl: options.publicUrl });
    } catch (err) {
      console.error('outbox delivery failed:', err instanceof Error ? err.message : err);
    } finally {
      running = false;
    }
  }, options.everyMs ?? 5000);
  return () => clearInterval(timer);
}
