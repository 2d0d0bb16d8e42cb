import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { z } from 'zod';
import type { AppEnv } from '../../context.ts';
import { clearSessionCookie, loadSession, publicContext, SESSION_COOKIE, setSessionCookie } from '../../middleware/auth.ts';
import { login, logout } from '../../services/auth.ts';
import { readBody } from '../body.ts';

const loginBody = z.object({ email: z.string().min(3).max(320), password: z.string().min(1).max(1024) });

/** POST /api/v1/auth/login → 204 and a session cookie; POST /api/v1/auth/logout → 204. */
export const authRoutes = new Hono<AppEnv>()
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
  .get('/me', loadSession, (c) => {
    const user = c.var.user;
    if (!user) return c.json({ error: { code: 'unauthorized', message: 'Sign in to continue.' } }, 401);
    return c.json({ email: user.email, name: user.name, role: user.role });
  });
