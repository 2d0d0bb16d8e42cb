/**
 * The demo council's OpenID Connect provider, when KERBSIDE_DEMO_OIDC_ISSUER names one (for example
 * the local provider `npm run oidc-dev` starts): officers with an @demo.kerbside.test address sign
 * in there with no Kerbside password. Written onto the demo council each start, so it follows the
 * issuer you give; other councils configure theirs in their bundle (`council.oidc`).
 */
import { eq } from 'drizzle-orm';
import { councils } from '../../db/schema/index.ts';
import type { OidcProviderConfig } from '../../db/schema/councils.ts';
import type { ServiceContext } from '../context.ts';

export const DEMO_OIDC_CLIENT_ID = 'kerbside-demo';
export const DEMO_OIDC_PROVIDER_ID = 'demo-idp';

export const demoProvider = (issuer: string): OidcProviderConfig => ({
  id: DEMO_OIDC_PROVIDER_ID, name: 'Demo identity provider', issuer, clientId: DEMO_OIDC_CLIENT_ID,
  clientSecretEnv: 'KERBSIDE_DEMO_OIDC_SECRET', role: 'officer', emailDomains: ['demo.kerbside.test'],
});

export async function enableDemoProvider(ctx: ServiceContext, issuer: string): Promise<void> {
  await ctx.db.update(councils).set({ oidc: [demoProvider(issuer)] }).where(eq(councils.slug, 'demo'));
}
