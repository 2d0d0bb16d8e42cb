/**
 * GET   /api/v1/bulky/slots?uprn=               dates with room, before their cut-off
 * POST  /api/v1/bulky-bookings                  book: 201 pending_payment with the payment's nextUrl
 * PATCH /api/v1/bulky-bookings/{reference}      amend before the cut-off
 * (GET and POST …/cancel for a booking are the shared request routes, branch `pay`.)
 */
import { createRoute, z } from '@hono/zod-openapi';
import { z as zod } from 'zod';
import { loadSession, publicContext } from '../../middleware/auth.ts';
import { limitPublicWrites } from '../../middleware/client-ip.ts';
import { parseUprn, UPRN_MESSAGE } from '../../domain/uprn.ts';
import { amendBulky, bookBulky, bulkySlots } from '../../services/requests/bulky/index.ts';
import { readBody } from '../body.ts';
import { parseOrThrow } from './missed-reports.ts';
import { createApiRouter } from './router.ts';
import { ErrorSchema } from './schemas.ts';

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v);
const optional = <T extends zod.ZodType>(schema: T) => zod.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : trimmed(v)), schema.optional());
const uprn = zod.union([zod.string(), zod.number()]).transform((v, ctx) => {
  const n = parseUprn(v);
  if (n === null) {
    ctx.addIssue({ code: 'custom', message: UPRN_MESSAGE });
    return zod.NEVER;
  }
  return n;
});
const localDate = zod.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
export const LOCATION_MAX = 500;
const items = zod.array(zod.strictObject({
  id: zod.string().min(1).max(64),
  quantity: zod.number().int('must be a whole number').min(1).max(50),
})).min(1, 'choose at least one item').max(50);
const location = zod.preprocess(trimmed, zod.string().min(1, 'is required').max(LOCATION_MAX, `must be at most ${LOCATION_MAX} characters`));
const email = zod.preprocess(trimmed, zod.email('must be an email address').max(320));

export const bookingBody = zod.object({
  uprn,
  date: localDate,
  items,
  location,
  name: zod.preprocess(trimmed, zod.string().min(1, 'is required').max(200, 'must be at most 200 characters')),
  email,
  phone: optional(zod.string().max(40).regex(/^[0-9+() .-]{6,40}$/, 'must be a phone number')),
});

export const amendBody = zod.object({
  email: optional(email),
  date: localDate.optional(),
  items: items.optional(),
  location: location.optional(),
});

const FIELD_CODES: Record<string, string> = { uprn: 'invalid_uprn', email: 'invalid_email', phone: 'invalid_phone', date: 'invalid_date' };

// ---- OpenAPI description -------------------------------------------------------------------

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).openapi({ format: 'date', example: '2026-12-08' });
const err = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });
const ItemsDoc = {
  type: 'array', minItems: 1, maxItems: 50,
  items: {
    type: 'object', required: ['id', 'quantity'], additionalProperties: false,
    properties: { id: { type: 'string', minLength: 1, maxLength: 64, example: 'sofa' }, quantity: { type: 'integer', minimum: 1, maximum: 50 } },
  },
};
const BookingDoc = {
  type: 'object',
  required: ['uprn', 'date', 'items', 'location', 'name', 'email'],
  properties: {
    uprn: { type: 'string', pattern: '^[0-9]{1,12}$', example: '100023336956' },
    date: { type: 'string', format: 'date', description: 'One of the dates `GET /api/v1/bulky/slots` offers.' },
    items: { ...ItemsDoc, description: "Item ids from the council's list; quantities add up to the items counted for the price." },
    location: { type: 'string', minLength: 1, maxLength: LOCATION_MAX, example: 'Front garden, by the gate' },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    email: { type: 'string', format: 'email', maxLength: 320 },
    phone: { type: 'string', maxLength: 40, pattern: '^[0-9+() .-]{6,40}$' },
  },
};
const AmendDoc = {
  type: 'object',
  properties: {
    email: { type: 'string', format: 'email', maxLength: 320, description: 'The email the booking was made with (not needed for an officer of its council).' },
    date: { type: 'string', format: 'date' },
    items: ItemsDoc,
    location: { type: 'string', minLength: 1, maxLength: LOCATION_MAX },
  },
};

const SlotsSchema = z.array(z.object({ date, remaining: z.number().int().min(1) })).openapi('BulkySlots');
const CreatedSchema = z
  .object({
    reference: z.string().openapi({ example: 'BW-26-000001' }),
    status: z.enum(['pending_payment', 'confirmed']).openapi({ description: '`confirmed` only when the council charges nothing.' }),
    amountPence: z.number().int(),
    payment: z.object({ nextUrl: z.string().nullable().openapi({ format: 'uri', description: 'Send the resident here to pay (null when free).' }) }),
  })
  .openapi('BulkyBookingCreated');
const AmendedSchema = z
  .object({
    reference: z.string().openapi({ example: 'BW-26-000001' }),
    status: z.string().openapi({ example: 'confirmed' }),
    amountPence: z.number().int(),
    refundPence: z.number().int().openapi({ description: 'Refunded for items taken off (0 when none).' }),
  })
  .openapi('BulkyBookingAmended');

const slotsRoute = createRoute({
  method: 'get',
  path: '/slots',
  summary: 'Dates a property can book a bulky waste collection on, with the places left',
  description: 'The next 8 weeks of the council’s bulky collection days whose cut-off has not passed and that have room.',
  request: {
    query: z.object({ uprn: z.string().openapi({ pattern: '^[0-9]{1,12}$', example: '100023336956' }) }),
  },
  responses: {
    200: { description: 'Dates with room, soonest first.', content: { 'application/json': { schema: SlotsSchema } } },
    400: err('`invalid_uprn`.'),
    404: err('`not_found`: no property with that UPRN.'),
    422: err('`not_served`: the council does not offer bulky collections; `not_domestic`: a business property.'),
  },
});

const postRoute = createRoute({
  method: 'post',
  path: '/',
  summary: 'Book a bulky waste collection',
  description:
    'Holds a place for 30 minutes while the resident pays at `payment.nextUrl`; paid, the booking is `confirmed`. ' +
    'Rate-limited per client IP (429 with `Retry-After`).',
  middleware: [limitPublicWrites] as const,
  request: {
    body: { content: { 'application/json': { schema: BookingDoc as any }, 'application/x-www-form-urlencoded': { schema: BookingDoc as any } } },
  },
  responses: {
    201: { description: 'Booked, waiting for payment.', content: { 'application/json': { schema: CreatedSchema } } },
    400: err('`invalid_request`, `invalid_uprn`, `invalid_email`, `invalid_phone`, `invalid_date`, `malformed_body`, `invalid_input`.'),
    403: err('`forbidden`: a form post from another origin.'),
    404: err('`not_found`: no property with that UPRN.'),
    409: err('`slot_full`: no room left that day.'),
    413: err('`payload_too_large`.'),
    415: err('`unsupported_media_type`.'),
    422: err('`not_served`, `not_domestic`, `unknown_item`, `too_many_items`, `past_cutoff`, `not_bookable` (no bulky collection that day).'),
    429: err('`rate_limited`.'),
    503: err('`payment_unavailable`: the payment provider did not answer; nothing was kept, try again.'),
  },
});

const patchRoute = createRoute({
  method: 'patch',
  path: '/{reference}',
  summary: 'Change a confirmed bulky booking before its cut-off',
  description:
    'Move it to another date with room, change the items or where they are. Items that cost more than was paid are refused ' +
    '(`amend_costs_more`: cancel and book again); fewer refund the difference.',
  middleware: [loadSession] as const,
  security: [{}, { session: [] }],
  request: {
    params: z.object({ reference: z.string().openapi({ param: { name: 'reference', in: 'path' }, example: 'BW-26-000001' }) }),
    body: { content: { 'application/json': { schema: AmendDoc as any } } },
  },
  responses: {
    200: { description: 'Changed.', content: { 'application/json': { schema: AmendedSchema } } },
    400: err('`invalid_request`, `invalid_email`, `invalid_date`, `malformed_body`, `invalid_input`.'),
    403: err('`forbidden`: not the booking’s email (nor an officer of its council), or a form post from another origin.'),
    404: err('`not_found`.'),
    409: err('`slot_full`; `invalid_transition`: the booking is not confirmed.'),
    413: err('`payload_too_large`.'),
    415: err('`unsupported_media_type`.'),
    422: err('`past_cutoff`, `not_bookable`, `unknown_item`, `too_many_items`, `amend_costs_more`, `not_served`.'),
  },
});

// ---- Handlers -------------------------------------------------------------------------------

export const bulkySlotRoutes = createApiRouter({ uprn: 'invalid_uprn' });

bulkySlotRoutes.openapi(slotsRoute, async (c) => {
  const n = parseUprn(c.req.valid('query').uprn);
  if (n === null) parseOrThrow(zod.object({ uprn }), { uprn: c.req.valid('query').uprn }, FIELD_CODES);
  c.header('Cache-Control', 'no-store');
  return c.json(await bulkySlots(publicContext(c), n!), 200);
});

export const bulkyBookingRoutes = createApiRouter();

bulkyBookingRoutes.openapi(postRoute, async (c) => {
  const input = parseOrThrow(bookingBody, await readBody(c), FIELD_CODES);
  const lang = c.req.query('lang') === 'cy' ? 'cy' : 'en';
  const { request, payment } = await bookBulky(publicContext(c), { ...input, language: lang, channel: 'api' });
  c.header('Location', `/api/v1/bulky-bookings/${request.reference}`);
  const status = request.status === 'confirmed' ? 'confirmed' as const : 'pending_payment' as const;
  return c.json({ reference: request.reference, status, amountPence: request.amountPence, payment: { nextUrl: payment.nextUrl } }, 201);
});

bulkyBookingRoutes.openapi(patchRoute, async (c) => {
  const input = parseOrThrow(amendBody, await readBody(c), FIELD_CODES);
  const ctx = { ...publicContext(c), user: c.var.user };
  const { request, refundPence } = await amendBulky(ctx, c.req.param('reference')!, input);
  return c.json({ reference: request.reference, status: request.status, amountPence: request.amountPence, refundPence }, 200);
});
