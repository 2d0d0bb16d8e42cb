import type { Context } from 'hono';
import { DomainError } from '../errors.ts';

/** Largest request body we read (a crew batch with notes fits easily; photos go elsewhere). */
export const MAX_BODY_BYTES = 1_000_000;

/**
 * Reads a JSON or form body into a plain object. Wrong content type → 415 `unsupported_media_type`;
 * unparseable → 400 `malformed_body`; too large → 413 `payload_too_large`.
 */
export async function readBody(c: Context): Promise<Record<string, unknown>> {
  const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  const length = Number(c.req.header('content-length') ?? 0);
  if (length > MAX_BODY_BYTES) throw new DomainError('payload_too_large', 'The request body is too large.', 413);
  if (type === 'application/json') {
    const text = await c.req.text();
    if (text.length > MAX_BODY_BYTES) throw new DomainError('payload_too_large', 'The request body is too large.', 413);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new DomainError('malformed_body', 'The JSON body could not be parsed.', 400);
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      throw new DomainError('malformed_body', 'The JSON body must be an object.', 400);
    }
    return value as Record<string, unknown>;
  }
  if (type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data') {
    try {
      const form = await c.req.parseBody({ all: false });
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(form)) if (typeof v === 'string') out[k] = v;
      return out;
    } catch {
      throw new DomainError('malformed_body', 'The form body could not be parsed.', 400);
    }
  }
  throw new DomainError('unsupported_media_type', 'Send application/json or a form.', 415);
}
