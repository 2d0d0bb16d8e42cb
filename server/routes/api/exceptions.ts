/**
 * Service changes and the audit trail (DESIGN.md "Officer API"):
 * GET/POST /api/v1/exceptions, DELETE /api/v1/exceptions/{id}, GET /api/v1/audit (and audit.csv).
 * Officer or admin of the council; `?preview=true` on POST answers what would change and writes nothing.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../context.ts';
import { isLocalDate } from '../../domain/dates.ts';
import { requireRole, serviceContext } from '../../middleware/auth.ts';
import { auditCsv, listAudit } from '../../services/audit/list.ts';
import { AUDIT_ENTITIES } from '../../services/audit/record.ts';
import { listExceptions, previewException, publishException, withdrawException } from '../../services/changes/exceptions.ts';
import { readBody } from '../body.ts';
import { createApiRouter } from './router.ts';
import { errorResponse } from './schemas.ts';

const officer = requireRole('officer');
const security = [{ session: [] }];
// A real calendar date: 2026-02-30 matches the pattern but PostgreSQL refuses it (a 500 before).
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine(isLocalDate, 'must be a real date YYYY-MM-DD').openapi({ format: 'date' });

const ExceptionSchema = z.object({
  id: z.string(), date, action: z.enum(['move', 'cancel']), to: date.nullable(),
  rounds: z.array(z.string()), services: z.array(z.string()), reason: z.string(),
  reasons: z.object({ en: z.string().optional(), cy: z.string().optional() }).nullable()
    .openapi({ description: "The reason in each language given (`reason` is the council's first language's); null when only `reason` was." }),
  createdAt: z.string(), createdBy: z.string().nullable(),
}).openapi('ServiceChange');

const PreviewSchema = z.object({
  properties: z.number().int(), collections: z.number().int(),
  sample: z.array(z.object({ uprn: z.string(), address: z.string(), service: z.string(), originalDate: date, before: date.nullable(), after: date.nullable() })),
}).openapi('ChangePreview');

const InputSchema = z.object({
  date, action: z.enum(['move', 'cancel']), to: date.nullable().optional(),
  rounds: z.array(z.string()).optional(), services: z.array(z.string()).optional(), reason: z.string().min(1).max(500),
  reasons: z.object({ en: z.string().max(500).optional(), cy: z.string().max(500).optional() }).optional().openapi({
    description: "The reason in the council's other languages, e.g. `{ \"cy\": \"Depo ar gau\" }`: residents reading in that language see it. `reason` stays required, in the council's first language, and wins for that language.",
  }),
});

const common = {
  400: errorResponse('`invalid_request`.'),
  401: errorResponse('`unauthorized`.'),
  403: errorResponse('`forbidden`: not an officer or admin.'),
};

const listRoute = createRoute({
  method: 'get', path: '/exceptions', tags: ['Officer'], summary: "The council's service changes", security,
  middleware: [officer] as const,
  request: { query: z.object({ from: date.optional(), to: date.optional() }) },
  responses: { 200: { description: 'Changes by date.', content: { 'application/json': { schema: z.array(ExceptionSchema) } } }, ...common },
});

const postRoute = createRoute({
  method: 'post', path: '/exceptions', tags: ['Officer'], summary: 'Publish (or with ?preview=true, preview) a move or cancellation', security,
  middleware: [officer] as const,
  request: {
    query: z.object({ preview: z.enum(['true', 'false']).optional() }),
    body: { content: { 'application/json': { schema: InputSchema } } },
  },
  responses: {
    200: { description: 'Preview: what would change; nothing written.', content: { 'application/json': { schema: PreviewSchema } } },
    201: { description: 'Published.', content: { 'application/json': { schema: ExceptionSchema.extend({ affected: z.object({ properties: z.number().int(), collections: z.number().int() }) }) } } },
    ...common,
    409: errorResponse('`exception_exists`: same date, overlapping scope.'),
    422: errorResponse('`nothing_to_change`, `same_date`, `unknown_round`, `unknown_service`, `to_required`, `in_the_past`.'),
  },
});

const deleteRoute = createRoute({
  method: 'delete', path: '/exceptions/{id}', tags: ['Officer'], summary: 'Withdraw a change (collections go back)', security,
  middleware: [officer] as const,
  request: { params: z.object({ id: z.string().min(1).max(200) }) },
  responses: { 204: { description: 'Withdrawn.' }, ...common, 404: errorResponse('`not_found`.') },
});

const auditQuery = z.object({
  from: z.string().optional().openapi({ description: 'A date (YYYY-MM-DD) or an instant.' }),
  to: z.string().optional().openapi({ description: 'A date (that whole day, UTC) or an instant.' }),
  user: z.string().optional().openapi({ description: 'An email address.' }),
  entity: z.enum(AUDIT_ENTITIES).optional(),
  cursor: z.coerce.number().int().positive().optional(), format: z.enum(['json', 'csv']).optional(),
});
const AuditSchema = z.object({
  at: z.string(), user: z.string().nullable(), action: z.string(), entity: z.string().nullable(), entityId: z.string().nullable(),
  before: z.any(), after: z.any(),
}).openapi('AuditEntry');

const auditRoute = createRoute({
  method: 'get', path: '/audit', tags: ['Officer'], summary: 'Who changed what, newest first (`?format=csv` for a spreadsheet)', security,
  middleware: [officer] as const,
  request: { query: auditQuery },
  responses: {
    200: { description: 'Entries; the next page is in the `Link` header.', content: { 'application/json': { schema: z.array(AuditSchema) }, 'text/csv': { schema: z.string() } } },
    ...common,
  },
});
const auditCsvRoute = createRoute({
  method: 'get', path: '/audit.csv', tags: ['Officer'], summary: 'The audit trail as CSV (same filters)', security,
  middleware: [officer] as const,
  request: { query: auditQuery },
  responses: { 200: { description: 'CSV.', content: { 'text/csv': { schema: z.string() } } }, ...common },
});

export const exceptionRoutes = createApiRouter();

exceptionRoutes.openapi(listRoute, async (c) => {
  c.header('Cache-Control', 'no-store');
  return c.json(await listExceptions(serviceContext(c), c.req.valid('query')), 200);
});

exceptionRoutes.openapi(postRoute, async (c) => {
  const input = c.req.valid('json');
  const ctx = serviceContext(c);
  if (c.req.valid('query').preview === 'true') return c.json(await previewException(ctx, input), 200);
  const created = await publishException(ctx, input);
  c.header('Location', `/api/v1/exceptions/${encodeURIComponent(created.id)}`);
  return c.json(created, 201);
});

exceptionRoutes.openapi(deleteRoute, async (c) => {
  await withdrawException(serviceContext(c), c.req.valid('param').id);
  return c.body(null, 204);
});

async function audit(c: any, csv: boolean) {
  const q = c.req.valid('query');
  const { rows, next } = await listAudit(serviceContext(c), { ...q, limit: csv ? 1000 : 100 });
  c.header('Cache-Control', 'no-store');
  if (next) {
    const url = new URL(c.req.url);
    url.searchParams.set('cursor', String(next));
    c.header('Link', `<${url.pathname}${url.search}>; rel="next"`);
  }
  if (csv || q.format === 'csv') {
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="audit.csv"');
    return c.body(auditCsv(rows), 200);
  }
  return c.json(rows, 200);
}
exceptionRoutes.openapi(auditCsvRoute, (c) => audit(c, true));
exceptionRoutes.openapi(auditRoute, (c) => audit(c, false));
