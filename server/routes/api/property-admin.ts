/**
 * Officer property writes, bundle upload and exports (docs/officer.md "Properties and data"):
 * POST  /api/v1/properties[?preview=true]                   new property with its rounds from a date → 201
 * PATCH /api/v1/properties/{uprn}                           address, postcode, lat/lon, usrn, kind, assisted → 200
 * POST  /api/v1/properties/{uprn}/demolish[?preview=true]   { from } → 200
 * POST  /api/v1/imports[?dryRun=true]                       a bundle (JSON or multipart `bundle`) → 201 (dry run: 200)
 * GET   /api/v1/exports/{properties|rounds|assignments|collections}.{csv|geojson}
 * The public GET /api/v1/properties/{uprn} lives in properties.ts; this module only adds writes.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../context.ts';
import { requireRole, serviceContext } from '../../middleware/auth.ts';
import { checkUpload, importUpload } from '../../services/data/bundle-upload.ts';
import { exportData, MAX_COLLECTION_DAYS, type ExportFormat, type ExportName } from '../../services/data/exports.ts';
import { createProperty, demolishProperty, updateProperty } from '../../services/properties/admin.ts';
import { readBundle } from '../bundle-body.ts';
import { createApiRouter } from './router.ts';
import { errorResponse } from './schemas.ts';

const officer = requireRole('officer');
const security = [{ session: [] }];
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).openapi({ format: 'date', example: '2026-10-05' });
const uprnParam = z.object({
  uprn: z.string().regex(/^[0-9]{1,12}$/, 'must be 1–12 digits').openapi({ param: { name: 'uprn', in: 'path' }, example: '100023336956' }),
});
const previewQuery = z.object({ preview: z.enum(['true', 'false']).optional().openapi({ description: 'true: answer what would change, write nothing' }) });
const common = {
  400: errorResponse('`invalid_request` (wrong types), `invalid_uprn` (path).'),
  401: errorResponse('`unauthorized`.'),
  403: errorResponse('`forbidden`: not an officer or admin of the council.'),
};

const PreviewSchema = z.object({
  properties: z.number().int(), collections: z.number().int(),
  sample: z.array(z.object({ uprn: z.string(), address: z.string(), service: z.string(), originalDate: date, before: date.nullable(), after: date.nullable() })),
});

const AdminPropertySchema = z.object({
  uprn: z.string(), address: z.string(), postcode: z.string(), usrn: z.number().int().nullable(), lat: z.number(), lon: z.number(),
  kind: z.string().openapi({ description: '`domestic`, `commercial`, `mixed`, or `demolished` once demolished' }), assisted: z.boolean(),
  assignments: z.array(z.object({ round: z.string(), service: z.string().nullable(), from: date, to: date.nullable(), sequence: z.number().int() })),
}).openapi('OfficerProperty');

const fields = {
  address: z.string().max(1000).optional(), postcode: z.string().max(100).optional(), usrn: z.number().int().nullable().optional(),
  lat: z.number().optional(), lon: z.number().optional(), kind: z.string().max(50).optional(), assisted: z.boolean().optional(),
};

const createRouteDef = createRoute({
  method: 'post', path: '/', tags: ['Officer'], summary: 'Add a property (a new build) with its rounds from a date', security,
  middleware: [officer] as const,
  request: {
    query: previewQuery,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            ...fields,
            uprn: z.union([z.string().max(20), z.number()]), address: z.string().max(1000), postcode: z.string().max(100), lat: z.number(), lon: z.number(),
            from: date.optional().openapi({ description: 'The day the property joins its rounds (today or later); required with rounds' }),
            rounds: z.array(z.object({ round: z.string().min(1).max(100), sequence: z.number().int().min(0).optional() })).max(50).optional(),
          }),
        },
      },
    },
  },
  responses: {
    201: { description: 'Created.', content: { 'application/json': { schema: AdminPropertySchema } } },
    200: { description: 'Preview: its collections for a year from `from`; nothing written.', content: { 'application/json': { schema: PreviewSchema } } },
    ...common,
    409: errorResponse('`uprn_exists`: a property with that UPRN exists (in any council).'),
    422: errorResponse('`invalid_uprn`, `invalid_postcode`, `invalid_address`, `invalid_location`, `invalid_usrn`, `invalid_kind`, `invalid_date`, `from_required`, `in_the_past`, `unknown_round`, `duplicate_round`.'),
  },
});

const patchRoute = createRoute({
  method: 'patch', path: '/{uprn}', tags: ['Officer'], summary: "Change a property's address, postcode, location, kind or assisted flag", security,
  middleware: [officer] as const,
  request: { params: uprnParam, body: { required: true, content: { 'application/json': { schema: z.object(fields) } } } },
  responses: {
    200: { description: 'The property after the change.', content: { 'application/json': { schema: AdminPropertySchema } } },
    ...common,
    404: errorResponse('`not_found`: no such property in your council.'),
    422: errorResponse('`invalid_postcode`, `invalid_address`, `invalid_location`, `invalid_usrn`, `invalid_kind` (`demolished` is set by …/demolish only), `nothing_to_change`.'),
  },
});

const demolishRoute = createRoute({
  method: 'post', path: '/{uprn}/demolish', tags: ['Officer'], summary: 'Demolish a property from a date: its rounds end the day before', security,
  middleware: [officer] as const,
  request: { params: uprnParam, query: previewQuery, body: { required: true, content: { 'application/json': { schema: z.object({ from: date }) } } } },
  responses: {
    200: {
      description: 'Demolished (or, with preview=true, the collections it loses; nothing written).',
      content: { 'application/json': { schema: z.union([z.object({ uprn: z.string(), kind: z.literal('demolished'), from: date, ended: z.number().int(), removed: z.number().int() }), PreviewSchema]) } },
    },
    ...common,
    404: errorResponse('`not_found`: no such property in your council.'),
    409: errorResponse('`already_demolished`.'),
    422: errorResponse('`in_the_past`, `invalid_date`.'),
  },
});

export const propertyAdminRoutes = createApiRouter({ uprn: 'invalid_uprn' });

propertyAdminRoutes.openapi(createRouteDef, async (c) => {
  const preview = c.req.valid('query').preview === 'true';
  const result = await createProperty(serviceContext(c), { ...c.req.valid('json'), preview });
  if (preview) return c.json(result as z.infer<typeof PreviewSchema>, 200);
  const created = result as z.infer<typeof AdminPropertySchema>;
  c.header('Location', `/api/v1/properties/${created.uprn}`);
  return c.json(created, 201);
});

propertyAdminRoutes.openapi(patchRoute, async (c) =>
  c.json(await updateProperty(serviceContext(c), c.req.valid('param').uprn, c.req.valid('json')), 200));

propertyAdminRoutes.openapi(demolishRoute, async (c) => {
  const preview = c.req.valid('query').preview === 'true';
  return c.json(await demolishProperty(serviceContext(c), c.req.valid('param').uprn, { ...c.req.valid('json'), preview }) as any, 200);
});

// --- Bundle upload -----------------------------------------------------------------------------

const CountsSchema = z.record(z.string(), z.number().int());
const importRoute = createRoute({
  method: 'post', path: '/', tags: ['Officer'], summary: "Import a bundle into your council (all or nothing, the CLI's validation report)", security,
  middleware: [officer] as const,
  request: {
    query: z.object({ dryRun: z.enum(['true', 'false']).optional().openapi({ description: 'true: validate only, write nothing' }) }),
    body: {
      required: true,
      description: 'The bundle (docs/import.md) as JSON, or a multipart form with the file in `bundle`.',
      content: {
        'application/json': { schema: z.record(z.string(), z.any()).openapi({ description: 'A council bundle' }) },
        'multipart/form-data': { schema: z.object({ bundle: z.any().optional().openapi({ type: 'string', format: 'binary', description: 'The bundle file (JSON)' }) }) },
      },
    },
  },
  responses: {
    201: {
      description: 'Imported.',
      content: { 'application/json': { schema: z.object({ council: z.object({ id: z.number().int(), slug: z.string(), name: z.string(), created: z.boolean(), scheduleVersion: z.number().int() }), counts: CountsSchema }) } },
    },
    200: { description: 'Dry run: the bundle would import with these counts; nothing written.', content: { 'application/json': { schema: z.object({ valid: z.literal(true), errors: z.array(z.string()).max(0), counts: CountsSchema }) } } },
    ...common,
    403: errorResponse('`forbidden`; `other_council`: the bundle names another council.'),
    413: errorResponse('`payload_too_large`: over 64 MB.'),
    415: errorResponse('`unsupported_media_type`.'),
    422: errorResponse('`invalid_bundle` with `errors`: every bad row as `path: message`, as the CLI prints them; nothing written. `malformed_bundle` (not JSON), `bundle_required`.'),
  },
});

export const importRoutes = createApiRouter();
importRoutes.openapi(importRoute, async (c) => {
  const { bundle } = await readBundle(c);
  const ctx = serviceContext(c);
  if (c.req.valid('query').dryRun === 'true') return c.json(await checkUpload(ctx, bundle), 200);
  return c.json(await importUpload(ctx, bundle), 201);
});

// --- Exports -----------------------------------------------------------------------------------

const CONTENT_TYPES: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', geojson: 'application/geo+json; charset=utf-8' };

/** Streams the generator's chunks; the first chunk is read before answering so errors still get a status. */
async function streamed(c: Context<AppEnv>, name: string, format: ExportFormat, chunks: AsyncGenerator<string>) {
  const encoder = new TextEncoder();
  const first = await chunks.next();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (!first.done) controller.enqueue(encoder.encode(first.value));
      if (first.done) controller.close();
    },
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return c.body(body, 200, {
    'Content-Type': CONTENT_TYPES[format],
    'Content-Disposition': `attachment; filename="${name}.${format}"`,
    'Cache-Control': 'no-store',
  });
}

/** What a GeoJSON export is (RFC 7946): each feature's properties are the CSV's columns. */
const ExportFeatureCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(z.object({
    type: z.literal('Feature'),
    geometry: z.object({ type: z.enum(['Point', 'MultiPoint']), coordinates: z.array(z.any()) }).nullable(),
    properties: z.record(z.string(), z.any()),
  })),
}).openapi('ExportFeatureCollection');

const exportRoute = (name: ExportName, format: ExportFormat) => createRoute({
  method: 'get', path: `/${name}.${format}`, tags: ['Officer'], security,
  summary: name === 'collections' ? `Collections of a date range (at most ${MAX_COLLECTION_DAYS} days) as ${format === 'csv' ? 'CSV' : 'GeoJSON'}` : `Every ${name.slice(0, -1)} of the council as ${format === 'csv' ? 'CSV' : 'GeoJSON'}`,
  middleware: [officer] as const,
  request: name === 'collections'
    // Empty is allowed and means the default: the page's date-range form sends empty fields.
    ? { query: z.object({
      from: z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/).optional().openapi({ description: 'YYYY-MM-DD; empty or absent: today' }),
      to: z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/).optional().openapi({ description: 'YYYY-MM-DD, inclusive; empty or absent: from + 27 days' }),
    }) }
    : {},
  responses: {
    200: {
      description: format === 'csv' ? 'CSV, streamed.' : 'A GeoJSON FeatureCollection, streamed.',
      content: { [CONTENT_TYPES[format].split(';')[0]]: { schema: format === 'csv' ? z.string() : ExportFeatureCollection } },
    },
    ...common,
    ...(name === 'collections' ? { 422: errorResponse('`invalid_date`, `invalid_range` (to before from), `range_too_long` (over 92 days).') } : {}),
  },
});

export const exportRoutes = createApiRouter();
for (const name of ['properties', 'rounds', 'assignments', 'collections'] as const) {
  for (const format of ['csv', 'geojson'] as const) {
    exportRoutes.openapi(exportRoute(name, format), (async (c: Context<AppEnv>) => {
      const range = name === 'collections' ? { from: c.req.query('from') || undefined, to: c.req.query('to') || undefined } : {};
      return streamed(c, name, format, await exportData(serviceContext(c), name, format, range));
    }) as any);
  }
}
