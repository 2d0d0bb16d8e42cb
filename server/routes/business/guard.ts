/**
 * Page guard for signed-in pages: without a session, a GET is sent to /login (and back after);
 * other requests get 401; the wrong role gets 403 (rendered by the router's HTML error handler).
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../context.ts';
import { requireRole } from '../../middleware/auth.ts';
import { DomainError } from '../../errors.ts';
import type { Role } from '../../services/auth.ts';

export function pageGuard(...roles: Role[]): MiddlewareHandler<AppEnv> {
  const inner = requireRole(...roles);
  return async (c, next) => {
    try {
      await inner(c, async () => {});
    } catch (err) {
      if (err instanceof DomainError && err.code === 'unauthorized' && c.req.method === 'GET') {
        const url = new URL(c.req.url);
        return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
      }
      throw err;
    }
    await next();
  };
}

/** A form value as trimmed text (absent or non-text → ''). */
export const field = (body: Record<string, unknown>, name: string, max = 300): string =>
  typeof body[name] === 'string' ? (body[name] as string).trim().slice(0, max) : '';
