/**
 * The crew app's writes (its offline queue sends them in batches, and retries):
 * POST /api/v1/crew/events  { events: [{ id, uprn, service, date, outcome, note?, recordedAt }] } → { accepted, duplicates }
 * POST /api/v1/crew/runs    { round, date, status: in_progress | completed }                      → the run
 * Role crew or officer (admin counts as officer); only for the user's own council.
 * Middleware is attached per route so other routers mounted under /crew keep theirs.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { z as zod } from 'zod';
import { isLocalDate } from '../../domain/dates.ts';
import { CREW_OUTCOMES } from '../../domain/missed-rules.ts';
import { parseUprn, UPRN_MESSAGE } from '../../domain/uprn.ts';
import { requireRole, serviceContext } from '../../middleware/auth.ts';
import { MAX_EVENTS_PER_BATCH, recordEvents, recordRun } from '../../services/crew-events.ts';
import { readBody } from '../body.ts';
import { parseOrThrow } from './missed-reports.ts';
import { createApiRouter } from './router.ts';
import { ErrorSchema } from './schemas.ts';

const localDate = zod.string().refine(isLocalDate, 'must be a date YYYY-MM-DD');

const eventSchema = zod.object({
  id: zod.uuid('must be a UUID'),
  uprn: zod.union([zod.string(), zod.number()]).transform((v, ctx) => {
    const n = parseUprn(v);
    if (n === null) {
      ctx.addIssue({ code: 'custom', message: UPRN_MESSAGE });
      return zod.NEVER;
    }
    return n;
  }),
  service: zod.string().min(1).max(64),
  date: localDate,
  outcome: zod.enum(CREW_OUTCOMES),
  note: zod.string().max(2000).nullish(),
  photo: zod.uuid().nullish(),
  recordedAt: zod.iso.datetime({ offset: true }).transform((s) => new Date(s)),
});

const eventsBody = zod.object({
  events: zod.array(eventSchema).max(MAX_EVENTS_PER_BATCH, `at most ${MAX_EVENTS_PER_BATCH} events per batch`),
});

const runBody = zod.object({
  round: zod.string().min(1).max(64),
  date: localDate,
  status: zod.enum(['in_progress', 'completed']),
});

const CODES = { events: 'invalid_event', round: 'invalid_request', date: 'invalid_date', status: 'invalid_request' };

const RunSchema = z
  .object({
    round: z.string().openapi({ example: 'REF-MON' }),
    date: z.string().openapi({ format: 'date', example: '2026-09-01' }),
    status: z.enum(['in_progress', 'completed']),
    startedAt: z.string().nullable().openapi({ format: 'date-time' }),
    completedAt: z.string().nullable().openapi({ format: 'date-time' }),
  })
  .openapi('CrewRun');

const err = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });
const staff = requireRole('crew', 'officer');

const eventsRoute = createRoute({
  method: 'post',
  path: '/events',
  summary: 'Record crew outcomes (idempotent by event id)',
  middleware: [staff] as const,
  security: [{ session: [] }],
  request: {
    body: {
      content: {
        'application/json': {
          schema: {
            type: 'object',
            required: ['events'],
            properties: {
              events: {
                type: 'array',
                maxItems: MAX_EVENTS_PER_BATCH,
                items: {
                  type: 'object',
                  required: ['id', 'uprn', 'service', 'date', 'outcome', 'recordedAt'],
                  properties: {
                    id: { type: 'string', format: 'uuid', description: 'Generated on the device; a retry with the same id is counted as a duplicate.' },
                    uprn: { type: 'string', pattern: '^[0-9]{1,12}$' },
                    service: { type: 'string', example: 'refuse' },
                    date: { type: 'string', format: 'date', description: "The collection's (adjusted) date." },
                    outcome: { type: 'string', enum: [...CREW_OUTCOMES] },
                    note: { type: 'string', maxLength: 2000 },
                    photo: { type: 'string', format: 'uuid' },
                    recordedAt: { type: 'string', format: 'date-time' },
                  },
                },
              },
            },
          } as any,
        },
      },
    },
  },
  responses: {
    200: {
      description: 'Stored: `accepted` new events, `duplicates` already held.',
      content: { 'application/json': { schema: z.object({ accepted: z.number().int(), duplicates: z.number().int() }).openapi('CrewEventsResult') } },
    },
    400: err('`invalid_event`, `invalid_request`, `unknown_service` (with `eventIds`), `malformed_body`, `invalid_input`.'),
    401: err('`unauthorized`.'),
    403: err('`forbidden`: not crew or officer (or a form post from another origin).'),
    404: err('`unknown_property`: a UPRN that is not the council’s (with `eventIds`); nothing is stored.'),
    413: err('`payload_too_large`.'),
    415: err('`unsupported_media_type`: send JSON.'),
  },
});

const runsRoute = createRoute({
  method: 'post',
  path: '/runs',
  summary: "Start or complete a round's run",
  middleware: [staff] as const,
  security: [{ session: [] }],
  request: {
    body: {
      content: {
        'application/json': {
          schema: {
            type: 'object',
            required: ['round', 'date', 'status'],
            properties: {
              round: { type: 'string', example: 'REF-MON' },
              date: { type: 'string', format: 'date' },
              status: { type: 'string', enum: ['in_progress', 'completed'] },
            },
          } as any,
        },
      },
    },
  },
  responses: {
    200: { description: 'The run as stored (a completed run stays completed).', content: { 'application/json': { schema: RunSchema } } },
    400: err('`invalid_request`, `invalid_date`, `malformed_body`, `invalid_input`.'),
    401: err('`unauthorized`.'),
    403: err('`forbidden` (or a form post from another origin).'),
    404: err('`unknown_round`.'),
    413: err('`payload_too_large`.'),
    415: err('`unsupported_media_type`: send JSON.'),
  },
});

export const crewEventRoutes = createApiRouter();

crewEventRoutes.openapi(eventsRoute, async (c) => {
  const { events } = parseOrThrow(eventsBody, await readBody(c), CODES);
  return c.json(await recordEvents(serviceContext(c), { events }), 200);
});

crewEventRoutes.openapi(runsRoute, async (c) => {
  const input = parseOrThrow(runBody, await readBody(c), CODES);
  return c.json((await recordRun(serviceContext(c), input)) as any, 200);
});
