/**
 * POST  /api/v1/missed-reports              a resident reports a missed bin (JSON or form post)
 * GET   /api/v1/missed-reports/{reference}  status and public history, never personal data
 * PATCH /api/v1/missed-reports/{reference}  an officer of the report's council moves it on
 *
 * The POST body is read by `readBody` (415/400/413 with codes) and validated here rather than by
 * the OpenAPI layer, so malformed JSON, forms and the Idempotency-Key fingerprint all go through one
 * path; the OpenAPI document still describes it (from a plain JSON Schema).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { z as zod } from 'zod';
import { DomainError } from '../../errors.ts';
import { publicContext, requireRole, serviceContext } from '../../middleware/auth.ts';
import { limitPublicWrites } from '../../middleware/client-ip.ts';
import { parseUprn, UPRN_MESSAGE } from '../../domain/uprn.ts';
import { REPORT_STATUSES } from '../../domain/missed-rules.ts';
import { withIdempotency } from '../../services/idempotency.ts';
import { getPublicReport, submitReport, updateReport } from '../../services/reports.ts';
import { readBody } from '../body.ts';
import { createApiRouter } from './router.ts';
import { ErrorSchema } from './schemas.ts';

export const NOTES_MAX = 2000;

/** Form fields arrive as strings; an empty optional field means "not given". */
const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v);
const optional = (schema: zod.ZodString) =>
  zod.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : trimmed(v)), schema.optional());

export const reportBody = zod.object({
  uprn: zod.union([zod.string(), zod.number()]).transform((v, ctx) => {
    const n = parseUprn(v);
    if (n === null) {
      ctx.addIssue({ code: 'custom', message: UPRN_MESSAGE });
      return zod.NEVER;
    }
    return n;
  }),
  service: zod.preprocess(trimmed, zod.string().min(1, 'is required').max(64)),
  name: zod.preprocess(trimmed, zod.string().min(1, 'is required').max(200, 'must be at most 200 characters')),
  email: zod.preprocess(trimmed, zod.email('must be an email address').max(320)),
  phone: optional(zod.string().max(40).regex(/^[0-9+() .-]{6,40}$/, 'must be a phone number')),
  notes: optional(zod.string().max(NOTES_MAX, `must be at most ${NOTES_MAX} characters`)),
});

const FIELD_CODES: Record<string, string> = { uprn: 'invalid_uprn', email: 'invalid_email', phone: 'invalid_phone' };

/** zod failure → 400 with the field's code (`invalid_email`…) or `invalid_request`. */
export function parseOrThrow<T extends zod.ZodType>(schema: T, value: unknown, codes: Record<string, string> = FIELD_CODES): zod.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = String(issue?.path[0] ?? '');
  throw new DomainError(codes[field] ?? 'invalid_request', `${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'invalid'}`, 400, {
    issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}

const changeBody = zod.object({
  status: zod.enum(REPORT_STATUSES),
  note: optional(zod.string().max(NOTES_MAX, `must be at most ${NOTES_MAX} characters`)),
  internalNote: optional(zod.string().max(NOTES_MAX, `must be at most ${NOTES_MAX} characters`)),
});

// ---- OpenAPI description -------------------------------------------------------------------

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).openapi({ format: 'date', example: '2026-09-01' });

const ReportRequestDoc = {
  type: 'object',
  required: ['uprn', 'service', 'name', 'email'],
  properties: {
    uprn: { type: 'string', pattern: '^[0-9]{1,12}$', example: '100023336956', description: 'The property (a number is accepted too).' },
    service: { type: 'string', minLength: 1, maxLength: 64, example: 'refuse', description: "The service id from the property's answer." },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    email: { type: 'string', format: 'email', maxLength: 320, description: 'Updates are sent here. Never shown publicly.' },
    phone: { type: 'string', maxLength: 40, pattern: '^[0-9+() .-]{6,40}$' },
    notes: { type: 'string', maxLength: NOTES_MAX },
  },
};

const ReceiptSchema = z
  .object({
    reference: z.string().openapi({ example: 'KB-26-000123' }),
    status: z.literal('open'),
    collectionDate: date.openapi({ description: 'The collection reported missed.' }),
    dueBy: z.string().openapi({ format: 'date-time', description: 'End of the SLA: the council aims to have dealt with it by then.' }),
  })
  .openapi('MissedReportReceipt');

const PublicReportSchema = z
  .object({
    reference: z.string().openapi({ example: 'KB-26-000123' }),
    status: z.enum(REPORT_STATUSES),
    service: z.string().openapi({ example: 'refuse' }),
    serviceName: z.string().openapi({ example: 'Rubbish' }),
    collectionDate: date,
    dueBy: z.string().openapi({ format: 'date-time' }),
    createdAt: z.string().openapi({ format: 'date-time' }),
    updatedAt: z.string().openapi({ format: 'date-time' }),
    history: z.array(z.object({ at: z.string().openapi({ format: 'date-time' }), status: z.enum(REPORT_STATUSES), note: z.string().optional() })),
  })
  .openapi('MissedReport');

const StaffReportSchema = z
  .object({
    reference: z.string().openapi({ example: 'KB-26-000123' }),
    status: z.enum(REPORT_STATUSES),
    uprn: z.string().openapi({ example: '100023336956' }),
    service: z.string().openapi({ example: 'refuse' }),
    collectionDate: date,
    dueBy: z.string().openapi({ format: 'date-time' }),
    channel: z.string().openapi({ example: 'web' }),
    reporter: z.object({ name: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable() }),
    notes: z.string().nullable(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    updatedAt: z.string().openapi({ format: 'date-time' }),
    history: z.array(z.object({
      at: z.string().openapi({ format: 'date-time' }),
      status: z.enum(REPORT_STATUSES),
      note: z.string().optional(),
      internalNote: z.string().optional().openapi({ description: 'Staff only.' }),
      userId: z.number().int().optional(),
    })),
  })
  .openapi('StaffMissedReport', { description: 'A report as staff see it: the reporter and internal notes included.' });

const err = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });
const refParam = z.object({
  reference: z.string().openapi({ param: { name: 'reference', in: 'path' }, example: 'KB-26-000123' }),
});

const postRoute = createRoute({
  method: 'post',
  path: '/',
  summary: 'Report a missed collection',
  description:
    'Rules (DESIGN.md): `not_due` before the crew has finished or the same-day cutoff, `window_closed` after the ' +
    "council's window of working days, `crew_reported` when the crew recorded the bin as not presented (etc.), " +
    '`duplicate` (409, with the existing `reference`) when it has already been reported. Send an `Idempotency-Key` ' +
    'header to make retries safe. Rate-limited per client IP (429 with `Retry-After`).',
  middleware: [limitPublicWrites] as const,
  request: {
    headers: z.object({ 'Idempotency-Key': z.string().optional().openapi({ pattern: '^[\\x20-\\x7E]{1,255}$', description: '1–255 printable characters; retries with the same key and body get the first answer.' }) }),
    body: {
      content: {
        'application/json': { schema: ReportRequestDoc as any },
        'application/x-www-form-urlencoded': { schema: ReportRequestDoc as any },
      },
    },
  },
  responses: {
    201: { description: 'Accepted.', content: { 'application/json': { schema: ReceiptSchema } } },
    400: err('`invalid_request`, `invalid_uprn`, `invalid_email`, `invalid_phone`, `unknown_service`, `malformed_body`, `invalid_input`.'),
    403: err('`forbidden`: a form post from another origin (or none).'),
    404: err('`not_found`: no property with that UPRN.'),
    409: err('`duplicate`: already reported; `reference` names the report.'),
    413: err('`payload_too_large`.'),
    415: err('`unsupported_media_type`: send JSON or a form.'),
    422: err('`not_due`, `window_closed`, `crew_reported` (with `outcome`), `idempotency_key_reused`.'),
    429: err('`rate_limited`: see `Retry-After`.'),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/{reference}',
  summary: "A report's status and history (no personal data)",
  request: { params: refParam },
  responses: {
    200: { description: 'The report.', content: { 'application/json': { schema: PublicReportSchema } } },
    404: err('`not_found`.'),
  },
});

const patchRoute = createRoute({
  method: 'patch',
  path: '/{reference}',
  summary: 'Move a report on (officer of its council)',
  description: 'open → scheduled → resolved | closed, forward only. `note` is shown to the resident and emailed; `internalNote` only to staff.',
  middleware: [requireRole('officer')] as const,
  security: [{ session: [] }],
  request: {
    params: refParam,
    body: {
      content: {
        'application/json': {
          schema: {
            type: 'object',
            required: ['status'],
            properties: {
              status: { type: 'string', enum: [...REPORT_STATUSES] },
              note: { type: 'string', maxLength: NOTES_MAX },
              internalNote: { type: 'string', maxLength: NOTES_MAX },
            },
          } as any,
        },
      },
    },
  },
  responses: {
    200: { description: 'The report as staff see it.', content: { 'application/json': { schema: StaffReportSchema } } },
    400: err('`invalid_request`, `malformed_body`, `invalid_input`.'),
    401: err('`unauthorized`.'),
    403: err('`forbidden`: not an officer of the report’s council (or a form post from another origin).'),
    404: err('`not_found`.'),
    409: err('`invalid_transition`.'),
    413: err('`payload_too_large`.'),
    415: err('`unsupported_media_type`: send JSON or a form.'),
  },
});

// ---- Handlers -------------------------------------------------------------------------------

export const missedReportRoutes = createApiRouter();

missedReportRoutes.openapi(postRoute, async (c) => {
  const raw = await readBody(c);
  const ctx = publicContext(c);
  const work = async () => {
    const input = parseOrThrow(reportBody, raw);
    const receipt = await submitReport(ctx, { ...input, channel: 'web' });
    return {
      status: 201,
      body: { reference: receipt.reference, status: receipt.status, collectionDate: receipt.collectionDate, dueBy: receipt.dueBy },
    };
  };
  const key = c.req.header('idempotency-key');
  const answer = key === undefined ? await work() : await withIdempotency(ctx, { scope: 'POST /api/v1/missed-reports', key, request: raw }, work);
  if ('replayed' in answer && answer.replayed) c.header('Idempotent-Replayed', 'true');
  const ref = (answer.body as { reference?: string }).reference;
  if (answer.status === 201 && ref) c.header('Location', `/api/v1/missed-reports/${ref}`);
  return c.json(answer.body as any, answer.status as any);
});

missedReportRoutes.openapi(getRoute, async (c) => {
  const report = await getPublicReport(publicContext(c), c.req.valid('param').reference);
  c.header('Cache-Control', 'no-store');
  return c.json(report as any, 200);
});

missedReportRoutes.openapi(patchRoute, async (c) => {
  const input = parseOrThrow(changeBody, await readBody(c));
  const report = await updateReport(serviceContext(c), c.req.valid('param').reference, input);
  return c.json(report as any, 200);
});
