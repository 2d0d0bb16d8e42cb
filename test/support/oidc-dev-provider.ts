/**
 * A local OpenID Connect provider (the `oidc-provider` package, development interactions) for
 * trying staff sign-in and for the Chromium test. Anyone may "sign in" at it: the login name is the
 * account, and its email is that name (with @demo.kerbside.test added when it has no @).
 *
 *   npm run oidc-dev            # provider on http://127.0.0.1:4000, for Kerbside on :3000
 *   KERBSIDE_DEMO_OIDC_ISSUER=http://127.0.0.1:4000 KERBSIDE_DEMO_OIDC_SECRET=demo-oidc-secret npm start
 */
import Provider from 'oidc-provider';

export const DEV_CLIENT_SECRET = 'demo-oidc-secret';

export function startDevProvider(opts: { port: number; kerbside: string; clientId?: string; secret?: string }) {
  const issuer = `http://127.0.0.1:${opts.port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: opts.clientId ?? 'kerbside-demo',
      client_secret: opts.secret ?? DEV_CLIENT_SECRET,
      redirect_uris: [`${opts.kerbside}/login/oidc/demo-idp/callback`],
      post_logout_redirect_uris: [`${opts.kerbside}/login`],
      token_endpoint_auth_method: 'client_secret_basic',
    }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // Put the claims in the ID token itself: Kerbside reads nothing from userinfo.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    async findAccount(_ctx: unknown, sub: string) {
      const email = sub.includes('@') ? sub.toLowerCase() : `${sub.toLowerCase()}@demo.kerbside.test`;
      return { accountId: sub, claims: () => ({ sub, email, email_verified: true, name: email.split('@')[0] }) };
    },
  });
  const server = provider.listen(opts.port, '127.0.0.1');
  return { issuer, stop: () => new Promise<void>((ok) => server.close(() => ok())) };
}

if (import.meta.main) {
  const port = Number(process.env.OIDC_PORT ?? 4000);
  const { issuer } = startDevProvider({ port, kerbside: process.env.KERBSIDE_URL ?? 'http://localhost:3000' });
  console.log(`OpenID Connect provider on ${issuer} (client kerbside-demo, secret ${DEV_CLIENT_SECRET}). Sign in with any name.`);
}
