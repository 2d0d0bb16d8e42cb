/**
 * POST /api/v1/garden-subscriptions                          subscribe (or renew) and get a payment link
 * POST /api/v1/garden-subscriptions/{reference}/bins         add bins to an active subscription (paid again)
 * POST /api/v1/garden-subscriptions/{reference}/delivered    an officer records the bins delivered
 *
 * `GET …/{reference}` and `POST …/{reference}/cancel` are the generic request routes (the
 * lifecycle's). Bodies are read by `readBody` (JSON or a form) and validated here, like the missed
 * reports POST; the OpenAPI document describes them from plain JSON Schemas.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { z as zod } from 'zod';
import { parseUprn, UPRN_MESSAGE } from '../../domain/uprn.ts';
import { publicContext, requireRole, serviceContext } from '../../middleware/auth.ts';
import { limitPublicWrites } from '../../middleware/client-ip.ts';
import { addGardenBins, createGardenSubscription, markBinsDelivered } from '../../services/requests/garden/index.ts';
import { readBody } from '../body.ts';
import { parseOrThrow } from './missed-reports.ts';
import { createApiRouter } from './router.ts';
import { ErrorSchema } from './schemas.ts';

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v);
const optional = (schema: zod.ZodString) =>
  zod.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : trimmed(v)), schema.optional());
/** A form sends "2"; JSON sends 2. Above the council's `maxBins` is the service's `too_many_bins` (422). */
const bins = zod.preprocess((v) => (typeof v === 'string' && /^[0-9]{1,4}$/.test(v.trim()) ? Number(v) : v), zod.number().int().min(1, 'must be at least 1').max(1000));
/** A checkbox sends "on" (or "true"/"1") when ticked and nothing when not. */
const flag = zod.preprocess((v) => (v === 'on' || v === 'true' || v === '1' ? true : v === 'false' || v === '0' || v === '' ? false : v), zod.boolean().optional());

export const subscriptionBody = zod.object({
  uprn: zod.union([zod.string(), zod.number()]).transform((v, ctx) => {
    const n = parseUprn(v);
    if (n === null) {
      ctx.addIssue({ code: 'custom', message: UPRN_MESSAGE });
      return zod.NEVER;
    }
    return n;
  }),
  bins,
  concession: flag,
  name: zod.preprocess(trimmed, zod.string().min(1, 'is required').max(200, 'must be at most 200 characters')),
  email: zod.preprocess(trimmed, zod.email('must be an email address').max(320)),
  phone: optional(zod.string().max(40).regex(/^[0-9+() .-]{6,40}$/, 'must be a phone number')),
  amountPence: zod.preprocess((v) => (typeof v === 'string' && /^[0-9]{1,9}$/.test(v.trim()) ? Number(v) : v), zod.number().int().min(0).max(100_000_000).optional()),
});

const addBinsBody = zod.object({
  bins,
  email: zod.preprocess(trimmed, zod.email('must be an email address').max(320)),
});

const CODES = { uprn: 'invalid_uprn', email: 'invalid_email', phone: 'invalid_phone', bins: 'invalid_bins' };

// ---- OpenAPI description -------------------------------------------------------------------

const SubscriptionRequestDoc = {
  type: 'object',
  required: ['uprn', 'bins', 'name', 'email'],
  properties: {
    uprn: { type: 'string', pattern: '^[0-9]{1,12}$', example: '100023336956', description: 'The property (a number is accepted too).' },
    bins: { type: 'integer', minimum: 1, maximum: 1000, example: 1, description: "How many bins; more than the council's `maxBins` is `too_many_bins`." },
    concession: { type: 'boolean', description: 'The resident qualifies for the concession price (when the council has one).' },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    email: { type: 'string', format: 'email', maxLength: 320, description: 'The confirmation is sent here. Never shown publicly.' },
    phone: { type: 'string', maxLength: 40, pattern: '^[0-9+() .-]{6,40}$' },
    amountPence: { type: 'integer', minimum: 0, maximum: 100000000, description: 'The price the resident was shown; if it is no longer the price, `409 amount_changed` (with the new `amountPence`) and nothing is stored.' },
  },
};

const AddBinsDoc = {
  type: 'object',
  required: ['bins', 'email'],
  properties: {
    bins: { type: 'integer', minimum: 1, maximum: 1000, example: 1, description: 'Bins to add.' },
    email: { type: 'string', format: 'email', maxLength: 320, description: 'The email the subscription was made with.' },
  },
};

const CreatedSchema = z
  .strictObject({
    reference: z.string().openapi({ example: 'GW-26-000001' }),
    status: z.literal('pending_payment'),
    amountPence: z.number().int().openapi({ example: 5500 }),
    payment: z.strictObject({
      nextUrl: z.string().nullable().openapi({ description: 'Where to send the resident to pay (absolute); null when nothing is paid online (invoice).', example: 'http://localhost:3000/pay/0b6f…' }),
    }),
  })
  .openapi('GardenSubscriptionCreated');

const DeliveredSchema = z
  .strictObject({
    reference: z.string().openapi({ example: 'GW-26-000001' }),
    bins: z.number().int(),
    binsDelivered: z.number().int(),
  })
  .openapi('GardenBinsDelivered');

const err = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });
const refParam = z.object({
  reference: z.string().max(40).openapi({ param: { name: 'reference', in: 'path' }, example: 'GW-26-000001' }),
});
const form = (schema: object) => ({
  content: { 'application/json': { schema: schema as any }, 'application/x-www-form-urlencoded': { schema: schema as any } },
});

const createRouteDef = createRoute({
  method: 'post',
  path: '/',
  summary: 'Subscribe a property to garden waste collection (or renew)',
  description:
    'Costs bins × price (or the concession price). Paid within the council’s `renewalOpensDaysBefore` of a year’s start, ' +
    'it is for that coming year (a renewal). Nothing is active until `payment.nextUrl` has been paid; collections then ' +
    'start at the round’s first collection after the day of payment. Rate-limited per client IP.',
  middleware: [limitPublicWrites] as const,
  request: { body: form(SubscriptionRequestDoc) },
  responses: {
    201: { description: 'Created, waiting for payment.', content: { 'application/json': { schema: CreatedSchema } } },
    400: err('`invalid_request`, `invalid_uprn`, `invalid_bins`, `invalid_email`, `invalid_phone`, `malformed_body`, `invalid_input`.'),
    404: err('`not_found`: no property with that UPRN.'),
    409: err('`already_subscribed`: the property already has garden waste for that year; `amount_changed`: the price is not `amountPence` any more.'),
    422: err('`not_served` (the council offers no garden subscriptions), `not_domestic`, `too_many_bins`.'),
    429: err('`rate_limited`: see `Retry-After`.'),
    503: err('`payment_unavailable`: the payment provider did not answer; nothing was kept, try again. `unavailable`.'),
  },
});

const addBinsRoute = createRoute({
  method: 'post',
  path: '/{reference}/bins',
  summary: 'Add bins to an active subscription',
  description: 'A further request, paid like the first: priced by the council’s `midYear` rule (`pro_rata` by the days of the year left after today, to the nearest penny, or `full_price`).',
  middleware: [limitPublicWrites] as const,
  request: { params: refParam, body: form(AddBinsDoc) },
  responses: {
    201: { description: 'Created, waiting for payment.', content: { 'application/json': { schema: CreatedSchema } } },
    400: err('`invalid_request`, `invalid_bins`, `invalid_email`, `malformed_body`, `invalid_input`.'),
    403: err('`forbidden`: not the email the subscription was made with (or a form post from another origin).'),
    404: err('`not_found`.'),
    409: err('`not_active`: the subscription is not active (not paid yet, cancelled, or its year has ended).'),
    422: err('`too_many_bins`, `not_served`, `not_domestic`.'),
    429: err('`rate_limited`: see `Retry-After`.'),
    503: err('`payment_unavailable`: the payment provider did not answer; nothing was kept. `unavailable`.'),
  },
});

const deliveredRoute = createRoute({
  method: 'post',
  path: '/{reference}/delivered',
  summary: 'Record a subscription’s bins as delivered (officer of its council)',
  description: 'Audited. A form post (the officer page’s button) is answered with a redirect to `/officer/requests/{reference}`.',
  middleware: [requireRole('officer')] as const,
  security: [{ session: [] }],
  request: { params: refParam },
  responses: {
    200: { description: 'Recorded.', content: { 'application/json': { schema: DeliveredSchema } } },
    303: { description: 'A form post: to the request’s officer page.' },
    401: err('`unauthorized`.'),
    403: err('`forbidden`: not an officer of the request’s council (or a form post from another origin).'),
    404: err('`not_found`.'),
    409: err('`not_active`: only an active subscription has bins to deliver.'),
  },
});

// ---- Handlers -------------------------------------------------------------------------------

const created = (answer: { request: { reference: string; amountPence: number }; payment: { nextUrl: string | null } }) => ({
  reference: answer.request.reference,
  status: 'pending_payment' as const,
  amountPence: answer.request.amountPence,
  payment: { nextUrl: answer.payment.nextUrl },
});

export const gardenRoutes = createApiRouter();

gardenRoutes.openapi(createRouteDef, async (c) => {
  const input = parseOrThrow(subscriptionBody, await readBody(c), CODES);
  const { amountPence, ...rest } = input;
  const answer = await createGardenSubscription(publicContext(c), { ...rest, expectedAmountPence: amountPence, channel: 'api' });
  c.header('Location', `/api/v1/garden-subscriptions/${answer.request.reference}`);
  return c.json(created(answer), 201);
});

gardenRoutes.openapi(addBinsRoute, async (c) => {
  const input = parseOrThrow(addBinsBody, await readBody(c), CODES);
  const answer = await addGardenBins(publicContext(c), c.req.valid('param').reference, { ...input, channel: 'api' });
  c.header('Location', `/api/v1/garden-subscriptions/${answer.request.reference}`);
  return c.json(created(answer), 201);
});

gardenRoutes.openapi(deliveredRoute, async (c) => {
  const answer = await markBinsDelivered(serviceContext(c), c.req.valid('param').reference);
  // The officer page's button is a plain form: back to the request's officer page.
  if ((c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
    return c.redirect(`/officer/requests/${encodeURIComponent(answer.reference)}`, 303) as any;
  }
  return c.json(answer, 200);
});
