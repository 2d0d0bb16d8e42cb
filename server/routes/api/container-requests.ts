/**
 * POST /api/v1/container-requests                        a resident asks for a bin or container (JSON or form)
 * POST /api/v1/container-requests/{reference}/delivered  a crew member or officer of the council marks it delivered
 *
 * `GET …/{reference}` and `POST …/{reference}/cancel` are the requests lifecycle's generic routes.
 * Codes are listed in server/services/requests/containers/create.ts; decisions in docs/requests.md.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { z as zod } from 'zod';
import { publicContext, requireRole, serviceContext } from '../../middleware/auth.ts';
import { limitPublicWrites } from '../../middleware/client-ip.ts';
import { parseUprn, UPRN_MESSAGE } from '../../domain/uprn.ts';
import { CONTAINER_REASONS } from '../../domain/requests/config.ts';
import { withIdempotency } from '../../services/idempotency.ts';
import { createContainerRequest, markDelivered } from '../../services/requests/containers/index.ts';
import { isLang } from '../../../web/i18n/index.ts';
import { readBody } from '../body.ts';
import { parseOrThrow } from './missed-reports.ts';
import { createApiRouter } from './router.ts';
import { ErrorSchema } from './schemas.ts';

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v);
const optional = (schema: zod.ZodString) =>
  zod.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : trimmed(v)), schema.optional());

export const containerRequestBody = zod.object({
  uprn: zod.union([zod.string(), zod.number()]).transform((v, ctx) => {
    const n = parseUprn(v);
    if (n === null) {
      ctx.addIssue({ code: 'custom', message: UPRN_MESSAGE });
      return zod.NEVER;
    }
    return n;
  }),
  container: zod.preprocess(trimmed, zod.string().min(1, 'is required').max(64)),
  reason: zod.preprocess(trimmed, zod.string().min(1, 'is required').max(32)),
  // Forms send text: "2" is 2; anything but a whole number from 1 is refused here (400), more than the container allows is 422.
  quantity: zod.preprocess((v) => (typeof v === 'string' && /^\s*\d{1,3}\s*$/.test(v) ? Number(v) : v), zod.number().int().min(1).max(100)).default(1),
  name: zod.preprocess(trimmed, zod.string().min(1, 'is required').max(200, 'must be at most 200 characters')),
  email: zod.preprocess(trimmed, zod.email('must be an email address').max(320)),
  phone: optional(zod.string().max(40).regex(/^[0-9+() .-]{6,40}$/, 'must be a phone number')),
});

const deliveredBody = zod.object({ note: optional(zod.string().max(500, 'must be at most 500 characters')) });

// ---- OpenAPI description -------------------------------------------------------------------

const RequestDoc = {
  type: 'object',
  required: ['uprn', 'container', 'reason', 'name', 'email'],
  properties: {
    uprn: { type: 'string', pattern: '^[0-9]{1,12}$', example: '100023336956', description: 'The property (a number is accepted too).' },
    container: { type: 'string', minLength: 1, maxLength: 64, example: 'refuse-240', description: "A container id from the council's `requests.containers`." },
    reason: { type: 'string', enum: [...CONTAINER_REASONS], description: 'One of the reasons that container allows.' },
    quantity: { type: 'integer', minimum: 1, maximum: 100, default: 1, description: "How many (at most the container's `maxQuantity`)." },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    email: { type: 'string', format: 'email', maxLength: 320, description: 'The confirmation goes here. Never shown publicly.' },
    phone: { type: 'string', maxLength: 40, pattern: '^[0-9+() .-]{6,40}$' },
  },
};

const ReceiptSchema = z
  .object({
    reference: z.string().openapi({ example: 'BR-26-000001' }),
    status: z.enum(['pending_payment', 'active']).openapi({ description: '`active` at once when the container is free.' }),
    amountPence: z.number().int().openapi({ example: 2500 }),
    payment: z.object({
      nextUrl: z.string().nullable().openapi({ format: 'uri', description: 'Where to send the resident to pay (absolute); null when there is nothing to pay.' }),
    }),
  })
  .openapi('ContainerRequestReceipt');

const DeliveredSchema = z
  .object({ reference: z.string().openapi({ example: 'BR-26-000001' }), status: z.literal('completed') })
  .openapi('ContainerDelivered');

const err = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });
const refParam = z.object({
  reference: z.string().max(40).openapi({ param: { name: 'reference', in: 'path' }, example: 'BR-26-000001' }),
});

const postRoute = createRoute({
  method: 'post',
  path: '/',
  summary: 'Request a bin or container',
  description:
    'One open request per container per property (`409 request_open`, with its `reference`). A free container is ' +
    '`active` at once (`payment.nextUrl` null); otherwise the request is `pending_payment` for 30 minutes while the ' +
    'resident pays at `payment.nextUrl`. `?lang=cy|en` sets the language of its emails and pages (default: the ' +
    "council's first). Send an `Idempotency-Key` header to make retries safe. Rate-limited per client IP.",
  middleware: [limitPublicWrites] as const,
  request: {
    query: z.object({ lang: z.enum(['en', 'cy']).optional() }),
    headers: z.object({ 'Idempotency-Key': z.string().optional().openapi({ pattern: '^[\\x20-\\x7E]{1,255}$', description: '1–255 printable characters; retries with the same key and body get the first answer.' }) }),
    body: {
      content: {
        'application/json': { schema: RequestDoc as any },
        'application/x-www-form-urlencoded': { schema: RequestDoc as any },
      },
    },
  },
  responses: {
    201: { description: 'Made.', content: { 'application/json': { schema: ReceiptSchema } } },
    400: err('`invalid_request`, `invalid_uprn`, `invalid_email`, `invalid_phone`, `malformed_body`, `invalid_input`, `invalid_idempotency_key`.'),
    403: err('`forbidden`: a form post from another origin (or none).'),
    404: err('`not_found`: no property with that UPRN.'),
    409: err('`request_open`: a request for that container at that property is already open (`reference`).'),
    413: err('`payload_too_large`.'),
    415: err('`unsupported_media_type`: send JSON or a form.'),
    422: err('`not_served`, `not_domestic`, `unknown_container`, `invalid_reason` (with `allowed`), `too_many_bins` (with `max`), `not_collected`, `idempotency_key_reused`.'),
    429: err('`rate_limited`: see `Retry-After`.'),
    503: err('`payment_unavailable`: the payment provider could not be reached; nothing was kept, try again. `unavailable`: the database.'),
  },
});

const deliveredRoute = createRoute({
  method: 'post',
  path: '/{reference}/delivered',
  summary: 'Mark a container delivered (crew or officer of its council)',
  description: 'The request becomes `completed`, with a step in its history and an audit entry. Repeating it changes nothing.',
  middleware: [requireRole('crew', 'officer')] as const,
  security: [{ session: [] }],
  request: {
    params: refParam,
    body: {
      required: false,
      content: {
        'application/json': { schema: { type: 'object', properties: { note: { type: 'string', maxLength: 500, description: 'Shown to the resident.' } } } as any },
        'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { note: { type: 'string', maxLength: 500 } } } as any },
      },
    },
  },
  responses: {
    200: { description: 'Delivered.', content: { 'application/json': { schema: DeliveredSchema } } },
    400: err('`invalid_request`, `malformed_body`, `invalid_input`.'),
    401: err('`unauthorized`.'),
    403: err('`forbidden`: not a crew member or officer (or a form post from another origin).'),
    404: err('`not_found`: no such container request in your council.'),
    409: err('`not_active`: not paid yet, cancelled or expired.'),
    413: err('`payload_too_large`.'),
    415: err('`unsupported_media_type`: send JSON or a form.'),
  },
});

// ---- Handlers -------------------------------------------------------------------------------

export const containerRequestRoutes = createApiRouter();

containerRequestRoutes.openapi(postRoute, async (c) => {
  const raw = await readBody(c);
  const ctx = publicContext(c);
  const lang = c.req.query('lang');
  const work = async () => {
    const input = parseOrThrow(containerRequestBody, raw);
    const made = await createContainerRequest(ctx, { ...input, language: isLang(lang) ? lang : undefined, channel: 'api' });
    return {
      status: 201,
      body: { reference: made.request.reference, status: made.request.status, amountPence: made.request.amountPence, payment: made.payment },
    };
  };
  const key = c.req.header('idempotency-key');
  const answer = key === undefined
    ? await work()
    : await withIdempotency(ctx, { scope: 'POST /api/v1/container-requests', key, request: raw }, work);
  if ('replayed' in answer && answer.replayed) c.header('Idempotent-Replayed', 'true');
  const ref = (answer.body as { reference?: string }).reference;
  if (answer.status === 201 && ref) c.header('Location', `/api/v1/container-requests/${ref}`);
  return c.json(answer.body as any, answer.status as any);
});

containerRequestRoutes.openapi(deliveredRoute, async (c) => {
  // The body is optional (a note): a bare POST is fine.
  const input = c.req.header('content-type') ? parseOrThrow(deliveredBody, await readBody(c)) : {};
  const done = await markDelivered(serviceContext(c), c.req.valid('param').reference, input.note);
  return c.json(done as any, 200);
});
