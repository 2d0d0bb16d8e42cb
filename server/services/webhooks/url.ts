/**
 * Which webhook targets are allowed: `https://` on a public address. The host is resolved and every
 * address it resolves to must be public (not loopback, private, link-local, unique-local IPv6,
 * CGNAT, multicast or reserved), so a council officer cannot aim Kerbside at its own network.
 * The check runs at registration and again before each delivery (a name can be re-pointed later).
 * KERBSIDE_WEBHOOK_ALLOW_PRIVATE=1 (development, tests) lifts both rules.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { DomainError } from '../../errors.ts';

const refuse = (code: string, message: string) => new DomainError(code, message, 422);

function v4Private(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number);
  return (
    a === 0 || a === 10 || a === 127 || a >= 224 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0 && ip.split('.')[2] === '0') ||
    (a === 198 && (b === 18 || b === 19))
  );
}

/** Expands an IPv6 address to eight 16-bit groups. */
function v6Groups(ip: string): number[] {
  let s = ip.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const [a, b, c, d] = v4[1].split('.').map(Number);
    s = s.slice(0, -v4[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined ? (tail ? tail.split(':') : []) : [];
  const fill = tail !== undefined ? Array(8 - h.length - t.length).fill('0') : [];
  return [...h, ...fill, ...t].map((g) => parseInt(g || '0', 16));
}

/** True when the address is not a public unicast address. */
export function isPrivateAddress(ip: string): boolean {
  const kind = isIP(ip);
  if (kind === 4) return v4Private(ip);
  if (kind !== 6) return true;
  const g = v6Groups(ip);
  const v4of = () => `${g[6] >> 8}.${g[6] & 255}.${g[7] >> 8}.${g[7] & 255}`;
  if (g.every((x) => x === 0)) return true; // ::
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return true; // ::1
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return v4Private(v4of()); // ::ffff:a.b.c.d
  if (g[0] === 0x64 && g[1] === 0xff9b) return v4Private(v4of()); // NAT64
  if ((g[0] & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((g[0] & 0xffc0) === 0xfe80) return true; // fe80::/10 link local
  if ((g[0] & 0xff00) === 0xff00) return true; // multicast
  if (g[0] === 0x2001 && g[1] === 0x0db8) return true; // documentation
  return false;
}

export interface UrlRules {
  allowPrivate: boolean;
  /** Resolves a host name to its addresses (tests may pass their own). */
  resolve?: (host: string) => Promise<string[]>;
}

const defaultResolve = async (host: string) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** Parses and checks a webhook URL; returns it normalised, or throws 422 with a stable code. */
export async function checkWebhookUrl(raw: string, rules: UrlRules): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw refuse('webhook_url_invalid', 'The URL is not a valid absolute URL.');
  }
  if (url.username || url.password) throw refuse('webhook_url_invalid', 'The URL must not contain a user name or password.');
  if (url.protocol !== 'https:' && !(rules.allowPrivate && url.protocol === 'http:')) {
    throw refuse('webhook_url_not_https', 'Webhook URLs must use https://.');
  }
  if (url.hash) url.hash = '';
  if (rules.allowPrivate) return url.toString();
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await (rules.resolve ?? defaultResolve)(host);
    } catch {
      throw refuse('webhook_url_unresolvable', `The host ${host} could not be resolved.`);
    }
    if (addresses.length === 0) throw refuse('webhook_url_unresolvable', `The host ${host} could not be resolved.`);
  }
  if (addresses.some(isPrivateAddress)) {
    throw refuse('webhook_url_private', 'Webhook URLs must point at a public address (not loopback, private or link-local).');
  }
  return url.toString();
}
