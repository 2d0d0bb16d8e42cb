/**
 * API keys of the council (DESIGN.md "Officer API", admin only): GET /api/v1/api-keys (never the
 * key), POST /api/v1/api-keys { name } → 201 with the key (the only time it is shown), DELETE
 * /api/v1/api-keys/{id} → 204 (revoked at once; Open311 refuses it). Another council's key is 404.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { requireRole, serviceContext } from '../../middleware/auth.ts';
import { createKey, listKeys, revokeKey } from '../../services/people/api-keys.ts';
import { createApiRouter } from './router.ts';
import { errorResponse } from './schemas.ts';

const admin = requireRole('admin');
const security = [{ session: [] }];

const KeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().openapi({ description: 'The first characters of the key, to tell keys apart.', example: 'kb_1a2b3c4' }),
  createdAt: z.string().openapi({ format: 'date-time' }),
  revokedAt: z.string().nullable().openapi({ format: 'date-time' }),
}).openapi('ApiKey');

const common = {
  400: errorResponse('`invalid_request`.'),
  401: errorResponse('`unauthorized`.'),
  403: errorResponse('`forbidden`: not an admin of the council.'),
};

const listRoute = createRoute({
  method: 'get', path: '/', tags: ['Admin'], summary: "The council's API keys, newest first (without the keys)", security,
  middleware: [admin] as const,
  responses: { 200: { description: 'Keys, revoked ones with `revokedAt`.', content: { 'application/json': { schema: z.array(KeySchema) } } }, ...common },
});

const createKeyRoute = createRoute({
  method: 'post', path: '/', tags: ['Admin'], summary: 'Create an API key (the key is in this answer only)', security,
  middleware: [admin] as const,
  request: { body: { required: true, content: { 'application/json': { schema: z.object({ name: z.string().max(1000) }) } } } },
  responses: {
    201: {
      description: 'Created. Store `key` now: only its SHA-256 is kept.',
      content: { 'application/json': { schema: z.object({ id: z.string(), name: z.string(), prefix: z.string(), key: z.string(), createdAt: z.string() }).openapi('NewApiKey') } },
    },
    ...common,
    422: errorResponse('`invalid_name`: 1 to 100 characters.'),
  },
});

const deleteRoute = createRoute({
  method: 'delete', path: '/{id}', tags: ['Admin'], summary: 'Revoke an API key (refused from then on)', security,
  middleware: [admin] as const,
  request: { params: z.object({ id: z.string().min(1).max(40) }) },
  responses: { 204: { description: 'Revoked (or already was).' }, ...common, 404: errorResponse('`not_found`: no such key in your council.') },
});

export const apiKeyRoutes = createApiRouter();

apiKeyRoutes.openapi(listRoute, async (c) => {
  c.header('Cache-Control', 'no-store');
  return c.json(await listKeys(serviceContext(c)), 200);
});

apiKeyRoutes.openapi(createKeyRoute, async (c) => {
  const { id, name, prefix, key, createdAt } = await createKey(serviceContext(c), c.req.valid('json'));
  c.header('Cache-Control', 'no-store');
  return c.json({ id, name, prefix, key, createdAt }, 201);
});

apiKeyRoutes.openapi(deleteRoute, async (c) => {
  await revokeKey(serviceContext(c), c.req.valid('param').id);
  return c.body(null, 204);
});
