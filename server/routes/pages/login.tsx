/** `/login`: a plain form that signs in and sends each role to its own area. */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../context.ts';
import { DomainError } from '../../errors.ts';
import { getCookie } from 'hono/cookie';
import { clearSessionCookie, publicContext, SESSION_COOKIE, setSessionCookie } from '../../middleware/auth.ts';
import { login, logout, type Role } from '../../services/auth.ts';
import { listProviders, providerLogoutUrl } from '../../services/oidc/sign-in.ts';
import { LoginPage } from '../../../web/pages/login.tsx';
import { readBody } from '../body.ts';
import { render } from './render.tsx';
import { languagesInUse, useLanguage } from '../../middleware/language.ts';

export const HOME: Record<Role, string> = { admin: '/officer', officer: '/officer', crew: '/crew', customer: '/business', resident: '/account' };

/** Only a path on this site (never `//host` or a scheme) may be a place to return to. */
export const safeNext = (next: unknown): string | undefined =>
  typeof next === 'string' && /^\/(?![/\\])[\x21-\x7e]{0,300}$/.test(next) ? next : undefined;

export const loginPages = new Hono<AppEnv>()
  .get('/login', async (c) => {
    useLanguage(c, await languagesInUse(c));
    return render(c, <LoginPage next={safeNext(c.req.query('next'))} providers={await loginProviders(c)} />);
  })
  .post('/login', async (c) => {
    const { t } = useLanguage(c, await languagesInUse(c));
    const body = await readBody(c);
    const email = typeof body.email === 'string' ? body.email.trim().slice(0, 320) : '';
    const password = typeof body.password === 'string' ? body.password.slice(0, 1024) : '';
    const next = safeNext(body.next);
    const errors: Record<string, string> = {};
    if (!email) errors.email = t('login.err_email');
    if (!password) errors.password = t('login.err_password');
    if (Object.keys(errors).length) return render(c, <LoginPage email={email} next={next} errors={errors} providers={await loginProviders(c)} />, 400);
    try {
      const signedIn = await login(publicContext(c), { email, password });
      setSessionCookie(c, signedIn.token, signedIn.expiresAt);
      return c.redirect(next ?? HOME[signedIn.user.role], 303);
    } catch (err) {
      if (err instanceof DomainError && (err.code === 'invalid_credentials' || err.code === 'rate_limited')) {
        const message = err.code === 'rate_limited' ? t('login.err_throttled') : t('login.err_wrong');
        return render(c, <LoginPage email={email} next={next} errors={{ email: message }} providers={await loginProviders(c)} />, err.status);
      }
      throw err;
    }
  })
  // The header's "Sign out" (a same-origin form post, checked by the app-wide CSRF guard): the session
  // ends on the server, the cookie goes, and the person lands on the sign-in page, by way of their
  // OpenID Connect provider's logout when they signed in through one that offers it.
  .post('/logout', async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    const ended = token ? await logout(publicContext(c), token) : undefined;
    clearSessionCookie(c);
    const { config } = c.var.deps;
    const away = ended && (await providerLogoutUrl(publicContext(c), ended, { postLogoutRedirectUri: `${config.publicUrl}/login`, secret: config.secret }));
    return c.redirect(away ? away.href : '/login', 303);
  });

/** The providers /login offers; a database hiccup here must not cost the password form. */
export async function loginProviders(c: Context<AppEnv>) {
  return listProviders(publicContext(c)).catch(() => []);
}
