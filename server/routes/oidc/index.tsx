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
import { languagesInUse, useLanguage } from '../../middleware/language.ts';
import type { MessageKey } from '../../../web/i18n/index.ts';

const redirectUri = (c: Context<AppEnv>, id: string) => `${c.var.deps.config.publicUrl}/login/oidc/${id}/callback`;

/** The sign-in failures people are told about, each in the page's language. */
const PROBLEMS: Record<string, MessageKey> = {
  oidc_state_invalid: 'login.oidc_state_invalid', oidc_refused: 'login.oidc_refused', oidc_not_allowed: 'login.oidc_not_allowed',
  provider_unavailable: 'login.provider_unavailable', unknown_provider: 'login.unknown_provider',
};

async function problemPage(c: Context<AppEnv>, err: unknown, providerName: string) {
  const { t } = useLanguage(c, await languagesInUse(c));
  const key = err instanceof DomainError ? PROBLEMS[err.code] : undefined;
  if (!key) logError(c, err);
  const status = (key && err instanceof DomainError ? err.status : 503) as ContentfulStatusCode;
  // A missing client secret is the server's set-up, not the person's: say it plainly (in English, for the administrator).
  const message = err instanceof DomainError && err.code === 'provider_unavailable' && /secret/.test(err.message)
    ? err.message
    : t(key ?? 'login.provider_unavailable', { provider: providerName });
  return render(c, <LoginPage providers={await loginProviders(c)} problem={message} />, status);
}

/** The provider's display name for messages ("Demo Council staff is not answering"), or a neutral one. */
async function providerNameOf(c: Context<AppEnv>, id: string): Promise<string> {
  const list = await loginProviders(c);
  return list.find((p) => p.id === id)?.name ?? useLanguage(c, await languagesInUse(c)).t('login.provider_fallback');
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
      return problemPage(c, err, await providerNameOf(c, id));
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
      return problemPage(c, err, await providerNameOf(c, id));
    }
  });
