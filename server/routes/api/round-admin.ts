/**
 * Officer round changes (DESIGN.md "Officer API"):
 * POST /api/v1/rounds/{round}/periods[?preview=true]  { from, anchor, everyWeeks } → 201 (preview: 200)
 * POST /api/v1/assignments/move[?preview=true]        { uprns, toRound, from } → 200 { moved }
 * Officer or admin of the council; another council's round or property is 404.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../context.ts';
import { requireRole, serviceContext } from '../../middleware/auth.ts';
import { changeRoundPeriod, moveAssignments } from '../../services/rounds/changes.ts';
import { createApiRouter } from './router.ts';
import { ErrorSchema } from './schemas.ts';

const officer = requireRole('officer');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).openapi({ format: 'date', example: '2026-10-05' });
const err = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });
const errors = {
  400: err('Malformed input'),
  401: err('Not signed in'),
  403: err('Not an officer or admin'),
  404: err('No such round or property in your council'),
};
const previewQuery = z.object({ preview: z.enum(['true', 'false']).optional().openapi({ description: 'true: answer what would change, write nothing' }) });

export const PreviewSchema = z.object({
  properties: z.number().int(),
  collections: z.number().int(),
  sample: z.array(z.object({
    uprn: z.string(), address: z.string(), service: z.string(),
    originalDate: date.nullable(), before: date.nullable(), after: date.nullable().openapi({ description: 'The first new collection' }),
  })),
}).openapi('ChangePreview');

const PeriodSchema = z.object({ round: z.string(), from: date, to: date.nullable(), anchor: date, everyWeeks: z.number().int() }).openapi('RoundPeriod');

const addPeriod = createRoute({
  method: 'post',
  path: '/{round}/periods',
  tags: ['Officer'],
  summary: "Change a round's day or frequency from a date (the current period ends the day before)",
  security: [{ session: [] }],
  middleware: [officer] as const,
  request: {
    params: z.object({ round: z.string().min(1).max(100) }),
    query: previewQuery,
    body: { required: true, content: { 'application/json': { schema: z.object({ from: date, anchor: date, everyWeeks: z.number().int().min(1).max(4) }) } } },
  },
  responses: {
    201: { description: 'The new period', content: { 'application/json': { schema: PeriodSchema } } },
    200: { description: 'Preview (nothing written)', content: { 'application/json': { schema: PreviewSchema } } },
    ...errors,
    422: err('in_the_past: `from` is before today'),
  },
});

const move = createRoute({
  method: 'post',
  path: '/move',
  tags: ['Officer'],
  summary: 'Move properties to another round of the same service from a date',
  security: [{ session: [] }],
  middleware: [officer] as const,
  request: {
    query: previewQuery,
    body: { required: true, content: { 'application/json': { schema: z.object({ uprns: z.array(z.string().regex(/^[1-9][0-9]{0,11}$/)).min(1).max(5000), toRound: z.string().min(1).max(100), from: date }) } } },
  },
  responses: {
    200: { description: 'Moved (or, with preview=true, the preview)', content: { 'application/json': { schema: z.union([z.object({ moved: z.number().int() }), PreviewSchema]) } } },
    ...errors,
    422: err("service_mismatch: a property has no assignment of the round's service; in_the_past"),
  },
});

export const roundAdminRoutes = createApiRouter();
roundAdminRoutes.openapi(addPeriod, async (c) => {
  const { round } = c.req.valid('param');
  const preview = c.req.valid('query').preview === 'true';
  const result = await changeRoundPeriod(serviceContext(c), { round, ...c.req.valid('json'), preview });
  return preview ? c.json(result as z.infer<typeof PreviewSchema>, 200) : c.json(result as z.infer<typeof PeriodSchema>, 201);
});

export const assignmentRoutes = createApiRouter();
assignmentRoutes.openapi(move, async (c) => {
  const preview = c.req.valid('query').preview === 'true';
  return c.json(await moveAssignments(serviceContext(c), { ...c.req.valid('json'), preview }), 200);
});

export type { AppEnv };
