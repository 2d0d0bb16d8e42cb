import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import { isDatabaseUnavailable } from '../../db/unavailable.ts';
import { DomainError, errorBody, unavailable } from '../errors.ts';
import { logError } from '../ops/log.ts';

/**
 * One place where failures become answers. Each surface keeps its own shape:
 * Open311 `[{ code, description }]`, calendars plain text, everything else the JSON error shape
 * (pages render their own friendly errors before reaching here).
 */
export function toDomainError(err: unknown): DomainError {
  if (err instanceof DomainError) return err;
  if (err instanceof ZodError) {
    const first = err.issues[0];
    const path = first?.path.join('.') || 'request';
    return new DomainError('invalid_request', `${path}: ${first?.message ?? 'invalid'}`, 400, {
      issues: err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const code = status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : status === 403 ? 'forbidden' : status === 401 ? 'unauthorized' : 'bad_request';
    return new DomainError(code, err.message || 'Bad request', status as any);
  }
  // The database is down or unreachable: a 503 the client can retry, never a 500.
  if (isDatabaseUnavailable(err)) return unavailable();
  if (err instanceof SyntaxError) return new DomainError('malformed_body', 'The request body could not be parsed.', 400);
  return new DomainError('internal_error', 'Something went wrong on our side. Please try again.', 500);
}

export function renderError(c: Context, e: DomainError) {
  const path = c.req.path;
  // 429s carry how long to wait; say it in the standard header too.
  if (e.status === 429 && typeof e.details?.retryAfter === 'number') c.header('Retry-After', String(e.details.retryAfter));
  if (path.startsWith('/open311/')) {
    const body = [{ code: e.status, description: `${e.code}: ${e.message}` }];
    if (path.endsWith('.xml')) {
      const xml = `<?xml version="1.0" encoding="utf-8"?><errors><error><code>${e.status}</code><description>${escapeXml(body[0].description)}</description></error></errors>`;
      return c.body(xml, e.status, { 'Content-Type': 'text/xml; charset=utf-8' });
    }
    return c.json(body, e.status);
  }
  if (path.startsWith('/calendars/')) return c.text(e.message, e.status);
  return c.json(errorBody(e), e.status);
}

export const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

export function handleError(err: unknown, c: Context) {
  const e = toDomainError(err);
  if (e.status >= 500 && e.code !== 'unavailable') logError(c, err);
  return renderError(c, e);
}

export function handleNotFound(c: Context) {
  return renderError(c, new DomainError('not_found', 'Not found', 404));
}
