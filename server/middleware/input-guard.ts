/**
 * Hostile input stops here, before any route or query sees it (issue 10 item 4): NUL bytes,
 * percent-encoding that does not decode, bytes that are not UTF-8, lone surrogates and over-long
 * values in the path, the query, headers, JSON strings and form fields become
 * 400 `invalid_input` in the surface's own error shape (JSON, Open311 `[{code, description}]`,
 * calendars plain text) instead of a PostgreSQL "invalid byte sequence" 500.
 *
 * Bodies: only JSON and url-encoded forms are read here (once: Hono caches the bytes for the
 * route); multipart uploads (crew photos) and anything else pass untouched, and so do bodies
 * larger than BODY_GUARD_MAX_BYTES (bundle uploads), whose own readers enforce their limits.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { DomainError } from '../errors.ts';
import { renderError } from './errors.ts';

export const MAX_SEGMENT_CHARS = 1_000;
export const MAX_QUERY_VALUE_CHARS = 2_000;
export const MAX_QUERY_CHARS = 16_000;
export const MAX_HEADER_BYTES = 8 * 1024;
/** Bodies up to this size are checked here; larger ones are left to the route's own reader. */
export const BODY_GUARD_MAX_BYTES = 2_000_000;

const NUL = '\u0000';
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const bad = (where: string, why: string) => new DomainError('invalid_input', `${where}: ${why}.`, 400);

/** Why a decoded text value cannot be accepted, or undefined when it is fine. */
export function textProblem(value: string, max?: number): string | undefined {
  if (value.includes(NUL)) return 'contains a NUL byte';
  if (LONE_SURROGATE.test(value)) return 'is not valid Unicode';
  if (max !== undefined && value.length > max) return `is longer than ${max} characters`;
  return undefined;
}

/** decodeURIComponent that says "invalid" instead of throwing (bad %-escapes, non-UTF-8 bytes). */
function decode(raw: string, plusIsSpace: boolean): string | undefined {
  try {
    return decodeURIComponent(plusIsSpace ? raw.replace(/\+/g, ' ') : raw);
  } catch {
    return undefined;
  }
}

function checkPath(pathname: string): DomainError | undefined {
  for (const segment of pathname.split('/')) {
    if (!segment) continue;
    const value = decode(segment, false);
    if (value === undefined) return bad('path', 'has invalid percent-encoding or is not UTF-8');
    const problem = textProblem(value, MAX_SEGMENT_CHARS);
    if (problem) return bad('path segment', problem);
  }
  return undefined;
}

function checkQuery(search: string): DomainError | undefined {
  if (!search) return undefined;
  if (search.length > MAX_QUERY_CHARS) return bad('query', `is longer than ${MAX_QUERY_CHARS} characters`);
  for (const pair of search.replace(/^\?/, '').split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const [rawKey, rawValue] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    const key = decode(rawKey, true);
    const value = decode(rawValue, true);
    if (key === undefined || value === undefined) return bad('query', 'has invalid percent-encoding or is not UTF-8');
    const name = textProblem(key, MAX_SEGMENT_CHARS) ? 'a parameter name' : key;
    const problem = textProblem(key, MAX_SEGMENT_CHARS) ?? textProblem(value, MAX_QUERY_VALUE_CHARS);
    if (problem) return bad(`query ${name}`, problem);
  }
  return undefined;
}

function checkHeaders(headers: Headers): DomainError | undefined {
  for (const [name, value] of headers) {
    // Header values are byte strings: their length is their size.
    if (value.length > MAX_HEADER_BYTES) return bad(`header ${name}`, `is larger than ${MAX_HEADER_BYTES} bytes`);
    if (value.includes(NUL)) return bad(`header ${name}`, 'contains a NUL byte');
  }
  return undefined;
}

/** The first string (key or value) anywhere in a parsed JSON value that cannot be accepted. */
function jsonProblem(value: unknown, depth = 0): string | undefined {
  if (typeof value === 'string') return textProblem(value);
  if (depth > 64 || value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (const v of value) {
      const p = jsonProblem(v, depth + 1);
      if (p) return p;
    }
    return undefined;
  }
  for (const [k, v] of Object.entries(value)) {
    const p = textProblem(k) ?? jsonProblem(v, depth + 1);
    if (p) return p;
  }
  return undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

async function checkBody(c: Context): Promise<DomainError | undefined> {
  const method = c.req.method;
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return undefined;
  const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  const json = type === 'application/json' || type.endsWith('+json');
  const form = type === 'application/x-www-form-urlencoded';
  if (!json && !form) return undefined;
  const declared = Number(c.req.header('content-length') ?? 0);
  if (declared > BODY_GUARD_MAX_BYTES) return undefined;
  let text: string;
  try {
    // Read as bytes (cached by Hono for the route's own c.req.text()/json()/parseBody()).
    const bytes = await c.req.arrayBuffer();
    // The raw stream is now used up: hand on a request that still has its body, for middleware
    // that reads c.req.raw itself (hono's bodyLimit on a chunked upload would otherwise throw
    // "ReadableStream is locked", a 500).
    c.req.raw = new Request(c.req.raw, { body: bytes });
    text = utf8.decode(bytes);
  } catch {
    return bad('body', 'is not UTF-8');
  }
  if (json) {
    // Escaped NULs and surrogates only appear after parsing; a body that does not parse is the
    // route's to reject (400 malformed_body), with its own message.
    if (!text.includes('\\u') && !text.includes(NUL)) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return undefined;
    }
    const problem = jsonProblem(value);
    return problem ? bad('body', `a string ${problem}`) : undefined;
  }
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decode(eq < 0 ? pair : pair.slice(0, eq), true);
    const value = decode(eq < 0 ? '' : pair.slice(eq + 1), true);
    if (key === undefined || value === undefined) return bad('form', 'has invalid percent-encoding or is not UTF-8');
    const problem = textProblem(key, MAX_SEGMENT_CHARS) ?? textProblem(value);
    if (problem) return bad(`form field ${textProblem(key) ? '' : key}`.trim(), problem);
  }
  return undefined;
}

export const inputGuard: MiddlewareHandler = async (c, next) => {
  const url = c.req.url;
  const start = url.indexOf('/', url.indexOf('//') + 2);
  const pathAndQuery = start < 0 ? '/' : url.slice(start);
  const q = pathAndQuery.indexOf('?');
  const hash = pathAndQuery.indexOf('#');
  const pathname = q < 0 ? (hash < 0 ? pathAndQuery : pathAndQuery.slice(0, hash)) : pathAndQuery.slice(0, q);
  const search = q < 0 ? '' : pathAndQuery.slice(q + 1, hash > q ? hash : undefined);
  const problem = checkPath(pathname) ?? checkQuery(search) ?? checkHeaders(c.req.raw.headers) ?? (await checkBody(c));
  if (problem) return renderError(c, problem);
  await next();
};
