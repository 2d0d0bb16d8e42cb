/**
 * The crew app's reads and its photo upload:
 * GET  /api/v1/crew/rounds?date=            rounds the crew's council runs that day
 * GET  /api/v1/crew/rounds/{round}/{date}   one round's stops in sequence order
 * POST /api/v1/crew/photos[?id=uuid]        a JPEG/PNG/WebP (raw body or multipart field `photo`), ≤ 5 MB
 * GET  /api/v1/crew/photos/{id}             the stored (metadata-free) photo, for the council's staff
 * POST /api/v1/crew/return-visits/{reference}/resolve  { note? }  the crew has been back: report resolved
 * Role crew or officer (admin counts as officer); everything is scoped to the user's council.
 * Middleware is attached per route, not with `use('*')`, so other routers mounted under /crew keep theirs.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../../context.ts';
import { DomainError } from '../../errors.ts';
import { requireRole, serviceContext } from '../../middleware/auth.ts';
import { roundSheet, roundsOn } from '../../services/crew-rounds.ts';
import { getPhoto, MAX_PHOTO_BYTES, storePhoto } from '../../services/crew-photos.ts';
import { resolveReturnVisit } from '../../services/reports.ts';
import { readBody } from '../body.ts';
import { createApiRouter } from './router.ts';
import { ErrorSchema } from './schemas.ts';

const staff = requireRole('crew', 'officer');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).openapi({ format: 'date', example: '2026-09-01' });
const status = z.enum(['not_started', 'in_progress', 'completed']);
const service = z.object({ id: z.string(), name: z.string(), colour: z.string() });
const err = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });
const errors = {
  400: err('`invalid_date`: malformed date; `invalid_input`.'),
  401: err('`unauthorized`: not signed in.'),
  403: err('`forbidden`: not crew or officer.'),
};
const security = [{ session: [] }];
const lang = z.string().max(10).optional().openapi({
  description: "Language of round and service names and change reasons: `en` or `cy`; one the council does not offer, or none, gives its first.",
  example: 'cy',
});

const RoundsOnDaySchema = z
  .object({
    date,
    rounds: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        service,
        originalDate: date.openapi({ description: 'The base date this collection replaces.' }),
        changed: z.boolean(),
        reason: z.string().optional(),
        stops: z.number().int(),
        run: z.object({ status }),
      }),
    ),
  })
  .openapi('CrewRoundsOnDay');

const RoundSheetSchema = z
  .object({
    round: z.object({ id: z.string(), name: z.string(), service }),
    date,
    originalDate: date,
    changed: z.boolean(),
    reason: z.string().optional(),
    run: z.object({ status, startedAt: z.string().optional(), completedAt: z.string().optional() }),
    stops: z.array(
      z.object({
        sequence: z.number().int(),
        uprn: z.string(),
        address: z.string(),
        lat: z.number(),
        lon: z.number(),
        assisted: z.boolean(),
        services: z.array(z.string()),
        returnVisits: z.array(z.object({ reference: z.string(), service: z.string() })),
        outcomes: z.array(z.object({ id: z.string(), service: z.string(), outcome: z.string(), recordedAt: z.string() })),
        jobs: z.array(z.object({
          type: z.enum(['bulky', 'delivery']),
          reference: z.string().openapi({ example: 'BW-26-000001' }),
          items: z.array(z.string()).openapi({ description: 'What to pick up or drop off, in words.', example: ['Sofa × 1'] }),
          location: z.string().nullable().optional().openapi({ description: 'Where the items are, in the resident’s words.' }),
        })).openapi({ description: 'Work residents booked at this stop (bulky collections, container deliveries). Record the outcome like any stop, for the round’s service.' }),
      }),
    ),
  })
  .openapi('CrewRoundSheet');

const listRounds = createRoute({
  method: 'get',
  path: '/rounds',
  tags: ['Crew'],
  summary: "The council's rounds with a collection on a date (after bank-holiday moves and exceptions)",
  middleware: [staff] as const,
  security,
  request: { query: z.object({ date: date.optional().openapi({ description: "Default: today in the council's time zone" }), lang }) },
  responses: { 200: { description: 'Rounds running that day', content: { 'application/json': { schema: RoundsOnDaySchema } } }, ...errors },
});

const getSheet = createRoute({
  method: 'get',
  path: '/rounds/{round}/{date}',
  tags: ['Crew'],
  summary: "One round's stops on a collection date, in sequence order",
  middleware: [staff] as const,
  security,
  request: { params: z.object({ round: z.string().min(1).max(100), date }), query: z.object({ lang }) },
  responses: {
    200: { description: 'The round sheet', content: { 'application/json': { schema: RoundSheetSchema } } },
    ...errors,
    404: { description: 'No such round in your council (not_found), or it does not run that day (not_running)', content: { 'application/json': { schema: ErrorSchema } } },
  },
});

export const crewRoundRoutes = createApiRouter({ date: 'invalid_date' });

crewRoundRoutes.openapi(listRounds, async (c) => {
  const { date: day, lang: asked } = c.req.valid('query');
  return c.json(await roundsOn(serviceContext(c), day, asked), 200);
});

crewRoundRoutes.openapi(getSheet, async (c) => {
  const { round, date: day } = c.req.valid('param');
  return c.json(await roundSheet(serviceContext(c), round, day, c.req.valid('query').lang), 200);
});

/** The photo's bytes from a raw body or a multipart `photo` field; the declared type is ignored. */
async function photoBytes(c: Context<AppEnv>): Promise<Uint8Array> {
  const declared = Number(c.req.header('content-length') ?? 0);
  // Multipart adds a little framing around the file.
  if (declared > MAX_PHOTO_BYTES + 64 * 1024) throw new DomainError('payload_too_large', 'Photos can be up to 5 MB.', 413);
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const form = await c.req.parseBody().catch(() => {
      throw new DomainError('malformed_body', 'The form body could not be parsed.', 400);
    });
    const file = form.photo;
    if (!(file instanceof File)) throw new DomainError('invalid_request', 'Send the photo in a field called "photo".', 400);
    if (file.size > MAX_PHOTO_BYTES) throw new DomainError('payload_too_large', 'Photos can be up to 5 MB.', 413);
    return new Uint8Array(await file.arrayBuffer());
  }
  return new Uint8Array(await c.req.arrayBuffer());
}

/** Stops reading a body (chunked or not) once it is clearly too big. */
const photoLimit = bodyLimit({
  maxSize: MAX_PHOTO_BYTES + 64 * 1024,
  onError: () => {
    throw new DomainError('payload_too_large', 'Photos can be up to 5 MB.', 413);
  },
});

crewRoundRoutes.post('/photos', staff, photoLimit, async (c) => {
  const id = c.req.query('id');
  const stored = await storePhoto(serviceContext(c), { bytes: await photoBytes(c), id });
  return c.json({ id: stored.id, contentType: stored.contentType, bytes: stored.bytes }, stored.created ? 201 : 200);
});

crewRoundRoutes.get('/photos/:id', staff, async (c) => {
  const photo = await getPhoto(serviceContext(c), c.req.param('id'));
  return c.body(photo.bytes as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': photo.contentType,
    'Cache-Control': 'private, max-age=86400',
    'Content-Disposition': 'inline',
  });
});

const resolveBody = z.object({ note: z.string().max(2000).optional() });

/** 200 `{ reference, status }`; another council's report 403; one already resolved 409 `invalid_transition`. */
crewRoundRoutes.post('/return-visits/:reference/resolve', staff, async (c) => {
  const parsed = resolveBody.safeParse(await readBody(c));
  if (!parsed.success) throw new DomainError('invalid_request', 'note: at most 2000 characters.', 400);
  const reference = c.req.param('reference');
  const report = await resolveReturnVisit(serviceContext(c), reference, parsed.data.note);
  // Only what the crew needs: the reporter's details stay with officers.
  return c.json({ reference: report.reference, status: report.status }, 200);
});

// Documented here because their bodies (an image, a photo's bytes) are not JSON routes.
const photoResponse = z.object({ id: z.string().uuid(), contentType: z.enum(['image/jpeg', 'image/png', 'image/webp']), bytes: z.number().int() });
const photoId = z.string().openapi({ format: 'uuid', description: 'The id the upload answered with.' });
crewRoundRoutes.openAPIRegistry.registerPath({
  method: 'post',
  path: '/photos',
  tags: ['Crew'],
  summary: 'Upload a photo (JPEG, PNG or WebP by content, ≤ 5 MB); location and other metadata are stripped',
  security,
  request: {
    query: z.object({ id: z.string().uuid().optional().openapi({ description: 'Device-chosen id: a retry with it stores once' }) }),
    body: {
      content: {
        'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) },
        'multipart/form-data': { schema: z.object({ photo: z.string().openapi({ format: 'binary' }) }) },
      },
    },
  },
  responses: {
    201: { description: 'Stored', content: { 'application/json': { schema: photoResponse } } },
    200: { description: 'Already stored with this id', content: { 'application/json': { schema: photoResponse } } },
    400: err('`invalid_photo_id`, `invalid_image` (empty), `invalid_request` (no `photo` field), `malformed_body`, `invalid_input`.'),
    401: errors[401],
    403: err('`forbidden`: not crew or officer (or a form post from another origin).'),
    409: err('`photo_id_taken`.'),
    413: err('`payload_too_large`.'),
    415: err('`unsupported_image`.'),
  },
});
crewRoundRoutes.openAPIRegistry.registerPath({
  method: 'get',
  path: '/photos/{id}',
  tags: ['Crew'],
  summary: "A stored photo's bytes (metadata stripped), for the council's staff",
  security,
  request: { params: z.object({ id: photoId }) },
  responses: {
    200: {
      description: 'The image.',
      content: {
        'image/jpeg': { schema: z.string().openapi({ format: 'binary' }) },
        'image/png': { schema: z.string().openapi({ format: 'binary' }) },
        'image/webp': { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
    400: err('`invalid_input`.'),
    401: errors[401],
    403: errors[403],
    404: err("`not_found`: no such photo in your council."),
  },
});
crewRoundRoutes.openAPIRegistry.registerPath({
  method: 'post',
  path: '/return-visits/{reference}/resolve',
  tags: ['Crew'],
  summary: 'Resolve a return visit (the missed bin has now been emptied)',
  security,
  request: {
    params: z.object({ reference: z.string().openapi({ example: 'KB-26-000123' }) }),
    body: { content: { 'application/json': { schema: resolveBody }, 'application/x-www-form-urlencoded': { schema: resolveBody } } },
  },
  responses: {
    200: { description: 'Resolved', content: { 'application/json': { schema: z.object({ reference: z.string(), status: z.string() }) } } },
    400: err('`invalid_request`: note too long; `malformed_body`, `invalid_input`.'),
    401: errors[401],
    403: err("`forbidden`: not crew or officer, another council's report, or a form post from another origin."),
    404: err('`not_found`: no such report.'),
    409: err('`invalid_transition`: already resolved or closed'),
    413: err('`payload_too_large`.'),
    415: err('`unsupported_media_type`: send JSON or a form.'),
  },
});
