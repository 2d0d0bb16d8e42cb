/**
 * `Idempotency-Key` for public POSTs: a retried request with the same key and the same body gets
 * the first answer again (status and body), without doing the work twice; the same key with a
 * different body is refused with 422 `idempotency_key_reused`. Answers are kept for 24 hours.
 * Keys are scoped by route, so two integrators choosing the same key for different routes never meet.
 * Server errors (5xx) and rate-limit refusals are not remembered: a retry should really run again.
 */
import { eq, sql } from 'drizzle-orm';
import { idempotencyKeys } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { DomainError } from '../errors.ts';
import { sha256 } from './auth.ts';

export const IDEMPOTENCY_TTL_HOURS = 24;
const KEY_RE = /^[\x21-\x7e]{1,255}$/;

export interface StoredAnswer {
  status: number;
  body: unknown;
}

/** Canonical JSON (sorted keys) so the same fields in another order are the same request. */
export function fingerprint(value: unknown): string {
  const canon = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, canon((v as any)[k])]))
      : Array.isArray(v) ? v.map(canon) : v;
  return sha256(JSON.stringify(canon(value)));
}

export function checkKey(key: string): string {
  if (!KEY_RE.test(key)) {
    throw new DomainError('invalid_idempotency_key', 'Idempotency-Key must be 1–255 printable ASCII characters.', 400);
  }
  return key;
}

/**
 * Runs `work` once per (scope, key). `work` returns the answer; thrown DomainErrors (4xx except 429)
 * are remembered as answers too, so a retried duplicate gets the same 201 it first got.
 */
export async function withIdempotency(
  ctx: ServiceContext,
  input: { scope: string; key: string; request: unknown },
  work: () => Promise<StoredAnswer>,
): Promise<StoredAnswer & { replayed: boolean }> {
  const id = `${input.scope}:${checkKey(input.key)}`;
  const print = fingerprint(input.request);
  const since = ctx.clock.now().getTime() - IDEMPOTENCY_TTL_HOURS * 3600_000;

  const replay = (row: typeof idempotencyKeys.$inferSelect | undefined) => {
    if (!row || row.createdAt.getTime() < since) return undefined;
    const saved = row.body as { fingerprint: string; body: unknown };
    if (saved.fingerprint !== print) {
      throw new DomainError('idempotency_key_reused', 'This Idempotency-Key was used with a different request.', 422);
    }
    return { status: row.status, body: saved.body, replayed: true };
  };

  const [before] = await ctx.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, id));
  const early = replay(before);
  if (early) return early;

  let answer: StoredAnswer;
  try {
    answer = await work();
  } catch (err) {
    if (!(err instanceof DomainError) || err.status >= 500 || err.status === 429) throw err;
    answer = { status: err.status, body: { error: { code: err.code, message: err.message, ...(err.details ?? {}) } } };
  }
  const stored = { fingerprint: print, body: answer.body };
  const now = ctx.clock.now();
  // First writer wins; an expired row is replaced.
  const written = await ctx.db
    .insert(idempotencyKeys)
    .values({ key: id, status: answer.status, body: stored, createdAt: now })
    .onConflictDoUpdate({
      target: idempotencyKeys.key,
      set: { status: answer.status, body: stored, createdAt: now },
      setWhere: sql`${idempotencyKeys.createdAt} < ${new Date(since).toISOString()}`,
    })
    .returning({ key: idempotencyKeys.key });
  if (written.length === 0) {
    // A concurrent request with the same key stored its answer first; later retries get that one.
    // This request did its own work (the unique constraint kept it from doubling), so say what happened.
    const [other] = await ctx.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, id));
    replay(other); // still refuses a different body
  }
  return { ...answer, replayed: false };
}
