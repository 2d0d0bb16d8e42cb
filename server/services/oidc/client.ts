/**
 * The one door to OpenID Connect providers, through `openid-client` (a certified relying-party
 * library): discovery, the authorization URL, the code exchange with every ID-token check, and the
 * provider's logout URL. Nothing else in Kerbside speaks the protocol.
 *
 * - Discovery documents are kept for ten minutes per provider, so a sign-in costs one round trip
 *   to the provider (the token request) after the first.
 * - Every request to a provider gives up after 5 s: a provider that is down gives a clear
 *   `provider_unavailable`, never a hung sign-in page.
 * - Plain http is allowed only for a loopback issuer (a provider the tests start on 127.0.0.1).
 * - The ID token's signature is verified against the provider's published keys, not only trusted
 *   because it came over TLS.
 * - Token times (exp, iat) are checked against the real clock, not the injected one: they are the
 *   provider's clock, and a demo's fixed KERBSIDE_NOW must not make every real token look expired.
 */
import * as oidc from 'openid-client';
import type { OidcProviderConfig } from '../../../db/schema/councils.ts';
import { DomainError } from '../../errors.ts';

export const PROVIDER_TIMEOUT_SECONDS = 5;
const DISCOVERY_TTL_MS = 10 * 60_000;

const isLoopback = (issuer: string) => /^http:\/\/(127\.0\.0\.1|localhost)(:|\/|$)/.test(issuer);

interface Cached { config: oidc.Configuration; at: number }
const discovered = new Map<string, Cached>();

/** Drops cached discovery documents (tests that restart a provider on a new key). */
export function forgetProviders(): void {
  discovered.clear();
}

export const unavailable = (name: string, cause?: unknown) =>
  new DomainError('provider_unavailable', `${name} is not answering just now. Try again in a few minutes, or sign in with your password.`, 503,
    cause instanceof Error ? { cause: cause.message } : undefined);

/** The provider's configuration (discovery), with client_secret_basic client authentication. */
export async function providerConfiguration(provider: OidcProviderConfig, clientSecret: string): Promise<oidc.Configuration> {
  const key = `${provider.issuer}\n${provider.clientId}\n${clientSecret}`;
  const hit = discovered.get(key);
  if (hit && Date.now() - hit.at < DISCOVERY_TTL_MS) return hit.config;
  try {
    const config = await oidc.discovery(new URL(provider.issuer), provider.clientId, { client_secret: clientSecret },
      oidc.ClientSecretBasic(clientSecret),
      { timeout: PROVIDER_TIMEOUT_SECONDS, ...(isLoopback(provider.issuer) ? { execute: [oidc.allowInsecureRequests] } : {}) });
    config.timeout = PROVIDER_TIMEOUT_SECONDS;
    // The library would trust the token endpoint's TLS for the ID token; verify its signature against
    // the provider's JWKS as well (DESIGN.md, the issue: "ID token signature and claims checked").
    oidc.enableNonRepudiationChecks(config);
    discovered.set(key, { config, at: Date.now() });
    return config;
  } catch (err) {
    throw unavailable(provider.name, err);
  }
}

export interface Challenge { state: string; nonce: string; codeVerifier: string }

export function newChallenge(): Challenge {
  return { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
}

/** Where to send the browser: authorization code flow, PKCE S256, state and nonce, default response mode. */
export async function authorizationUrl(config: oidc.Configuration, redirectUri: string, challenge: Challenge): Promise<URL> {
  return oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    response_type: 'code',
    state: challenge.state,
    nonce: challenge.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(challenge.codeVerifier),
    code_challenge_method: 'S256',
  });
}

/** What Kerbside keeps from a verified ID token. */
export interface VerifiedClaims {
  issuer: string;
  subject: string;
  email?: string;
  emailVerified: boolean;
  name?: string;
  idToken: string;
}

/**
 * Exchanges the code on `callbackUrl` and verifies the ID token: signature (the provider's JWKS),
 * `iss`, `aud` (this client), `exp`/`iat`, `nonce`, and the PKCE verifier. A refusal by any check is
 * `oidc_refused` (400); a provider that cannot be reached is `provider_unavailable` (503).
 */
export async function exchangeCode(
  config: oidc.Configuration, provider: OidcProviderConfig, callbackUrl: URL, expected: Challenge,
): Promise<VerifiedClaims> {
  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      expectedState: expected.state, expectedNonce: expected.nonce, pkceCodeVerifier: expected.codeVerifier, idTokenExpected: true,
    });
  } catch (err) {
    if (isNetworkFailure(err)) throw unavailable(provider.name, err);
    throw new DomainError('oidc_refused', `${provider.name} did not sign you in.`, 400, { reason: describe(err) });
  }
  const claims = tokens.claims();
  if (!claims || !tokens.id_token) throw new DomainError('oidc_refused', `${provider.name} sent no ID token.`, 400);
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : undefined;
  return {
    issuer: String(claims.iss), subject: String(claims.sub), email,
    emailVerified: claims.email_verified === true || claims.email_verified === 'true',
    name: typeof claims.name === 'string' ? claims.name.slice(0, 200) : undefined,
    idToken: tokens.id_token,
  };
}

/** The provider's RP-initiated logout URL, when it has an end_session_endpoint. */
export function endSessionUrl(config: oidc.Configuration, idTokenHint: string, postLogoutRedirectUri: string): URL | undefined {
  if (!config.serverMetadata().end_session_endpoint) return undefined;
  return oidc.buildEndSessionUrl(config, { id_token_hint: idTokenHint, post_logout_redirect_uri: postLogoutRedirectUri });
}

function isNetworkFailure(err: unknown): boolean {
  const e = err as { name?: string; code?: string; cause?: { code?: string } };
  return e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.code === 'ConnectionRefused' || e?.code === 'ECONNREFUSED'
    || e?.cause?.code === 'ECONNREFUSED' || (err instanceof TypeError && /fetch|connect|network/i.test(err.message));
}

function describe(err: unknown): string {
  const e = err as { code?: string; message?: string; error?: string };
  return [e?.code, e?.error, e?.message].filter(Boolean).join(': ').slice(0, 300);
}
