/** `/login`: a plain form that signs in and sends each role to its own area. */
import { Hono } from 'hono';
import type { AppEnv } from '../../context.ts';
import { DomainError } from '../../errors.ts';
import { getCookie } from 'hono/cookie';
import { clearSessionCookie, publicContext, SESSION_COOKIE, setSessionCookie } from '../../middleware/auth.ts';
import { login, logout, type Role } from '../../services/auth.ts';
import { LoginPage } from '../../../web/pages/login.tsx';
import { readBody } from '../body.ts';
import { render } from './render.tsx';

const HOME: Record<Role, string> = { admin: '/officer', officer: '/officer', crew: '/crew', customer: '/business' };

/** Only a path on this site (never `//host` or a scheme) may be a place to return to. */
export const safeNext = (next: unknown): string | undefined =>
  typeof next === 'string' && /^\/(?![/\\])[\x21-\x7e]{0,300}$/.test(next) ? next : undefined;

export const loginPages = new Hono<AppEnv>()
  .get('/login', (c) => render(c, <LoginPage next={safeNext(c.req.query('next'))} />))
  .post('/login', async (c) => {
    const body = await readBody(c);
    const email = typeof body.email === 'string' ? body.email.trim().slice(0, 320) : '';
    const password = typeof body.password === 'string' ? body.password.slice(0, 1024) : '';
    const next = safeNext(body.next);
    const errors: Record<string, string> = {};
    if (!email) errors.email = 'Enter your email address';
    if (!password) errors.password = 'Enter your password';
    if (Object.keys(errors).length) return render(c, <LoginPage email={email} next={next} errors={errors} />, 400);
    try {
      const signedIn = await login(publicContext(c), { email, password });
      setSessionCookie(c, signedIn.token, signedIn.expiresAt);
      return c.redirect(next ?? HOME[signedIn.user.role], 303);
    } catch (err) {
      if (err instanceof DomainError && (err.code === 'invalid_credentials' || err.code === 'rate_limited')) {
        const message = err.code === 'rate_limited' ? 'Too many attempts. Wait a few minutes and try again' : 'Enter a correct email address and password';
        return render(c, <LoginPage email={email} next={next} errors={{ email: message }} />, err.status);
      }
      throw err;
    }
  })
  // The header's "Sign out" (a same-origin form post, checked by the app-wide CSRF guard): the session
  // ends on the server, the cookie goes, and the person lands on the sign-in page.
  .post('/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await logout(publicContext(c), token);
    clearSessionCookie(c);
    return c.redirect('/login', 303);
  });
