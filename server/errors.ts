import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * The one error family. `code` is stable (clients branch on it); `message` is for people.
 * Routes turn it into `{ "error": { "code", "message", ...details } }` with `status`.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: ContentfulStatusCode = 400,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what = 'Not found') => new DomainError('not_found', what, 404);
export const unauthorized = () => new DomainError('unauthorized', 'Sign in to continue.', 401);
export const forbidden = (message = 'You do not have access to this.') => new DomainError('forbidden', message, 403);
export const invalid = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError(code, message, 400, details);

export function errorBody(err: DomainError) {
  return { error: { code: err.code, message: err.message, ...(err.details ?? {}) } };
}

/** The database (or another dependency every answer needs) cannot be reached: 503 `unavailable`. */
export const unavailable = () =>
  new DomainError('unavailable', 'The service is unavailable for a moment. Please try again shortly.', 503);
