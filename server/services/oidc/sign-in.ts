/**
 * Signing in through a council's OpenID Connect provider (DESIGN.md "Sign-in"):
 * `startSignIn` remembers state, nonce and PKCE verifier in PostgreSQL (any instance may take the
 * callback) and answers the provider's URL; `finishSignIn` takes that row once (a replayed or
 * forged callback finds nothing), lets `client.ts` verify the code and ID token, then finds the person:
 *   1. by the provider's subject, once linked;
 *   2. else by a verified email of a user of the same council (linked from then on);
 *   3. else, when the email's domain is one the provider may sign in, a new user with the
 *      provider's role (an admin can change it later);
 *   4. else, when the provider signs residents in (`residents: true`), a new `resident`: no staff
 *      rights, only their own account (/account), matched to their reports by this verified email;
 *   5. else refused (`oidc_not_allowed`), with no session.
 */
import { and, eq, gt, sql } from 'drizzle-orm';
import { councils, oidcIdentities, oidcLogins, users } from '../../../db/schema/index.ts';
import type { OidcProviderConfig } from '../../../db/schema/councils.ts';
import type { ServiceContext } from '../../context.ts';
import { DomainError } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';
import { openSession, randomToken, sha256, type SignedIn } from '../auth.ts';
import { authorizationUrl, endSessionUrl, exchangeCode, newChallenge, providerConfiguration } from './client.ts';

/** How long a person has at the provider before the callback is refused as stale. */
export const SIGN_IN_MINUTES = 10;

export interface ProviderLink { id: string; name: string; councilName: string }

/** Every council's providers, for /login (staff need not know which council hosts them). */
export async function listProviders(ctx: ServiceContext): Promise<ProviderLink[]> {
  const rows = await ctx.db.select({ name: councils.name, oidc: councils.oidc }).from(councils).orderBy(councils.name);
  return rows.flatMap((c) => (c.oidc ?? []).map((p) => ({ id: p.id, name: p.name, councilName: c.name })));
}

interface Found { councilId: number; provider: OidcProviderConfig }

async function findProvider(ctx: ServiceContext, id: string): Promise<Found> {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(id)) throw new DomainError('unknown_provider', 'There is no such way to sign in.', 404);
  const rows = await ctx.db.select({ id: councils.id, oidc: councils.oidc }).from(councils)
    .where(sql`${councils.oidc} @> ${JSON.stringify([{ id }])}::jsonb`);
  const matches = rows.flatMap((c) => (c.oidc ?? []).filter((p) => p.id === id).map((provider) => ({ councilId: c.id, provider })));
  // Two councils naming a provider alike would make the callback ambiguous: refuse rather than guess.
  if (matches.length !== 1) throw new DomainError('unknown_provider', 'There is no such way to sign in.', 404);
  return matches[0];
}

function secretFor(provider: OidcProviderConfig, secret: (name: string) => string | undefined): string {
  const value = secret(provider.clientSecretEnv);
  if (!value) throw new DomainError('provider_unavailable', `${provider.name} is not set up on this server yet (its client secret is missing).`, 503);
  return value;
}

export interface SignInInput {
  providerId: string;
  /** `${publicUrl}/login/oidc/${id}/callback` */
  redirectUri: string;
  secret: (name: string) => string | undefined;
}

export async function startSignIn(ctx: ServiceContext, input: SignInInput & { next?: string }): Promise<URL> {
  const { provider } = await findProvider(ctx, input.providerId);
  const config = await providerConfiguration(provider, secretFor(provider, input.secret));
  const challenge = newChallenge();
  await ctx.db.delete(oidcLogins).where(sql`${oidcLogins.expiresAt} < ${ctx.clock.now().toISOString()}`);
  await ctx.db.insert(oidcLogins).values({
    stateHash: sha256(challenge.state), providerId: provider.id, codeVerifier: challenge.codeVerifier, nonce: challenge.nonce,
    next: input.next ?? null, expiresAt: new Date(ctx.clock.now().getTime() + SIGN_IN_MINUTES * 60_000),
  });
  return authorizationUrl(config, input.redirectUri, challenge);
}

export async function finishSignIn(ctx: ServiceContext, input: SignInInput & { callbackUrl: URL }): Promise<SignedIn & { next?: string }> {
  const { councilId, provider } = await findProvider(ctx, input.providerId);
  const error = input.callbackUrl.searchParams.get('error');
  if (error) throw new DomainError('oidc_refused', `${provider.name} did not sign you in (${error.slice(0, 100)}).`, 400);
  const state = input.callbackUrl.searchParams.get('state') ?? '';
  // Taken once: the row goes whatever happens next, so the same callback cannot be replayed.
  const [pending] = await ctx.db.delete(oidcLogins)
    .where(and(eq(oidcLogins.stateHash, sha256(state)), eq(oidcLogins.providerId, provider.id), gt(oidcLogins.expiresAt, ctx.clock.now())))
    .returning();
  if (!state || !pending) throw new DomainError('oidc_state_invalid', 'That sign-in link has expired or was already used. Start again.', 400);

  const config = await providerConfiguration(provider, secretFor(provider, input.secret));
  // Query parameters other than the provider's own (code, state, iss…) play no part; rebuild the
  // URL the provider redirected to so a proxy's view of host or scheme cannot fail the check.
  const callback = new URL(input.redirectUri);
  for (const [k, v] of input.callbackUrl.searchParams) callback.searchParams.append(k, v);
  const claims = await exchangeCode(config, provider, callback, { state, nonce: pending.nonce, codeVerifier: pending.codeVerifier });

  const user = await ctx.db.transaction(async (tx) => {
    const [linked] = await tx.select({ user: users }).from(oidcIdentities).innerJoin(users, eq(users.id, oidcIdentities.userId))
      .where(and(eq(oidcIdentities.issuer, claims.issuer), eq(oidcIdentities.subject, claims.subject)));
    if (linked) {
      if (linked.user.councilId !== councilId || linked.user.disabledAt) throw notAllowed(provider);
      return linked.user;
    }
    if (!claims.email || !claims.emailVerified) throw notAllowed(provider, 'The provider did not confirm your email address.');
    const link = async (u: typeof users.$inferSelect, action: string) => {
      await tx.insert(oidcIdentities).values({
        issuer: claims.issuer, subject: claims.subject, userId: u.id, providerId: provider.id, email: claims.email!, createdAt: ctx.clock.now(),
      });
      await recordAudit(tx, { clock: ctx.clock, user: undefined }, {
        councilId, action, entity: 'user', entityId: String(u.id), before: null,
        after: { email: u.email, role: u.role, provider: provider.id, subject: claims.subject },
      });
      return u;
    };
    const [existing] = await tx.select().from(users).where(eq(users.email, claims.email));
    if (existing) {
      // A disabled account stays disabled whichever way its owner signs in (docs/people.md).
      if (existing.councilId !== councilId || existing.disabledAt) throw notAllowed(provider);
      return link(existing, 'user.oidc_link');
    }
    const domain = claims.email.split('@')[1] ?? '';
    const staff = provider.emailDomains.includes(domain);
    if (!staff && !provider.residents) throw notAllowed(provider);
    // No password: this person signs in through the provider. The hash is of a random secret nobody knows.
    const passwordHash = await Bun.password.hash(randomToken(), { algorithm: 'argon2id' });
    const [created] = await tx.insert(users)
      .values({ councilId, email: claims.email, name: claims.name ?? null, passwordHash, role: staff ? provider.role : 'resident' }).returning();
    return link(created, staff ? 'user.oidc_create' : 'user.oidc_resident');
  });
  const signedIn = await openSession(ctx, user, { oidcProviderId: provider.id, idTokenHint: claims.idToken });
  return { ...signedIn, next: pending.next ?? undefined };
}

const notAllowed = (provider: OidcProviderConfig, why = 'Your account is not one this council signs in here.') =>
  new DomainError('oidc_not_allowed', `${why} Ask your council's Kerbside administrator, or sign in with your password.`, 403, { provider: provider.id });

/**
 * After the Kerbside session has ended: the provider's logout URL (RP-initiated logout) when the
 * session came through a provider that offers one; undefined otherwise or if it cannot be reached.
 */
export async function providerLogoutUrl(
  ctx: ServiceContext, ended: { oidcProviderId: string | null; idTokenHint: string | null },
  input: { postLogoutRedirectUri: string; secret: (name: string) => string | undefined },
): Promise<URL | undefined> {
  if (!ended.oidcProviderId || !ended.idTokenHint) return undefined;
  try {
    const { provider } = await findProvider(ctx, ended.oidcProviderId);
    const config = await providerConfiguration(provider, secretFor(provider, input.secret));
    return endSessionUrl(config, ended.idTokenHint, input.postLogoutRedirectUri);
  } catch {
    return undefined; // the Kerbside session is already gone; a provider that is down must not stop sign-out
  }
}
