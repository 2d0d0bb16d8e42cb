/**
 * Sessions for people (HttpOnly, SameSite=Lax cookie holding a random token) and role checks.
 * `requireRole` answers 401 without a session and 403 for the wrong role.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../context.ts';
import { DomainError, forbidden, unauthorized } from '../errors.ts';
import { userForSession, type Role } from '../services/auth.ts';
import { paymentsFor } from '../services/payments/index.ts';

export const SESSION_COOKIE = 'kerbside_session';

/** Reads the session cookie (if any) and sets `c.var.user`. */
export const loadSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE);
  if (token) {
    const { db, clock } = c.var.deps;
    const user = await userForSession({ db, clock }, token);
    if (user) c.set('user', user);
  }
  await next();
};

export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.var.user) {
      const token = getCookie(c, SESSION_COOKIE);
      if (token) {
        const { db, clock } = c.var.deps;
        const user = await userForSession({ db, clock }, token);
        if (user) c.set('user', user);
      }
    }
    const user = c.var.user;
    if (!user) throw unauthorized();
    if (!roles.includes(user.role) && !(user.role === 'admin' && roles.includes('officer'))) throw forbidden();
    await next();
  };
}

export function setSessionCookie(c: Context, token: string, expiresAt: Date) {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: c.var.deps?.config.publicUrl.startsWith('https://') ?? false,
    path: '/',
    // maxAge, not expires: with a fixed demo clock (KERBSIDE_NOW) an absolute date may already be past for the browser.
    maxAge: Math.max(0, Math.round((expiresAt.getTime() - (c.var.deps?.clock.now().getTime() ?? Date.now())) / 1000)),
  });
}

export const clearSessionCookie = (c: Context) => deleteCookie(c, SESSION_COOKIE, { path: '/' });

/** A service context for the request: db, clock and the signed-in user. */
export function serviceContext(c: Context<AppEnv>) {
  const { db, clock } = c.var.deps;
  return { db, clock, user: c.var.user, councilId: c.var.user?.councilId, payments: paymentsFor(c.var.deps) };
}

export const publicContext = (c: Context<AppEnv>) => ({ db: c.var.deps.db, clock: c.var.deps.clock, payments: paymentsFor(c.var.deps) });

export { DomainError };
