/**
 * Officer API for the Today board:
 * GET /api/v1/rounds?date=                      today's rounds with live progress (DESIGN "Officer API")
 * GET /api/v1/map/properties?bbox=&zoom=[&round=&date=]  GeoJSON, clustered on the server below zoom 17
 * Officers and admins of the council; crews and customers get 403.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { requireRole, serviceContext } from '../../middleware/auth.ts';
import { mapProperties, parseBbox } from '../../services/officer-board/map-properties.ts';
import { roundsProgress } from '../../services/officer-board/rounds-progress.ts';
import { createApiRouter } from './router.ts';
import { errorResponse } from './schemas.ts';

const officer = requireRole('officer');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).openapi({ format: 'date', example: '2026-12-21' });
const security = [{ session: [] }];
const errors = {
  400: errorResponse('Malformed input (invalid_date, invalid_bbox, invalid_zoom)'),
  401: errorResponse('Not signed in'),
  403: errorResponse('Not an officer of the council'),
};

const RoundProgressSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    service: z.string(),
    stops: z.number().int(),
    done: z.number().int().openapi({ description: 'Stops with any outcome recorded' }),
    status: z.enum(['not_started', 'in_progress', 'completed']),
    lastEventAt: z.string().nullable(),
    notCollected: z.number().int().openapi({ description: 'Stops whose latest outcome is not collected' }),
    notCompleted: z.literal(true).optional().openapi({ description: 'The officer marked the run not completed' }),
  })
  .openapi('RoundProgress');

const listRounds = createRoute({
  method: 'get',
  path: '/',
  tags: ['Officer'],
  summary: "The council's rounds on a date with live progress from crew events and runs",
  security,
  middleware: [officer] as const,
  request: { query: z.object({ date: date.optional().openapi({ description: "Default: today in the council's time zone" }) }) },
  responses: { 200: { description: 'Rounds running that day', content: { 'application/json': { schema: z.array(RoundProgressSchema) } } }, ...errors },
});

export const roundsTodayRoutes = createApiRouter({ date: 'invalid_date' });
roundsTodayRoutes.openapi(listRounds, async (c) => {
  const { date: day } = c.req.valid('query');
  const { rounds } = await roundsProgress(serviceContext(c), day);
  return c.json(rounds, 200);
});

const point = z.object({ type: z.literal('Point'), coordinates: z.array(z.number()) });
const FeatureCollectionSchema = z
  .object({
    type: z.literal('FeatureCollection'),
    truncated: z.boolean().openapi({ description: 'The feature cap cut the answer short: zoom in' }),
    features: z.array(z.object({
      type: z.literal('Feature'),
      geometry: point,
      properties: z.union([
        z.object({ cluster: z.literal(true), count: z.number().int(), done: z.number().int().optional() }),
        z.object({ uprn: z.string(), address: z.string(), status: z.string().optional().openapi({ description: "The latest crew outcome on `date`, or 'pending'" }) }),
      ]),
    })),
  })
  .openapi('MapFeatureCollection');

const mapRoute = createRoute({
  method: 'get',
  path: '/properties',
  tags: ['Officer'],
  summary: "The council's properties in a bounding box as GeoJSON, clustered below zoom 17",
  security,
  middleware: [officer] as const,
  request: {
    query: z.object({
      bbox: z.string().max(200).openapi({ description: 'minLon,minLat,maxLon,maxLat', example: '-1.6,52.9,-1.4,53.0' }),
      zoom: z.string().regex(/^\d{1,2}$/).openapi({ description: '0 to 20', example: '14' }),
      round: z.string().min(1).max(100).optional(),
      date: date.optional(),
    }),
  },
  responses: {
    200: { description: 'GeoJSON FeatureCollection (at most a few thousand features)', content: { 'application/geo+json': { schema: FeatureCollectionSchema }, 'application/json': { schema: FeatureCollectionSchema } } },
    ...errors,
    404: errorResponse('No such round in your council'),
  },
});

export const mapRoutes = createApiRouter({ date: 'invalid_date', bbox: 'invalid_bbox', zoom: 'invalid_zoom' });
mapRoutes.openapi(mapRoute, async (c) => {
  const q = c.req.valid('query');
  const body = await mapProperties(serviceContext(c), { bbox: parseBbox(q.bbox), zoom: Number(q.zoom), round: q.round, date: q.date });
  return c.json(body, 200);
});
