/**
 * One round for the officer (issue 11 item 3; DESIGN.md "Officer API"):
 * GET /api/v1/rounds/{round}?date=                the round, its current and future periods, its stops in sequence on `date`
 * PUT /api/v1/rounds/{round}/sequence[?preview=true]  { uprns, from? } the full new order of the round's stops on `from`
 * Officer or admin of the council; another council's round is 404.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { requireRole, serviceContext } from '../../middleware/auth.ts';
import { roundDetail } from '../../services/rounds/detail.ts';
import { reorderRound, type SequencePreview, type SequenceResult } from '../../services/rounds/sequence.ts';
import { createApiRouter } from './router.ts';
import { errorResponse } from './schemas.ts';

const officer = requireRole('officer');
const security = [{ session: [] }];
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).openapi({ format: 'date', example: '2026-09-07' });
const uprn = z.string().regex(/^[1-9][0-9]{0,11}$/).openapi({ example: '100090000001' });
const params = z.object({ round: z.string().min(1).max(100).openapi({ example: 'REF-MON' }) });
const common = {
  400: errorResponse('`invalid_request`, `invalid_date`: malformed input.'),
  401: errorResponse('`unauthorized`: sign in first.'),
  403: errorResponse('`forbidden`: not an officer or admin of the council.'),
  404: errorResponse('`not_found`: no such round in your council.'),
};

const PeriodViewSchema = z.object({
  from: date, to: date.nullable(), anchor: date, everyWeeks: z.number().int(),
  weekday: z.number().int().min(1).max(7).openapi({ description: 'ISO weekday of the base dates (1 Monday … 7 Sunday)' }),
  description: z.string().openapi({ example: 'Every 2 weeks on Wednesday' }),
}).openapi('RoundPeriodView');

const StopSchema = z.object({
  sequence: z.number().int().openapi({ description: 'The stored stop number (crew sheets sort by it)' }),
  uprn, address: z.string(), postcode: z.string(), lat: z.number(), lon: z.number(), assisted: z.boolean(),
}).openapi('RoundStop');

const RoundDetailSchema = z.object({
  id: z.string(), name: z.string(), service: z.string(), serviceName: z.string(),
  periods: z.array(PeriodViewSchema).openapi({ description: 'Schedule periods in force on `date` or starting later' }),
  nextCollection: date.nullable().openapi({ description: 'The next collection on or after `date` (holidays and changes applied)' }),
  date,
  stops: z.array(StopSchema).openapi({ description: 'The stops on `date`, in sequence' }),
}).openapi('RoundDetail');

const SequencePreviewSchema = z.object({
  properties: z.number().int().openapi({ description: 'Stops whose position changes' }),
  collections: z.literal(0).openapi({ description: 'No collection date changes' }),
  sample: z.array(z.any()).max(0).openapi({ description: 'Always empty: positions are in `positions`' }),
  from: date,
  firstCollection: date.nullable().openapi({ description: 'The first collection worked in the new order' }),
  positions: z.array(z.object({ uprn, address: z.string(), before: z.number().int(), after: z.number().int() })),
}).openapi('SequencePreview');

const SequenceResultSchema = z.object({
  round: z.string(), from: date, changed: z.number().int().openapi({ description: 'Stops whose position changed' }), uprns: z.array(uprn),
}).openapi('RoundSequence');

const getRound = createRoute({
  method: 'get', path: '/{round}', tags: ['Officer'], security,
  summary: "A round: its day and frequency now and later, and its stops in sequence on a date",
  middleware: [officer] as const,
  request: { params, query: z.object({ date: date.optional().openapi({ description: "Default: today in the council's time zone" }) }) },
  responses: { 200: { description: 'The round', content: { 'application/json': { schema: RoundDetailSchema } } }, ...common },
});

const putSequence = createRoute({
  method: 'put', path: '/{round}/sequence', tags: ['Officer'], security,
  summary: "Reorder a round's stops from a date (or, with ?preview=true, say which stops move)",
  middleware: [officer] as const,
  request: {
    params,
    query: z.object({ preview: z.enum(['true', 'false']).optional().openapi({ description: 'true: answer what would change, write nothing' }) }),
    body: {
      required: true,
      content: { 'application/json': { schema: z.object({
        uprns: z.array(uprn).min(1).max(20_000).openapi({ description: "The round's stops on `from`, every one once, in the new order" }),
        from: date.optional().openapi({ description: 'Default today; the order before it is kept' }),
      }) } },
    },
  },
  responses: {
    200: { description: 'Saved, or with preview=true the preview (nothing written)', content: { 'application/json': { schema: z.union([SequenceResultSchema, SequencePreviewSchema]) } } },
    ...common,
    422: errorResponse('`sequence_mismatch`: the list is not exactly the current stops (details: `missing`, `extra`, `duplicates`); `in_the_past`: `from` is before today.'),
  },
});

export const roundDetailRoutes = createApiRouter({ date: 'invalid_date', from: 'invalid_date' });
roundDetailRoutes.openapi(getRound, async (c) => {
  const { round } = c.req.valid('param');
  return c.json(await roundDetail(serviceContext(c), { round, date: c.req.valid('query').date }), 200);
});
roundDetailRoutes.openapi(putSequence, async (c) => {
  const { round } = c.req.valid('param');
  const { uprns, from } = c.req.valid('json');
  const result = await reorderRound(serviceContext(c), { round, uprns, from, preview: c.req.valid('query').preview === 'true' });
  return c.json(result as SequencePreview | SequenceResult, 200);
});
