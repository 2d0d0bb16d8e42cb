/**
 * GET /api/v1/insight?from=&to=: the numbers behind /officer/insight (missed reports per 1,000
 * scheduled collections by round and week, the SLA share, crew outcomes by type) as JSON.
 * Officer or admin of the council; a malformed, reversed or over-long range is 422 `invalid_range`.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { requireRole, serviceContext } from '../../middleware/auth.ts';
import { insight } from '../../services/insight/insight.ts';
import { createApiRouter } from './router.ts';
import { errorResponse } from './schemas.ts';

const date = z.string().openapi({ format: 'date' });
const rate = {
  scheduled: z.number().int().openapi({ description: 'Collections scheduled (after changes and bank holidays; cancelled ones excluded)' }),
  reports: z.number().int().openapi({ description: 'Missed reports for collections in the period' }),
  perThousand: z.number().nullable().openapi({ description: 'Reports per 1,000 scheduled collections (2 d.p.); null when none were scheduled' }),
};

const InsightSchema = z.object({
  from: date, to: date, today: date,
  total: z.object(rate),
  weeks: z.array(z.object({ week: date.openapi({ description: "The week's Monday" }), from: date, to: date, ...rate })),
  rounds: z.array(z.object({ id: z.string(), name: z.string(), service: z.string(), ...rate })),
  unassignedReports: z.number().int().openapi({ description: 'Reports whose property was on no round of that service on the collection date' }),
  sla: z.object({
    reports: z.number().int(),
    inTime: z.number().int().openapi({ description: 'Resolved or closed by due_by' }),
    late: z.number().int().openapi({ description: 'Resolved or closed after due_by' }),
    overdue: z.number().int().openapi({ description: 'Still open or scheduled, past due_by' }),
    pending: z.number().int().openapi({ description: 'Still open or scheduled, not yet due (not counted in the share)' }),
    share: z.number().nullable().openapi({ description: 'inTime / (inTime + late + overdue), 0 to 1; null when none is decided' }),
  }),
  outcomes: z.array(z.object({ outcome: z.string(), stops: z.number().int().openapi({ description: 'Stops whose latest outcome this is' }) })),
}).openapi('Insight');

const route = createRoute({
  method: 'get', path: '/', tags: ['Officer'], security: [{ session: [] }],
  summary: 'Missed reports per 1,000 scheduled collections by round and week, SLA share and crew outcomes for a period',
  middleware: [requireRole('officer')] as const,
  request: {
    query: z.object({
      from: z.string().optional().openapi({ description: "First day (YYYY-MM-DD, council-local). Default: the Monday 7 weeks before this week's" }),
      to: z.string().optional().openapi({ description: 'Last day, inclusive. Default: today. At most 371 days after from' }),
    }),
  },
  responses: {
    200: { description: 'The figures for the period.', content: { 'application/json': { schema: InsightSchema } } },
    401: errorResponse('`unauthorized`.'),
    403: errorResponse('`forbidden`: not an officer or admin.'),
    422: errorResponse('`invalid_range`: a date is not YYYY-MM-DD, from is after to, or the period is longer than 371 days.'),
  },
});

export const insightRoutes = createApiRouter();
insightRoutes.openapi(route, async (c) => {
  const q = c.req.valid('query');
  return c.json(await insight(serviceContext(c), q), 200);
});
