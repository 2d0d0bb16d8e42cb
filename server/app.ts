import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { csrf } from 'hono/csrf';
import { secureHeaders } from 'hono/secure-headers';
import type { AppDeps, AppEnv } from './context.ts';
import { handleError, handleNotFound } from './middleware/errors.ts';
import { inputGuard } from './middleware/input-guard.ts';
import { apiRoutes } from './routes/api/index.ts';
import { apiDocsRoutes } from './routes/api/openapi.ts';
import { calendarRoutes } from './routes/calendars/index.ts';
import { open311Routes } from './routes/open311/index.ts';
import { pageRoutes } from './routes/pages/index.ts';
import { alertPages } from './routes/alerts/index.tsx';
import { crewRoutes } from './routes/crew/index.ts';
import { businessRoutes } from './routes/business/index.tsx';
import { officerChangesRoutes } from './routes/officer/changes.tsx';
import { officerAuditRoutes } from './routes/officer/audit.tsx';
import { officerCommercialRoutes } from './routes/officer/commercial.tsx';
import { officerPeopleRoutes } from './routes/officer/people.tsx';
import { officerWebhookRoutes } from './routes/officer/webhooks.tsx';
import { officerRoutes } from './routes/officer/index.tsx';
import { oidcRoutes } from './routes/oidc/index.tsx';
import { officerRoundRoutes } from './routes/officer/rounds.tsx';
import { officerPropertyRoutes } from './routes/officer/properties.tsx';
import { officerDataRoutes } from './routes/officer/data.tsx';
import { officerInsightRoutes } from './routes/officer/insight.tsx';
import { officerRequestRoutes } from './routes/officer/requests.tsx';
import { officerDeliveryRoutes } from './routes/officer/deliveries.tsx';
import { createMetrics } from './ops/metrics.ts';
import { requestContext } from './ops/request.ts';
import { opsRoutes } from './ops/routes.ts';

/** Builds the whole application over its dependencies. No globals: tests build as many as they like. */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  // Outermost: request id, access log and metrics see every answer, errors included.
  const metrics = deps.metrics ?? createMetrics();
  app.use(requestContext(metrics));
  // gzip text answers for clients that ask (the GOV.UK stylesheet is 135 KB raw, 16 KB gzipped);
  // answers that are already encoded (calendar feeds gzip themselves) pass through untouched.
  app.use(compress());
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
      crossOriginResourcePolicy: false,
    }),
  );
  // NUL bytes, broken encodings and over-long values: 400 before any route or query sees them.
  app.use(inputGuard);
  app.use(async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  // Cookie-authenticated form posts must come from our own pages. Open311 clients are servers
  // (no Origin, no cookies, an api_key instead), so that surface sits outside the check.
  const publicOrigin = new URL(deps.config.publicUrl).origin;
  const csrfCheck = csrf({ origin: (origin, c) => origin === publicOrigin || origin === new URL(c.req.url).origin });
  // RFC 8058 one-click unsubscribe is posted by mail clients (no Origin, no cookie): the
  // unguessable token in its path is its only credential, and it can only end an alert.
  const unguarded = (path: string) => path.startsWith('/open311/') || /^\/alerts\/unsubscribe\/[^/]+$/.test(path);
  app.use((c, next) => (unguarded(c.req.path) ? next() : csrfCheck(c, next)));

  // /health, /ready, /metrics (server/ops/routes.ts).
  app.route('/', opsRoutes(deps, metrics));

  app.route('/api/v1', apiRoutes);
  app.route('/api/docs', apiDocsRoutes(apiRoutes));
  app.route('/calendars', calendarRoutes);
  app.route('/open311/v2', open311Routes);
  app.route('/crew', crewRoutes);
  app.route('/business', businessRoutes);
  app.route('/officer/commercial', officerCommercialRoutes);
  app.route('/officer/changes', officerChangesRoutes);
  app.route('/officer/rounds', officerRoundRoutes);
  app.route('/officer/properties', officerPropertyRoutes);
  app.route('/officer/data', officerDataRoutes);
  app.route('/officer/insight', officerInsightRoutes);
  app.route('/officer/deliveries', officerDeliveryRoutes);
  app.route('/officer/people', officerPeopleRoutes);
  app.route('/officer/webhooks', officerWebhookRoutes);
  app.route('/officer/audit', officerAuditRoutes);
  app.route('/officer/requests', officerRequestRoutes);
  app.route('/officer', officerRoutes);
  app.route('/login/oidc', oidcRoutes);
  app.route('/alerts', alertPages);
  app.route('/', pageRoutes);

  app.onError(handleError);
  app.notFound(handleNotFound);
  return app;
}

export type App = ReturnType<typeof createApp>;
