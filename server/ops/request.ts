/**
 * Outermost middleware: gives every request an id (a sane incoming `X-Request-Id`, else a new
 * UUID), echoes it on the response, writes one JSON access-log line, and counts the request in
 * the metrics under its route template.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AppEnv } from '../context.ts';
import { log } from './log.ts';
import type { Metrics } from './metrics.ts';

/** Up to 128 characters of letters, digits and `-_.:`; anything else is replaced by our own id. */
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The label for requests no route matched: one fixed value, never the raw path. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The template of the route that answered: the last matched non-middleware handler (middleware is
 * registered with method ALL). Mounted routers report their full template, e.g. `/api/v1/properties/:uprn`.
 */
export function routeTemplate(c: Context): string {
  const routes = matchedRoutes(c);
  for (let i = Math.min(c.req.routeIndex, routes.length - 1); i >= 0; i--) {
    const r = routes[i];
    if (r.method !== 'ALL') return r.path;
  }
  return UNMATCHED_ROUTE;
}

export function requestContext(metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && SAFE_ID.test(incoming) ? incoming : crypto.randomUUID();
    c.set('requestId', requestId);
    const started = performance.now();
    try {
      await next();
    } finally {
      c.res.headers.set('X-Request-Id', requestId);
      const seconds = (performance.now() - started) / 1000;
      const labels = { method: c.req.method, route: routeTemplate(c), status: String(c.res.status) };
      metrics.requests.inc(labels);
      metrics.duration.observe(labels, seconds);
      log('info', 'request', {
        requestId,
        method: labels.method,
        route: labels.route,
        path: c.req.path,
        status: c.res.status,
        durationMs: Math.round(seconds * 10000) / 10,
      });
    }
  };
}
