/**
 * Validators for public GET answers, so a CDN can absorb bank-holiday peaks: a strong ETag
 * derived from the answer itself and the day it was computed on, `Cache-Control: public,
 * max-age=300`, and `304 Not Modified` when the client already holds that version.
 */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { AppEnv } from '../../context.ts';

export const CACHE_CONTROL = 'public, max-age=300';

/** A strong ETag for `body` as computed on `day` (the answer's bytes are deterministic for both). */
export function etagFor(body: unknown, day: string): string {
  const hash = createHash('sha256').update(day).update('\n').update(JSON.stringify(body)).digest('base64url');
  return `"${hash.slice(0, 32)}"`;
}

/** RFC 9110 If-None-Match: `*` or a list of (weak or strong) tags, compared weakly. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === bare;
  });
}

/** Answers `body` as JSON with validators, or `304` with the same validators when they match. */
export function cachedJson<T>(c: Context<AppEnv>, body: T) {
  // The UTC day keeps answers from being revalidated to yesterday's version across midnight even
  // where the body happens to read the same; the body itself already carries the council-local day.
  const etag = etagFor(body, c.var.deps.clock.now().toISOString().slice(0, 10));
  c.header('ETag', etag);
  c.header('Cache-Control', CACHE_CONTROL);
  if (ifNoneMatchHits(c.req.header('If-None-Match'), etag)) return c.body(null, 304);
  return c.json(body, 200);
}
