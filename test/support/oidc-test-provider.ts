/**
 * A small OpenID Connect provider on 127.0.0.1 for API tests: discovery, JWKS, authorization
 * endpoint (signs the configured person in at once), token endpoint (client_secret_basic, PKCE
 * S256, one-time codes, RS256 ID tokens) and end-session. Real HTTP and real tokens, so Kerbside's
 * relying party (openid-client) checks them exactly as it would Entra ID's; `tamper` makes it send
 * the bad tokens a test wants refused. (The Chromium test uses the `oidc-provider` package instead.)
 */
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

export interface TestPerson { sub: string; email?: string; email_verified?: boolean; name?: string }
export interface Tamper { aud?: string; iss?: string; nonce?: string; expired?: boolean; badSignature?: boolean }

export async function startTestProvider(client: { id: string; secret: string }) {
  const keys = await generateKeyPair('RS256', { extractable: true });
  const stranger = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { nonce?: string; challenge: string; redirectUri: string; person: TestPerson; used: boolean }>();
  const state = {
    person: { sub: 'user-1', email: 'ann@demo.gov.uk', email_verified: true, name: 'Ann Officer' } as TestPerson,
    tamper: {} as Tamper,
    tokenRequests: 0,
    logouts: [] as URLSearchParams[],
  };
  let port = 0;
  const server: ReturnType<typeof Bun.serve> = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(req): Promise<Response> {
      const url = new URL(req.url);
      const issuer = `http://127.0.0.1:${port}`;
      if (url.pathname === '/.well-known/openid-configuration') {
        return Response.json({
          issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`,
          end_session_endpoint: `${issuer}/logout`, response_types_supported: ['code'], subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'], code_challenge_methods_supported: ['S256'],
          token_endpoint_auth_methods_supported: ['client_secret_basic'], scopes_supported: ['openid', 'email', 'profile'],
        });
      }
      if (url.pathname === '/jwks') return Response.json({ keys: [jwk] });
      if (url.pathname === '/authorize') {
        const q = url.searchParams;
        if (q.get('client_id') !== client.id || q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256'
          || !q.get('scope')?.split(' ').includes('openid')) {
          return new Response('bad authorization request', { status: 400 });
        }
        const code = crypto.randomUUID();
        codes.set(code, { nonce: q.get('nonce') ?? undefined, challenge: q.get('code_challenge')!, redirectUri: q.get('redirect_uri')!, person: state.person, used: false });
        const back = new URL(q.get('redirect_uri')!);
        back.searchParams.set('code', code);
        if (q.get('state')) back.searchParams.set('state', q.get('state')!);
        return Response.redirect(back.href, 302);
      }
      if (url.pathname === '/token' && req.method === 'POST') {
        state.tokenRequests++;
        const auth = req.headers.get('authorization') ?? '';
        const [id, secret] = atob(auth.replace(/^Basic /, '')).split(':').map((s) => decodeURIComponent(s.replace(/\+/g, ' '))); // RFC 6749 2.3.1: form-encoded
        if (id !== client.id || secret !== client.secret) return Response.json({ error: 'invalid_client' }, { status: 401 });
        const form = new URLSearchParams(await req.text());
        const grant = codes.get(form.get('code') ?? '');
        if (!grant || grant.used || form.get('grant_type') !== 'authorization_code' || form.get('redirect_uri') !== grant.redirectUri) {
          return Response.json({ error: 'invalid_grant' }, { status: 400 });
        }
        grant.used = true;
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(form.get('code_verifier') ?? '')));
        if (Buffer.from(digest).toString('base64url') !== grant.challenge) return Response.json({ error: 'invalid_grant' }, { status: 400 });
        const t = state.tamper;
        const now = Math.floor(Date.now() / 1000);
        const idToken = await new SignJWT({ ...grant.person, nonce: t.nonce ?? grant.nonce })
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
          .setIssuer(t.iss ?? issuer).setAudience(t.aud ?? client.id).setSubject(grant.person.sub)
          .setIssuedAt(t.expired ? now - 7200 : now).setExpirationTime(t.expired ? now - 3600 : now + 300)
          .sign(t.badSignature ? stranger.privateKey : keys.privateKey);
        return Response.json({ access_token: crypto.randomUUID(), token_type: 'Bearer', expires_in: 300, id_token: idToken, scope: 'openid email profile' });
      }
      if (url.pathname === '/logout') {
        state.logouts.push(url.searchParams);
        const to = url.searchParams.get('post_logout_redirect_uri');
        return to ? Response.redirect(to, 302) : new Response('signed out');
      }
      return new Response('not found', { status: 404 });
    },
  });
  port = server.port ?? 0;
  return Object.assign(state, { issuer: `http://127.0.0.1:${port}`, stop: () => server.stop(true) });
}
