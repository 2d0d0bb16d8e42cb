/**
 * Validators for public GET answers, so a CDN can absorb bank-holiday peaks: a strong ETag
 * derived from the answer itself and the day it was computed on, `Cache-Control: public,
 * max-age=300`, and `304 Not Modified` when the client already holds that version.
 */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { AppEnv } from '../../context.ts';
import { encodeAnswer, sendEncoded, type EncodedAnswer } from '../encoded-answer.ts';

export const CACHE_CONTROL = 'public, max-age=300';

/** A strong ETag for `body` as computed on `day` (the answer's bytes are deterministic for both). */
export function etagFor(body: unknown, day: string): string {
  return etagForText(JSON.stringify(body), day);
}

/** The same ETag from the answer's JSON text. */
export function etagForText(text: string, day: string): string {
  const hash = createHash('sha256').update(day).update('\n').update(text).digest('base64url');
  return `"${hash.slice(0, 32)}"`;
}

/**
 * JSON text and ETag per answer object: services that memoise an answer (the lookup cache hands
 * out the same object until what shapes it changes) are serialised and hashed once per day.
 */
const serialised = new WeakMap<object, { day: string; etag: string; encoded: EncodedAnswer }>();

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
  const day = c.var.deps.clock.now().toISOString().slice(0, 10);
  const key = typeof body === 'object' && body !== null ? (body as object) : undefined;
  c.header('Cache-Control', CACHE_CONTROL);
  if (!key) {
    // Not memoised by a service: serialised per request, and compressed by compress() as any answer.
    const text = JSON.stringify(body);
    const etag = etagForText(text, day);
    c.header('ETag', etag);
    if (ifNoneMatchHits(c.req.header('If-None-Match'), etag)) return c.body(null, 304);
    return c.body(text, 200, { 'Content-Type': 'application/json' }) as unknown as ReturnType<typeof c.json<T, 200>>;
  }
  // Memoised answers are serialised, hashed and encoded (gzipped) once a day; only the bytes are kept.
  let s = serialised.get(key);
  if (!s || s.day !== day) {
    const text = JSON.stringify(body);
    s = { day, etag: etagForText(text, day), encoded: encodeAnswer(text) };
    serialised.set(key, s);
  }
  if (ifNoneMatchHits(c.req.header('If-None-Match'), s.etag)) {
    c.header('ETag', s.etag);
    return c.body(null, 304);
  }
  // The bytes are exactly what c.json would send; typed as c.json's answer for the OpenAPI routes.
  return sendEncoded(c, s.encoded, 'application/json', s.etag) as unknown as ReturnType<typeof c.json<T, 200>>;
}
