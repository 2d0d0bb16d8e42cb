/**
 * `/login/oidc/{id}` sends the browser to the council's OpenID Connect provider;
 * `/login/oidc/{id}/callback` is where it comes back (DESIGN.md "Sign-in"). Every failure is the
 * sign-in page with a plain message and the password form, with no session: never a 500.
 */
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../../context.ts';
import { DomainError } from '../../errors.ts';
import { publicContext, setSessionCookie } from '../../middleware/auth.ts';
import { finishSignIn, startSignIn } from '../../services/oidc/sign-in.ts';
import { logError } from '../../ops/log.ts';
import { LoginPage } from '../../../web/pages/login.tsx';
import { HOME, loginProviders, safeNext } from '../pages/login.tsx';
import { render } from '../pages/render.tsx';

const redirectUri = (c: Context<AppEnv>, id: string) => `${c.var.deps.config.publicUrl}/login/oidc/${id}/callback`;

async function problemPage(c: Context<AppEnv>, err: unknown) {
  const known = err instanceof DomainError;
  if (!known) logError(c, err);
  const status = (known ? err.status : 503) as ContentfulStatusCode;
  const message = known ? err.message : 'Signing in that way is not working just now. Try again later, or sign in with your password.';
  return render(c, <LoginPage providers={await loginProviders(c)} problem={message} />, status);
}

export const oidcRoutes = new Hono<AppEnv>()
  .get('/:id', async (c) => {
    const id = c.req.param('id');
    try {
      const url = await startSignIn(publicContext(c), {
        providerId: id, redirectUri: redirectUri(c, id), secret: c.var.deps.config.secret, next: safeNext(c.req.query('next')),
      });
      c.header('Cache-Control', 'no-store');
      return c.redirect(url.href, 302);
    } catch (err) {
      return problemPage(c, err);
    }
  })
  .get('/:id/callback', async (c) => {
    const id = c.req.param('id');
    try {
      const signedIn = await finishSignIn(publicContext(c), {
        providerId: id, redirectUri: redirectUri(c, id), secret: c.var.deps.config.secret, callbackUrl: new URL(c.req.url),
      });
      setSessionCookie(c, signedIn.token, signedIn.expiresAt);
      return c.redirect(signedIn.next ?? HOME[signedIn.user.role], 303);
    } catch (err) {
      return problemPage(c, err);
    }
  });
