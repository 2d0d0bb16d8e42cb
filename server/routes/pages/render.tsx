/** Rendering helpers for the page routes: HTML with the right status, and friendly error pages. */
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { AppEnv } from '../../context.ts';
import { toDomainError } from '../../middleware/errors.ts';
import { SESSION_COOKIE } from '../../middleware/auth.ts';
import { userForSession } from '../../services/auth.ts';
import { ErrorPage } from '../../../web/pages/error.tsx';
import { logError } from '../../ops/log.ts';
import { SignedInContext } from '../../../web/pages/signed-in.ts';
import { ENGLISH, LangContext, type PageLanguage } from '../../../web/i18n/context.ts';

/**
 * The signed-in person for the page header. Guarded pages have already loaded the session; a public
 * page looks it up only when the request carries a session cookie (one indexed read), so anonymous
 * visitors cost nothing extra.
 */
export async function signedInUser(c: Context<AppEnv>) {
  if (c.var.user) return c.var.user;
  const token = getCookie(c, SESSION_COOKIE);
  if (!token || !c.var.deps) return undefined;
  const user = await userForSession({ db: c.var.deps.db, clock: c.var.deps.clock }, token).catch(() => undefined);
  if (user) c.set('user', user);
  return user ?? undefined;
}

/** Pages are personal to the request (a form's values, today's date): never cached by shared caches. */
export async function render(c: Context, page: JSX.Element, status: ContentfulStatusCode = 200) {
  c.header('Cache-Control', 'no-store');
  const user = await signedInUser(c as Context<AppEnv>);
  const person = user ? { email: user.email, role: user.role } : undefined;
  const language = (c as Context<AppEnv>).var.language ?? ENGLISH;
  c.header('Content-Language', language.lang);
  return c.html(
    <LangContext.Provider value={language}>
      <SignedInContext.Provider value={person}>{page}</SignedInContext.Provider>
    </LangContext.Provider>,
    status,
  );
}

/**
 * The HTML of a page as an anonymous visitor sees it (no one signed in), for pages that cache it:
 * only for requests without a session cookie (`hasSessionCookie`).
 */
export async function anonymousHtml(page: JSX.Element, language: PageLanguage = ENGLISH): Promise<string> {
  const out = (
    <LangContext.Provider value={language}>
      <SignedInContext.Provider value={undefined}>{page}</SignedInContext.Provider>
    </LangContext.Provider>
  ).toString();
  return typeof out === 'string' ? out : await out;
}

export const hasSessionCookie = (c: Context) => getCookie(c, SESSION_COOKIE) !== undefined;

/**
 * The pages router's own error handler: any failure becomes a friendly HTML page with the error's
 * status (the app-wide handler would answer JSON). Messages are shown only for 4xx, which are written
 * for people; a 5xx says sorry and is logged.
 */
export function renderPageError(err: unknown, c: Context) {
  const e = toDomainError(err);
  if (e.status >= 500 && e.code !== 'unavailable') logError(c, err);
  return render(c, <ErrorPage status={e.status} message={e.status < 500 ? e.message : undefined} />, e.status);
}

export const renderNotFound = (c: Context) => render(c, <ErrorPage status={404} message="We could not find that page." />, 404);
