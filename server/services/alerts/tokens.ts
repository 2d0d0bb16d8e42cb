/**
 * Links sent by email carry a random token; only its SHA-256 is stored (alert_tokens), so a copy
 * of the database cannot be used to unsubscribe or manage anyone. Lifetimes: docs/alerts.md.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import { alertTokens } from '../../../db/schema/index.ts';
import type { ServiceContext } from '../../context.ts';

export type TokenPurpose = 'confirm' | 'manage' | 'unsubscribe';

/** Confirm and manage links are short-lived (they arrive within minutes); unsubscribe links live on in old emails. */
export const TOKEN_LIFETIME_HOURS: Record<TokenPurpose, number> = { confirm: 7 * 24, manage: 24, unsubscribe: 90 * 24 };

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
/** URL-safe and unguessable (192 bits); also rejects anything else before a query. */
const TOKEN_RE = /^[A-Za-z0-9_-]{16,100}$/;

export async function issueToken(ctx: ServiceContext, input: { purpose: TokenPurpose; email: string; subscriptionId?: number | null }): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  const now = ctx.clock.now();
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
    .where(and(eq(alertTokens.tokenHash, hashToken(token)), eq(alertTokens.purpose, purpose), gt(alertTokens.expiresAt, ctx.clock.now())));
  return row;
}
