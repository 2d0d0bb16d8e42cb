/**
 * The lifecycle's API, for every kind of request (DESIGN.md "Requests and payments"):
 *   GET  /api/v1/{garden-subscriptions|bulky-bookings|container-requests}/{reference}   public view
 *   POST /api/v1/{…}/{reference}/cancel       `{ email }` (the one on the request) or an officer session
 *   POST /api/v1/requests/{reference}/payments a new payment for a pending request whose payment failed
 *   POST /api/v1/requests/{reference}/mark-paid officer: an invoice was paid
 *   GET  /api/v1/requests?kind=&status=  and  /api/v1/requests.csv   officer lists
 * Each kind's own module adds its POST (making the request) beside these.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { REQUEST_KINDS, REQUEST_STATUSES, type RequestKind } from '../../../db/schema/requests.ts';
import { publicContext, requireRole, serviceContext } from '../../middleware/auth.ts';
import { cancelRequest, getRequestView, markPaid, retryPayment } from '../../services/requests/lifecycle.ts';
import { listRequests, requestsCsv } from '../../services/requests/officer.ts';
import { RequestCreatedSchema, RequestViewSchema, referenceParam } from './request-schemas.ts';
import { createApiRouter } from './router.ts';
import { errorResponse } from './schemas.ts';
import { loadSession } from '../../middleware/auth.ts';
import { limitPublicWrites } from '../../middleware/client-ip.ts';

const officer = requireRole('officer');
const security = [{ session: [] }];

/** The path segment of each kind (DESIGN.md). */
export const KIND_PATHS: Record<RequestKind, string> = {
  garden_subscription: 'garden-subscriptions',
  bulky_booking: 'bulky-bookings',
  container_request: 'container-requests',
};

export const requestRoutes = createApiRouter();

for (const kind of REQUEST_KINDS) {
  const path = KIND_PATHS[kind];
  const getRoute = createRoute({
    method: 'get', path: `/${path}/{reference}`, tags: ['Requests'], summary: 'A request: status, payments and history (no personal data)',
    request: { params: referenceParam },
    responses: {
      200: { description: 'The request.', content: { 'application/json': { schema: RequestViewSchema } } },
      404: errorResponse('`not_found`: no such request of this kind.'),
    },
  });
  const cancelRoute = createRoute({
    method: 'post', path: `/${path}/{reference}/cancel`, tags: ['Requests'],
    summary: 'Cancel: the resident gives the email on the request; an officer of its council needs none',
    security: [{ session: [] }, {}],
    middleware: [limitPublicWrites] as const,
    request: {
      params: referenceParam,
      body: { required: false, content: { 'application/json': { schema: z.object({ email: z.string().max(320).optional() }) } } },
    },
    responses: {
      200: { description: 'Cancelled; any refund the council’s rule gives is on its way.', content: { 'application/json': { schema: RequestViewSchema } } },
      403: errorResponse('`forbidden`: the email does not match the request (or a form post from another origin).'),
      404: errorResponse('`not_found`.'),
      409: errorResponse('`not_cancellable`: already cancelled, expired or completed; `conflict`: it changed meanwhile.'),
      422: errorResponse('The kind refuses, e.g. `past_cutoff`.'),
      429: errorResponse('`rate_limited`: see `Retry-After`.'),
    },
  });
  requestRoutes.openapi(getRoute, async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await getRequestView(publicContext(c), c.req.valid('param').reference, kind), 200);
  });
  requestRoutes.use(`/${path}/:reference/cancel`, loadSession);
  // (The path is built per kind, which hides the validated types from TypeScript.)
  requestRoutes.openapi(cancelRoute, async (c: any) => {
    const body = (c.req.valid('json') ?? {}) as { email?: string };
    return c.json(await cancelRequest(serviceContext(c), c.req.valid('param').reference, { email: body.email }, kind), 200);
  });
}

const retryRoute = createRoute({
  method: 'post', path: '/requests/{reference}/payments', tags: ['Requests'],
  summary: 'Try paying again: a new payment for a pending request (its hold still running). Rate-limited per client IP.',
  middleware: [limitPublicWrites] as const,
  request: { params: referenceParam },
  responses: {
    201: { description: 'Where to pay now (null when it turned out to be paid already, or for an invoice).', content: { 'application/json': { schema: RequestCreatedSchema } } },
    404: errorResponse('`not_found`.'),
    409: errorResponse('`request_not_pending`: cancelled, expired or completed; `hold_expired`: not paid in time.'),
    429: errorResponse('`rate_limited`: see `Retry-After`.'),
    503: errorResponse('`payment_unavailable`: the payment provider is down; nothing was charged, try again. `unavailable`: the database.'),
  },
});
requestRoutes.openapi(retryRoute, async (c) => {
  const r = await retryPayment(publicContext(c), c.req.valid('param').reference);
  return c.json({ reference: r.request.reference, status: r.request.status as (typeof REQUEST_STATUSES)[number], amountPence: r.request.amountPence, payment: r.payment }, 201);
});

const markPaidRoute = createRoute({
  method: 'post', path: '/requests/{reference}/mark-paid', tags: ['Officer'], summary: 'Record an invoice as paid (KERBSIDE_PAYMENTS=invoice)', security,
  middleware: [officer] as const,
  request: { params: referenceParam },
  responses: {
    200: { description: 'Paid and active.', content: { 'application/json': { schema: RequestViewSchema } } },
    401: errorResponse('`unauthorized`.'),
    403: errorResponse('`forbidden`: not an officer or admin of the council.'),
    404: errorResponse('`not_found`.'),
    409: errorResponse('`request_not_pending`: not waiting for payment; `not_invoice`: paid online instead.'),
  },
});
requestRoutes.openapi(markPaidRoute, async (c) => c.json(await markPaid(serviceContext(c), c.req.valid('param').reference), 200));

const OfficerRequestSchema = z.strictObject({
  reference: z.string(), kind: z.enum(REQUEST_KINDS), status: z.enum(REQUEST_STATUSES), uprn: z.string(),
  amountPence: z.number().int(), paidPence: z.number().int(), refundedPence: z.number().int(),
  name: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable(), channel: z.string(),
  createdAt: z.string().openapi({ format: 'date-time' }), updatedAt: z.string().openapi({ format: 'date-time' }),
}).openapi('OfficerRequest');

const listQuery = z.object({
  kind: z.enum(REQUEST_KINDS).optional(),
  status: z.enum(REQUEST_STATUSES).optional(),
  cursor: z.coerce.number().int().positive().max(2_147_483_647).optional(),
});
const listCommon = {
  401: errorResponse('`unauthorized`.'),
  403: errorResponse('`forbidden`: not an officer or admin.'),
};
const listRoute = createRoute({
  method: 'get', path: '/requests', tags: ['Officer'], summary: "The council's requests, newest first (100 a page; next page in `Link`)", security,
  middleware: [officer] as const,
  request: { query: listQuery },
  responses: { 200: { description: 'Requests.', content: { 'application/json': { schema: z.array(OfficerRequestSchema) } } }, ...listCommon },
});
const csvRoute = createRoute({
  method: 'get', path: '/requests.csv', tags: ['Officer'], summary: "The council's requests as CSV (same filters, up to 5,000)", security,
  middleware: [officer] as const,
  request: { query: listQuery },
  responses: { 200: { description: 'CSV.', content: { 'text/csv': { schema: z.string() } } }, ...listCommon },
});
requestRoutes.openapi(csvRoute, async (c) => {
  const { rows } = await listRequests(serviceContext(c), { ...c.req.valid('query'), limit: 5000 });
  c.header('Cache-Control', 'no-store');
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', 'attachment; filename="requests.csv"');
  return c.body(requestsCsv(rows), 200);
});
requestRoutes.openapi(listRoute, async (c) => {
  const { rows, next } = await listRequests(serviceContext(c), { ...c.req.valid('query'), limit: 100 });
  c.header('Cache-Control', 'no-store');
  if (next) {
    const url = new URL(c.req.url);
    url.searchParams.set('cursor', String(next));
    c.header('Link', `<${url.pathname}${url.search}>; rel="next"`);
  }
  return c.json(rows, 200);
});
