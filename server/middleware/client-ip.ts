/**
 * The client's IP address for rate limits. The socket peer is the truth (Bun passes it as
 * `env.requestIP` from `server.requestIP(req)`); `X-Forwarded-For` is believed only when that
 * peer is one of the configured proxies (`KERBSIDE_TRUSTED_PROXIES`: addresses or IPv4 CIDRs),
 * and then the right-most address that is not itself a trusted proxy is the client.
 * Without a socket (in-process `app.request()` in tests) every request shares the key `unknown`.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';
import { enforceLimit } from '../services/rate-limit.ts';

const stripMapped = (ip: string) => ip.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '').toLowerCase();

function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || +p > 255) return undefined;
    n = n * 256 + +p;
  }
  return n;
}

export function isTrusted(ip: string, trusted: string[]): boolean {
  const addr = stripMapped(ip);
  for (const entry of trusted) {
    const [base, bitsText] = entry.split('/');
    if (bitsText === undefined) {
      if (stripMapped(base) === addr) return true;
      continue;
    }
    const a = ipv4ToInt(addr);
    const b = ipv4ToInt(base);
    const bits = Number(bitsText);
    if (a === undefined || b === undefined || !(bits >= 0 && bits <= 32)) continue;
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    if (((a & mask) >>> 0) === ((b & mask) >>> 0)) return true;
  }
  return false;
}

export function clientIp(c: Context, trusted: string[]): string {
  const peer = (c.env as { requestIP?: { address?: string } } | undefined)?.requestIP?.address;
  if (!peer) return 'unknown';
  const direct = stripMapped(peer);
  if (!isTrusted(direct, trusted)) return direct;
  const chain = (c.req.header('x-forwarded-for') ?? '').split(',').map(stripMapped).filter(Boolean);
  for (let i = chain.length - 1; i >= 0; i--) if (!isTrusted(chain[i], trusted)) return chain[i];
  return chain[0] ?? direct;
}

/**
 * Public writes (missed reports on the web and through Open311) count against one per-IP budget of
 * `KERBSIDE_RATE_LIMIT` a minute, kept in the database so every instance shares it. 429 + Retry-After.
 */
export const limitPublicWrites: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { db, clock, config } = c.var.deps;
  await enforceLimit({ db, clock }, `public-write:${clientIp(c, config.trustedProxies)}`, config.rateLimitPerMinute, 60);
  await next();
};
