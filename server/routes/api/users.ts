/**
 * People of the council (DESIGN.md "Officer API", admin only):
 * GET /api/v1/users, POST /api/v1/users { email, name?, role, password } → 201, PATCH /api/v1/users/{id} { role?, disabled? }.
 * Officers, crews and customers get 403; another council's user is 404. Decisions: docs/people.md.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { requireRole, serviceContext } from '../../middleware/auth.ts';
import { createUser, listUsers, updateUser } from '../../services/people/users.ts';
import { createApiRouter } from './router.ts';
import { errorResponse } from './schemas.ts';

const admin = requireRole('admin');
const security = [{ session: [] }];

export const UserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(['admin', 'officer', 'crew', 'customer']),
  disabled: z.boolean(),
  disabledAt: z.string().nullable().openapi({ format: 'date-time' }),
  createdAt: z.string().openapi({ format: 'date-time' }),
}).openapi('User');

const common = {
  400: errorResponse('`invalid_request`.'),
  401: errorResponse('`unauthorized`.'),
  403: errorResponse('`forbidden`: not an admin of the council.'),
};

const listRoute = createRoute({
  method: 'get', path: '/', tags: ['Admin'], summary: "The council's users (never a password hash)", security,
  middleware: [admin] as const,
  responses: { 200: { description: 'Users by email.', content: { 'application/json': { schema: z.array(UserSchema) } } }, ...common },
});

const createRouteDef = createRoute({
  method: 'post', path: '/', tags: ['Admin'], summary: 'Add a user with an initial password', security,
  middleware: [admin] as const,
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            email: z.string().max(1000),
            name: z.string().max(1000).nullable().optional(),
            role: z.string().max(100).openapi({ description: '`admin`, `officer` or `crew`.' }),
            password: z.string().max(4096).openapi({ description: 'At least 10 characters; tell the person, who signs in with it.' }),
          }),
        },
      },
    },
  },
  responses: {
    201: { description: 'Added.', content: { 'application/json': { schema: UserSchema } } },
    ...common,
    409: errorResponse('`email_exists`.'),
    422: errorResponse('`invalid_role`, `invalid_email`, `weak_password`.'),
  },
});

const patchRoute = createRoute({
  method: 'patch', path: '/{id}', tags: ['Admin'], summary: "Change a user's role, or disable or enable them", security,
  middleware: [admin] as const,
  request: {
    params: z.object({ id: z.string().min(1).max(40) }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            role: z.string().max(100).optional().openapi({ description: '`admin`, `officer` or `crew`.' }),
            disabled: z.boolean().optional().openapi({ description: 'true: no sign-in, and their sessions end at once.' }),
          }),
        },
      },
    },
  },
  responses: {
    200: { description: 'The user as they are now.', content: { 'application/json': { schema: UserSchema } } },
    ...common,
    404: errorResponse('`not_found`: no such user in your council.'),
    422: errorResponse('`invalid_role`; `cannot_change_self`: an admin cannot change their own role or disable themselves.'),
  },
});

export const userRoutes = createApiRouter();

userRoutes.openapi(listRoute, async (c) => {
  c.header('Cache-Control', 'no-store');
  return c.json(await listUsers(serviceContext(c)), 200);
});

userRoutes.openapi(createRouteDef, async (c) => {
  const created = await createUser(serviceContext(c), c.req.valid('json'));
  c.header('Location', `/api/v1/users/${created.id}`);
  return c.json(created, 201);
});

userRoutes.openapi(patchRoute, async (c) => {
  return c.json(await updateUser(serviceContext(c), c.req.valid('param').id, c.req.valid('json')), 200);
});
