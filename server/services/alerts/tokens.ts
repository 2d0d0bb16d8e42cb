/**
 * Links sent by email carry a random token; only its SHA-256 is stored (alert_tokens), so a copy
 * of the database cannot be used to unsubscribe or manage anyone. Lifetimes: docs/alerts.md.
 * Token times (created, expires) are real time, not the service clock (DESIGN "Clock": token
 * lifetimes run on elapsed time even under a fixed KERBSIDE_NOW, so a demo's links do not live
 * forever nor die at once when the fixed clock is moved).
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import { alertTokens } from '../../../db/schema/index.ts';
import { realNow } from '../../clock.ts';
import type { ServiceContext } from '../../context.ts';

export type TokenPurpose = 'confirm' | 'manage' | 'unsubscribe';

/** Confirm and manage links are short-lived (they arrive within minutes); unsubscribe links live on in old emails. */
export const TOKEN_LIFETIME_HOURS: Record<TokenPurpose, number> = { confirm: 7 * 24, manage: 24, unsubscribe: 90 * 24 };

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
/** URL-safe and unguessable (192 bits); also rejects anything else before a query. */
const TOKEN_RE = /^[A-Za-z0-9_-]{16,100}$/;

export async function issueToken(ctx: ServiceContext, input: { purpose: TokenPurpose; email: string; subscriptionId?: number | null }): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  const now = realNow();
  await ctx.db.insert(alertTokens).values({
    tokenHash: hashToken(token), purpose: input.purpose, email: input.email, subscriptionId: input.subscriptionId ?? null,
    createdAt: now, expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_HOURS[input.purpose] * 3600_000),
  });
  return token;
}

/** The live token row for `token` and `purpose`, or undefined (unknown, malformed or expired). */
export async function findToken(ctx: ServiceContext, token: string, purpose: TokenPurpose) {
  if (!TOKEN_RE.test(token)) return undefined;
  const [row] = await ctx.db
    .select()
    .from(alertTokens)
    .where(and(eq(alertTokens.tokenHash, hashToken(token)), eq(alertTokens.purpose, purpose), gt(alertTokens.expiresAt, realNow())));
  return row;
}

/** created_at and expires_at (ISO) for unsubscribe tokens the bulk queries write: real time, as above. */
export function unsubscribeTokenTimes(): { at: string; expires: string } {
  const now = realNow();
  return { at: now.toISOString(), expires: new Date(now.getTime() + TOKEN_LIFETIME_HOURS.unsubscribe * 3600_000).toISOString() };
}
