/**
 * RFC 8058 headers for every alert email: an https one-click link (our POST /alerts/unsubscribe/{token})
 * and, when configured, a mailto. Stored with the outbox row (payload.headers); `{PUBLIC_URL}` is
 * filled in at send time like the body's links.
 */
import { PUBLIC_URL_TOKEN } from '../outbox.ts';

export const unsubscribeUrl = (token: string) => `${PUBLIC_URL_TOKEN}/alerts/unsubscribe/${token}`;

export function unsubscribeHeaders(token: string, mailto?: string): Record<string, string> {
  const links = [`<${unsubscribeUrl(token)}>`, ...(mailto ? [`<mailto:${mailto}?subject=unsubscribe>`] : [])];
  return { 'List-Unsubscribe': links.join(', '), 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
