/** Rendering helpers for the page routes: HTML with the right status, and friendly error pages. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { toDomainError } from '../../middleware/errors.ts';
import { ErrorPage } from '../../../web/pages/error.tsx';
import { logError } from '../../ops/log.ts';

/** Pages are personal to the request (a form's values, today's date): never cached by shared caches. */
export function render(c: Context, page: JSX.Element, status: ContentfulStatusCode = 200) {
  c.header('Cache-Control', 'no-store');
  return c.html(page, status);
}

/**
 * The pages router's own error handler: any failure becomes a friendly HTML page with the error's
 * status (the app-wide handler would answer JSON). Messages are shown only for 4xx, which are written
 * for people; a 5xx says sorry and is logged.
 */
export function renderPageError(err: unknown, c: Context) {
  const e = toDomainError(err);
  if (e.status >= 500 && e.code !== 'unavailable') logError(c, err);
  return render(c, <ErrorPage status={e.status} message={e.status < 500 ? e.message : undefined} />, e.status);
}

export const renderNotFound = (c: Context) => render(c, <ErrorPage status={404} message="We could not find that page." />, 404);
