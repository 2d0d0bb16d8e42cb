/**
 * Reading Open311 input. Bodies are small forms: anything over MAX_OPEN311_BODY_BYTES, or that does
 * not parse, is the spec's 400 (FixMyStreet reads `[{ code, description }]`, not our 413/415).
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../context.ts';
import { DomainError } from '../../errors.ts';
import { publicContext } from '../../middleware/auth.ts';
import { verifyApiKey } from '../../services/auth.ts';
import { readBody } from '../body.ts';

/** A report or comment with every field at its longest is far below this. */
export const MAX_OPEN311_BODY_BYTES = 64 * 1024;
/** GeoReport v2's limit on a request's description. */
export const DESCRIPTION_MAX = 4000;

export const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** Line breaks normalised to LF, so CRLF counts as one character, as the spec counts them. */
export const normaliseText = (s: string) => s.replace(/\r\n?/g, '\n');
/** Length in characters (code points), not UTF-16 units. */
export const charLength = (s: string) => Array.from(s).length;

export function description(v: unknown, required = false): string {
  const d = normaliseText(text(v));
  if (required && !d) throw new DomainError('missing_description', 'description is required.', 400);
  if (charLength(d) > DESCRIPTION_MAX) {
    throw new DomainError('invalid_request', `description must be at most ${DESCRIPTION_MAX} characters.`, 400);
  }
  return d;
}

export async function readOpen311Body(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  const declared = Number(c.req.header('content-length') ?? 0);
  if (declared > MAX_OPEN311_BODY_BYTES) throw new DomainError('payload_too_large', `The body must be at most ${MAX_OPEN311_BODY_BYTES} bytes.`, 400);
  try {
    const body = await readBody(c);
    const size = Object.entries(body).reduce((n, [k, v]) => n + k.length + (typeof v === 'string' ? v.length : 0), 0);
    if (size > MAX_OPEN311_BODY_BYTES) throw new DomainError('payload_too_large', `The body must be at most ${MAX_OPEN311_BODY_BYTES} bytes.`, 400);
    return body;
  } catch (err) {
    if (err instanceof DomainError && err.status !== 400) throw new DomainError(err.code, err.message, 400);
    throw err;
  }
}

/** The API key (body, query or X-Api-Key header), else 403. */
export async function requireKey(c: Context<AppEnv>, body: Record<string, unknown> = {}) {
  const ctx = publicContext(c);
  const key = await verifyApiKey(ctx, text(body.api_key) || c.req.query('api_key') || c.req.header('x-api-key') || '');
  if (!key) throw new DomainError('invalid_api_key', 'A valid api_key is required.', 403);
  return key;
}

export function parseDateParam(name: string, v: string | undefined): Date | undefined {
  if (!v) return undefined;
  const t = Date.parse(v);
  if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(t)) throw new DomainError('invalid_date', `${name} must be a W3C date-time.`, 400);
  return new Date(t);
}

/** `a,b , c` → ['a', 'b', 'c']; undefined when absent or empty. */
export function list(v: string | undefined): string[] | undefined {
  const items = (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return items.length ? items : undefined;
}
