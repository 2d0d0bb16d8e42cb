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
const serialised = new WeakMap<object, { day: string; text: string; etag: string; encoded?: EncodedAnswer }>();

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
  let s = key ? serialised.get(key) : undefined;
  if (!s || s.day !== day) {
    const text = JSON.stringify(body);
    s = { day, text, etag: etagForText(text, day) };
    if (key) serialised.set(key, s);
  }
  c.header('Cache-Control', CACHE_CONTROL);
  if (ifNoneMatchHits(c.req.header('If-None-Match'), s.etag)) {
    c.header('ETag', s.etag);
    return c.body(null, 304);
  }
  // Memoised answers are encoded (and gzipped) once with their text; others per request, as compress() would.
  if (!key) {
    c.header('ETag', s.etag);
    return c.body(s.text, 200, { 'Content-Type': 'application/json' }) as unknown as ReturnType<typeof c.json<T, 200>>;
  }
  s.encoded ??= encodeAnswer(s.text);
  // The bytes are exactly what c.json would send; typed as c.json's answer for the OpenAPI routes.
  return sendEncoded(c, s.encoded, 'application/json', s.etag) as unknown as ReturnType<typeof c.json<T, 200>>;
}
