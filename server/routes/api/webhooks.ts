/**
 * Webhooks for council systems (DESIGN.md "Notifications"; docs/webhooks.md), officer or admin of
 * the council: POST /api/v1/webhooks { url, events } → 201 { id, secret } (the secret is in this
 * answer only), GET /api/v1/webhooks (no secrets), DELETE /api/v1/webhooks/{id},
 * POST /api/v1/webhooks/{id}/enable (after it was disabled), GET /api/v1/webhooks/{id}/deliveries.
 * Another council's endpoint is 404.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { requireRole, serviceContext } from '../../middleware/auth.ts';
import { createEndpoint, deleteEndpoint, enableEndpoint, listDeliveries, listEndpoints } from '../../services/webhooks/endpoints.ts';
import { WEBHOOK_EVENTS } from '../../services/webhooks/events.ts';
import { createApiRouter } from './router.ts';
import { errorResponse } from './schemas.ts';

const officer = requireRole('officer');
const security = [{ session: [] }];
const dateTime = (description?: string) => z.string().openapi({ format: 'date-time', ...(description ? { description } : {}) });

const EndpointSchema = z.object({
  id: z.string().openapi({ example: 'ep_0f8e3c5a9b7d4e2f8a6c1b3d5e7f9a0b' }),
  url: z.string().openapi({ example: 'https://crm.example.gov.uk/hooks/kerbside' }),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  createdAt: dateTime(),
  disabledAt: dateTime('Set when deliveries failed for 24 hours; nothing more is sent.').nullable(),
  failingSince: dateTime('The first failure since the last success.').nullable(),
}).openapi('WebhookEndpoint');

const DeliverySchema = z.object({
  id: z.string().openapi({ description: 'The `webhook-id` header: the same on every retry.' }),
  event: z.string(),
  createdAt: dateTime(),
  status: z.enum(['pending', 'delivered', 'failed', 'given_up']),
  attempts: z.number().int(),
  lastAttemptAt: dateTime().nullable(),
  responseCode: z.number().int().nullable().openapi({ description: "The receiver's HTTP status on the last attempt; null when it did not answer." }),
  error: z.string().nullable(),
  nextAttemptAt: dateTime().nullable(),
  deliveredAt: dateTime().nullable(),
}).openapi('WebhookDelivery');

const common = {
  400: errorResponse('`invalid_request`.'),
  401: errorResponse('`unauthorized`.'),
  403: errorResponse('`forbidden`: not an officer or admin.'),
};
const idParam = z.object({ id: z.string().min(1).max(100) });

const listRoute = createRoute({
  method: 'get', path: '/', tags: ['Officer'], summary: "The council's webhook endpoints (without secrets)", security,
  middleware: [officer] as const,
  responses: { 200: { description: 'Endpoints, newest first.', content: { 'application/json': { schema: z.array(EndpointSchema) } } }, ...common },
});

const createEndpointRoute = createRoute({
  method: 'post', path: '/', tags: ['Officer'], summary: 'Register an HTTPS endpoint for events (the signing secret is in this answer only)', security,
  middleware: [officer] as const,
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: z.object({ url: z.string().max(2000), events: z.array(z.string().max(100)).max(20) }).openapi('NewWebhook') } },
    },
  },
  responses: {
    201: {
      description: 'Registered. Store `secret` now (Standard Webhooks `whsec_…`); it is never shown again.',
      content: { 'application/json': { schema: EndpointSchema.extend({ secret: z.string().openapi({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }) }).openapi('NewWebhookEndpoint') } },
    },
    ...common,
    422: errorResponse('`webhook_url_invalid`, `webhook_url_not_https`, `webhook_url_private`, `webhook_url_unresolvable`, `webhook_events_required`, `webhook_event_unknown`, `webhook_limit`.'),
  },
});

const deleteRoute = createRoute({
  method: 'delete', path: '/{id}', tags: ['Officer'], summary: 'Delete an endpoint (its queued deliveries go with it)', security,
  middleware: [officer] as const,
  request: { params: idParam },
  responses: { 204: { description: 'Deleted.' }, ...common, 404: errorResponse('`not_found`: no such endpoint in your council.') },
});

const enableRoute = createRoute({
  method: 'post', path: '/{id}/enable', tags: ['Officer'], summary: 'Turn an endpoint disabled after a day of failures back on', security,
  description: 'Clears `disabledAt` and `failingSince`: events are queued for it again from now on, and a fresh 24 hours of failures is needed to disable it again. '
    + 'Deliveries given up while it was disabled are not resent. The URL is checked again, as when registering. An endpoint that is not disabled is answered as it is.',
  middleware: [officer] as const,
  request: { params: idParam },
  responses: {
    200: { description: 'The endpoint, enabled.', content: { 'application/json': { schema: EndpointSchema } } },
    ...common,
    404: errorResponse('`not_found`: no such endpoint in your council.'),
    422: errorResponse('`webhook_url_not_https`, `webhook_url_private`, `webhook_url_unresolvable`: its URL is no longer accepted.'),
  },
});

const deliveriesRoute = createRoute({
  method: 'get', path: '/{id}/deliveries', tags: ['Officer'], summary: 'Recent deliveries to an endpoint: status, time, response code', security,
  middleware: [officer] as const,
  request: { params: idParam },
  responses: {
    200: { description: 'The latest 50 deliveries, newest first.', content: { 'application/json': { schema: z.array(DeliverySchema) } } },
    ...common,
    404: errorResponse('`not_found`: no such endpoint in your council.'),
  },
});

export const webhookRoutes = createApiRouter();

webhookRoutes.openapi(listRoute, async (c) => {
  c.header('Cache-Control', 'no-store');
  return c.json(await listEndpoints(serviceContext(c)), 200);
});

webhookRoutes.openapi(createEndpointRoute, async (c) => {
  const created = await createEndpoint(serviceContext(c), c.req.valid('json'), { allowPrivate: c.var.deps.config.webhookAllowPrivate });
  c.header('Cache-Control', 'no-store');
  c.header('Location', `/api/v1/webhooks/${created.id}`);
  return c.json(created, 201);
});

webhookRoutes.openapi(deleteRoute, async (c) => {
  await deleteEndpoint(serviceContext(c), c.req.valid('param').id);
  return c.body(null, 204);
});

webhookRoutes.openapi(enableRoute, async (c) => {
  c.header('Cache-Control', 'no-store');
  return c.json(await enableEndpoint(serviceContext(c), c.req.valid('param').id, { allowPrivate: c.var.deps.config.webhookAllowPrivate }), 200);
});

webhookRoutes.openapi(deliveriesRoute, async (c) => {
  c.header('Cache-Control', 'no-store');
  return c.json(await listDeliveries(serviceContext(c), c.req.valid('param').id), 200);
});
