/**
 * POST /api/v1/rounds/{round}/not-completed[?preview=true]  { date?, catchUp, reason }
 * A round that could not finish: its run on `date` (default council-local today) becomes
 * `not_completed` and that day's collection moves to `catchUp`, in one transaction with the audit rows
 * (services/changes/not-completed.ts). Officer or admin of the council; another council's round is 404.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { requireRole, serviceContext } from '../../middleware/auth.ts';
import { markNotCompleted, previewNotCompleted } from '../../services/changes/not-completed.ts';
import { createApiRouter } from './router.ts';
import { errorResponse } from './schemas.ts';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).openapi({ format: 'date', example: '2026-09-14' });

const Preview = z.object({
  properties: z.number().int(), collections: z.number().int(),
  sample: z.array(z.object({ uprn: z.string(), address: z.string(), service: z.string(), originalDate: date, before: date.nullable(), after: date.nullable() })),
});

const Created = z.object({
  round: z.string(), date, catchUp: date,
  run: z.object({ round: z.string(), date, status: z.string() }),
  exception: z.object({
    id: z.string(), date, action: z.enum(['move', 'cancel']), to: date.nullable(), rounds: z.array(z.string()), services: z.array(z.string()),
    reason: z.string(), createdAt: z.string(), createdBy: z.string().nullable(),
    affected: z.object({ properties: z.number().int(), collections: z.number().int() }),
  }),
}).openapi('RoundNotCompleted');

const route = createRoute({
  method: 'post', path: '/{round}/not-completed', tags: ['Officer'],
  summary: 'Mark a round not completed on a date and move that collection to a catch-up date (or, with ?preview=true, preview the move)',
  security: [{ session: [] }],
  middleware: [requireRole('officer')] as const,
  request: {
    params: z.object({ round: z.string().min(1).max(100) }),
    query: z.object({ preview: z.enum(['true', 'false']).optional().openapi({ description: 'true: answer what would change, write nothing' }) }),
    body: {
      required: true,
      content: { 'application/json': { schema: z.object({
        date: date.optional().openapi({ description: "The day the round did not finish; the council's today when absent" }),
        catchUp: date, reason: z.string().trim().min(1).max(500),
        reasons: z.object({ en: z.string().max(500).optional(), cy: z.string().max(500).optional() }).optional().openapi({
          description: "The reason in the council's other languages, e.g. `{ \"cy\": \"Aeth y lori yn sownd\" }`, as for any change (`POST /api/v1/exceptions`).",
        }),
      }) } },
    },
  },
  responses: {
    200: { description: 'Preview: what the move would change; nothing written.', content: { 'application/json': { schema: Preview } } },
    201: { description: 'Run marked not completed and the catch-up move published.', content: { 'application/json': { schema: Created } } },
    400: errorResponse('`invalid_request`.'),
    401: errorResponse('`unauthorized`.'),
    403: errorResponse('`forbidden`: not an officer or admin.'),
    404: errorResponse('`not_found`: no such round in your council.'),
    409: errorResponse('`exception_exists`: a change already covers this round on that date.'),
    422: errorResponse('`same_date`, `nothing_to_change` (no collection of the round that day), `in_the_past` (catch-up already passed).'),
  },
});

export const roundNotCompletedRoutes = createApiRouter();
roundNotCompletedRoutes.openapi(route, async (c) => {
  const input = { round: c.req.valid('param').round, ...c.req.valid('json') };
  const ctx = serviceContext(c);
  if (c.req.valid('query').preview === 'true') {
    const { round: _round, ...preview } = await previewNotCompleted(ctx, input);
    return c.json(preview, 200);
  }
  const created = await markNotCompleted(ctx, input);
  c.header('Location', `/api/v1/exceptions/${encodeURIComponent(created.exception.id)}`);
  return c.json(created, 201);
});
