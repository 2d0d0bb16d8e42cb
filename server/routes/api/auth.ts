import { z } from '@hono/zod-openapi';
import { getCookie } from 'hono/cookie';
import { clearSessionCookie, loadSession, publicContext, SESSION_COOKIE, setSessionCookie } from '../../middleware/auth.ts';
import { login, logout } from '../../services/auth.ts';
import { councilLanguages } from '../../services/council-languages.ts';
import { readBody } from '../body.ts';
import { createApiRouter } from './router.ts';
import { errorResponse } from './schemas.ts';

const loginBody = z.object({ email: z.string().min(3).max(320), password: z.string().min(1).max(1024) });

/** POST /api/v1/auth/login → 204 and a session cookie; POST /api/v1/auth/logout → 204. */
export const authRoutes = createApiRouter();
authRoutes
  .post('/login', async (c) => {
    const input = loginBody.parse(await readBody(c));
    const signedIn = await login(publicContext(c), input);
    setSessionCookie(c, signedIn.token, signedIn.expiresAt);
    return c.body(null, 204);
  })
  .post('/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await logout(publicContext(c), token);
    clearSessionCookie(c);
    return c.body(null, 204);
  })
  .get('/me', loadSession, async (c) => {
    const user = c.var.user;
    if (!user) return c.json({ error: { code: 'unauthorized', message: 'Sign in to continue.' } }, 401);
    const languages = await councilLanguages(publicContext(c), user.councilId);
    return c.json({ email: user.email, name: user.name, role: user.role, languages });
  });

// The handlers read JSON or a form through readBody (one path for both); documented from the same schema.
const sessionCookie = z.string().openapi({ description: 'Set-Cookie: `kerbside_session=…; HttpOnly; SameSite=Lax; Path=/`.' });
const formPostForbidden = errorResponse('`forbidden`: a form post from another origin (or none).');

authRoutes.openAPIRegistry.registerPath({
  method: 'post',
  path: '/login',
  tags: ['Sign-in'],
  summary: 'Sign in: opens a session (cookie)',
  request: {
    body: {
      content: {
        'application/json': { schema: loginBody },
        'application/x-www-form-urlencoded': { schema: loginBody },
      },
    },
  },
  responses: {
    204: { description: 'Signed in.', headers: z.object({ 'Set-Cookie': sessionCookie }) },
    400: errorResponse('`invalid_request`, `malformed_body`, `invalid_input`.'),
    401: errorResponse('`invalid_credentials`.'),
    403: formPostForbidden,
    413: errorResponse('`payload_too_large`.'),
    415: errorResponse('`unsupported_media_type`: send JSON or a form.'),
    429: errorResponse('`rate_limited`: too many failed attempts for this email; see `Retry-After`.'),
  },
});

authRoutes.openAPIRegistry.registerPath({
  method: 'post',
  path: '/logout',
  tags: ['Sign-in'],
  summary: 'Sign out: ends the session (if any) and clears the cookie',
  security: [{ session: [] }, {}],
  responses: {
    204: { description: 'Signed out.' },
    403: formPostForbidden,
  },
});

authRoutes.openAPIRegistry.registerPath({
  method: 'get',
  path: '/me',
  tags: ['Sign-in'],
  summary: 'Who is signed in',
  security: [{ session: [] }],
  responses: {
    200: {
      description: 'The signed-in user.',
      content: {
        'application/json': {
          schema: z
            .object({
              email: z.string(),
              name: z.string().nullable(),
              role: z.enum(['admin', 'officer', 'crew', 'customer', 'resident']),
              languages: z.array(z.enum(['en', 'cy'])).openapi({ description: "The user's council's languages, its default first (the crew app follows them)." }),
            })
            .openapi('SignedInUser'),
        },
      },
    },
    401: errorResponse('`unauthorized`.'),
  },
});
