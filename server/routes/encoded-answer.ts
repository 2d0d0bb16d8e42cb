/**
 * Finished answers kept as bytes, gzip-compressed when large (issue 10, the lookup path): the
 * property page (~25 KB of HTML) and the property JSON are cached, so they are encoded and
 * compressed once per cached version instead of per request (the app-wide `compress()` middleware
 * runs a CompressionStream per answer). An answer sent here carries its own `Content-Encoding`,
 * which `compress()` leaves alone; what a client sees is what `compress()` would have sent
 * (gzip for clients that accept it, `Vary: Accept-Encoding`, a weak ETag on compressed bytes).
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Below this `compress()` sends answers as they are (its default threshold). */
const GZIP_THRESHOLD = 1024;

/**
 * An answer's bytes: below the threshold as they are; above it only gzip-compressed (HTML and JSON
 * shrink to a fifth or less), since browsers, Home Assistant and calendar apps ask for gzip and an
 * instance serving a million properties must stay small (issue 10). A client that does not take
 * gzip gets the bytes inflated for its request.
 */
export type EncodedAnswer = { body: Uint8Array<ArrayBuffer>; gzip?: undefined } | { body?: undefined; gzip: Uint8Array<ArrayBuffer> };

const utf8 = new TextEncoder();

export function encodeAnswer(text: string): EncodedAnswer {
  const bytes = utf8.encode(text) as Uint8Array<ArrayBuffer>;
  return bytes.byteLength < GZIP_THRESHOLD ? { body: bytes } : { gzip: Bun.gzipSync(bytes) as Uint8Array<ArrayBuffer> };
}

/** Bytes an encoded answer holds (for caches bounded by size). */
export const encodedSize = (a: EncodedAnswer) => (a.body ?? a.gzip).byteLength;

/** Accept-Encoding names gzip with a non-zero weight (RFC 9110 §12.5.3; `*` counts). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().split(';');
    const coding = name.trim().toLowerCase();
    if (coding !== 'gzip' && coding !== 'x-gzip' && coding !== '*') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (!q || Number(q.slice(2)) > 0) return true;
  }
  return false;
}

/**
 * Sends the answer, compressed when the client accepts gzip, with its ETag when it has one.
 * Headers set before (Cache-Control, Content-Language) stay.
 */
export function sendEncoded(c: Context, answer: EncodedAnswer, contentType: string, etag?: string, status: ContentfulStatusCode = 200) {
  if (answer.body) {
    if (etag) c.header('ETag', etag);
    return c.body(answer.body, status, { 'Content-Type': contentType });
  }
  const gzip = acceptsGzip(c.req.header('Accept-Encoding'));
  c.header('Vary', 'Accept-Encoding');
  // As compress() marks it: the compressed bytes are not the identity bytes a strong tag names.
  if (etag) c.header('ETag', gzip && !etag.startsWith('W/') ? `W/${etag}` : etag);
  if (!gzip) return c.body(Bun.gunzipSync(answer.gzip) as Uint8Array<ArrayBuffer>, status, { 'Content-Type': contentType });
  return c.body(answer.gzip, status, { 'Content-Type': contentType, 'Content-Encoding': 'gzip' });
}
