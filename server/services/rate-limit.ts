/**
 * Fixed-window counters in the database, so every instance behind a load balancer shares them.
 */
import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';
import { DomainError } from '../errors.ts';

export interface Hit {
  count: number;
  /** Seconds until the window ends. */
  retryAfter: number;
}

/** Counts one hit for `key` in the current window of `windowSeconds`. */
export async function hit(ctx: ServiceContext, key: string, windowSeconds: number): Promise<Hit> {
  const nowMs = ctx.clock.now().getTime();
  const windowMs = windowSeconds * 1000;
  const windowStart = new Date(Math.floor(nowMs / windowMs) * windowMs);
  const result = (await ctx.db.execute(sql`
    insert into rate_limits (key, window_start, count) values (${key}, ${windowStart.toISOString()}, 1)
    on conflict (key) do update set
      count = case when rate_limits.window_start = excluded.window_start then rate_limits.count + 1 else 1 end,
      window_start = excluded.window_start
    returning count`)) as any;
  const rows = result.rows ?? result;
  return { count: Number(rows[0].count), retryAfter: Math.max(1, Math.ceil((windowStart.getTime() + windowMs - nowMs) / 1000)) };
}

/** Throws 429 `rate_limited` (with `retryAfter` seconds) once `limit` hits are exceeded in the window. */
export async function enforceLimit(ctx: ServiceContext, key: string, limit: number, windowSeconds = 60): Promise<void> {
  if (limit <= 0) return;
  const h = await hit(ctx, key, windowSeconds);
  if (h.count > limit) {
    throw new DomainError('rate_limited', `Too many requests. Try again in ${h.retryAfter} seconds.`, 429, { retryAfter: h.retryAfter });
  }
}

/** Forgets a key (a successful sign-in clears its failure count). */
export async function clearLimit(ctx: ServiceContext, key: string): Promise<void> {
  await ctx.db.execute(sql`delete from rate_limits where key = ${key}`);
}
