/**
 * Window counters in the database, so every instance behind a load balancer shares them.
 *
 * Windows run on real elapsed time (DESIGN "Clock"), read from the database's `now()` so that
 * instances whose clocks differ a little still agree. A window starts at a key's first hit and
 * lasts `windowSeconds`; the next hit after it ends starts a new one. (Windows aligned to the
 * minute would let a burst straddling a boundary through twice over, and make a test that sends
 * `limit + 1` requests pass or fail with the second hand.)
 */
import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../context.ts';
import { DomainError } from '../errors.ts';

export interface Hit {
  count: number;
  /** Seconds until the window ends. */
  retryAfter: number;
}

/** Counts one hit for `key` in its current window of `windowSeconds` (starting one if none is open). */
export async function hit(ctx: ServiceContext, key: string, windowSeconds: number): Promise<Hit> {
  const seconds = Math.max(1, Math.round(windowSeconds));
  // In `do update`, `rate_limits.*` is the row as it was: both columns decide on the old window.
  const result = (await ctx.db.execute(sql`
    insert into rate_limits as r (key, window_start, count) values (${key}, now(), 1)
    on conflict (key) do update set
      count = case when r.window_start > now() - make_interval(secs => ${seconds}) then r.count + 1 else 1 end,
      window_start = case when r.window_start > now() - make_interval(secs => ${seconds}) then r.window_start else now() end
    returning count, ceil(extract(epoch from (window_start + make_interval(secs => ${seconds}) - now())))::int as retry_after`)) as any;
  const rows = result.rows ?? result;
  return { count: Number(rows[0].count), retryAfter: Math.max(1, Number(rows[0].retry_after)) };
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
