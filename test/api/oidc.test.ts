import { afterAll, beforeAll, beforeEach, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { auditLog, councils, oidcIdentities, oidcLogins, sessions, users } from '../../db/schema/index.ts';
import type { OidcProviderConfig } from '../../db/schema/councils.ts';
import { addUser } from '../../server/services/auth.ts';
import { buildTestApp } from '../support/app.ts';
import { openTestDatabase, resetDatabase } from '../support/db.ts';
import { startTestProvider } from '../support/oidc-test-provider.ts';

const CLIENT = { id: 'kerbside-demo', secret: 'a client secret' };
const secret = (name: string) => (name === 'TEST_OIDC_SECRET' ? CLIENT.secret : undefined);

let database: Database;
let op: Awaited<ReturnType<typeof startTestProvider>>;
beforeAll(async () => {
  database = await openTestDatabase();
  op = await startTestProvider(CLIENT);
});
afterAll(async () => {
  op.stop();
  await database.close();
});

const staff = (over: Partial<OidcProviderConfig> = {}): OidcProviderConfig => ({
  id: 'demo-staff', name: 'Demo Council staff', issuer: op.issuer, clientId: CLIENT.id, clientSecretEnv: 'TEST_OIDC_SECRET',
  role: 'officer', emailDomains: ['demo.gov.uk'], ...over,
});

beforeEach(async () => {
  await resetDatabase(database);
  op.tamper = {};
  op.person = { sub: 'user-1', email: 'ann@demo.gov.uk', email_verified: true, name: 'Ann Officer' };
  await database.db.insert(councils).values([
    { slug: 'demo', name: 'Demo Borough Council', oidc: [staff(), staff({ id: 'demo-down', name: 'Broken IdP', issuer: 'http://127.0.0.1:9' })] },
    { slug: 'other', name: 'Other Council' },
  ]);
});

const app = () => buildTestApp(database, '2026-09-01T10:00:00+01:00', { secret }).app;

/** Goes through the provider as a browser would: Kerbside → provider → back to the callback. */
async function signIn(a = app(), providerId = 'demo-staff') {
  const start = await a.request(`/login/oidc/${providerId}`);
  expect(start.status).toBe(302);
  const atProvider = await fetch(start.headers.get('location')!, { redirect: 'manual' });
  const callback = new URL(atProvider.headers.get('location')!);
  const res = await a.request(callback.pathname + callback.search);
  return { res, callback, a };
}

const cookieOf = (res: Response) => res.headers.get('set-cookie')?.match(/kerbside_session=([0-9a-f]{64})/)?.[0];

test('/login offers every council\'s providers', async () => {
  const page = await (await app().request('/login')).text();
  expect(page).toContain('href="/login/oidc/demo-staff"');
  expect(page).toContain('Sign in with Demo Council staff');
  expect(page).toContain('name="password"'); // the password form stays
});

test('the provider is sent the authorization code flow with PKCE S256, state, nonce and the fixed callback', async () => {
  const start = await app().request('/login/oidc/demo-staff');
  const to = new URL(start.headers.get('location')!);
  expect(to.origin).toBe(op.issuer);
  const q = to.searchParams;
  expect(q.get('response_type')).toBe('code');
  expect(q.get('scope')).toBe('openid email profile');
  expect(q.get('code_challenge_method')).toBe('S256');
  expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(q.get('state')!.length).toBeGreaterThan(20);
  expect(q.get('nonce')!.length).toBeGreaterThan(20);
  expect(q.get('redirect_uri')).toBe('http://localhost:3000/login/oidc/demo-staff/callback');
  expect(q.get('response_mode')).toBeNull(); // the default query response mode
  // Only a hash of the state is kept.
  const [pending] = await database.db.select().from(oidcLogins);
  expect(pending.stateHash).not.toBe(q.get('state'));
});

test('staff from an allowed domain are created with the provider\'s role and land on /officer', async () => {
  const { res, a } = await signIn();
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/officer');
  const cookie = cookieOf(res)!;
  expect(cookie).toBeTruthy();
  const me = await a.request('/api/v1/auth/me', { headers: { cookie } });
  expect(await me.json()).toEqual({ email: 'ann@demo.gov.uk', name: 'Ann Officer', role: 'officer', languages: ['en'] });
  expect((await a.request('/officer', { headers: { cookie } })).status).toBe(200);
  const [identity] = await database.db.select().from(oidcIdentities);
  expect(identity).toMatchObject({ issuer: op.issuer, subject: 'user-1', providerId: 'demo-staff' });
  const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'user.oidc_create'));
  expect(audit).toHaveLength(1);
  // Matched by subject next time, even when the provider's email for them has changed.
  op.person = { ...op.person, email: 'ann.other@demo.gov.uk' };
  const again = await signIn(a);
  expect(again.res.status).toBe(303);
  expect(await database.db.select().from(users)).toHaveLength(1);
});

test('an existing account is linked once by verified email and keeps its role', async () => {
  const { deps } = buildTestApp(database);
  await addUser(deps, { councilSlug: 'demo', email: 'ann@demo.gov.uk', password: 'a long password', role: 'admin' });
  const { res } = await signIn();
  expect(res.status).toBe(303);
  const all = await database.db.select().from(users);
  expect(all).toHaveLength(1);
  expect(all[0].role).toBe('admin');
  expect(await database.db.select().from(oidcIdentities)).toHaveLength(1);
});

test('another domain, an unverified email, or another council\'s account is refused with no session', async () => {
  const cases: Array<() => Promise<void>> = [
    async () => { op.person = { sub: 'x1', email: 'eve@example.com', email_verified: true }; },
    async () => { op.person = { sub: 'x2', email: 'bob@demo.gov.uk', email_verified: false }; },
    async () => {
      op.person = { sub: 'x3', email: 'carol@demo.gov.uk', email_verified: true };
      await addUser(buildTestApp(database).deps, { councilSlug: 'other', email: 'carol@demo.gov.uk', password: 'a long password', role: 'officer' });
    },
  ];
  for (const arrange of cases) {
    await arrange();
    const { res } = await signIn();
    expect(res.status).toBe(403);
    expect(cookieOf(res)).toBeUndefined();
    const page = await res.text();
    expect(page).toContain('Kerbside administrator');
    expect(page).toContain('name="password"');
  }
  expect(await database.db.select().from(sessions)).toHaveLength(0);
  expect(await database.db.select().from(oidcIdentities)).toHaveLength(0);
});

test('a tampered state, a replayed callback and a replayed code are refused', async () => {
  const a = app();
  // Tampered state: never issued by Kerbside.
  const start = await a.request('/login/oidc/demo-staff');
  const atProvider = await fetch(start.headers.get('location')!, { redirect: 'manual' });
  const callback = new URL(atProvider.headers.get('location')!);
  const forged = new URL(callback);
  forged.searchParams.set('state', 'x'.repeat(43));
  const bad = await a.request(forged.pathname + forged.search);
  expect(bad.status).toBe(400);
  expect(cookieOf(bad)).toBeUndefined();
  expect(await bad.text()).toContain('expired or was already used');
  // The real callback works once…
  const ok = await a.request(callback.pathname + callback.search);
  expect(ok.status).toBe(303);
  // …and not twice.
  const replay = await a.request(callback.pathname + callback.search);
  expect(replay.status).toBe(400);
  expect(cookieOf(replay)).toBeUndefined();
  // The used code under a fresh, valid state: the provider refuses it, and so does Kerbside.
  const second = await a.request('/login/oidc/demo-staff');
  const state2 = new URL(second.headers.get('location')!).searchParams.get('state')!;
  const reuse = new URL(callback);
  reuse.searchParams.set('state', state2);
  const refused = await a.request(reuse.pathname + reuse.search);
  expect(refused.status).toBe(400);
  expect(cookieOf(refused)).toBeUndefined();
  expect(await database.db.select().from(sessions)).toHaveLength(1);
});

test('an ID token for another client, from another issuer, with another nonce, expired or badly signed is refused', async () => {
  for (const tamper of [{ aud: 'someone-else' }, { iss: 'https://evil.example' }, { nonce: 'not-the-nonce' }, { expired: true }, { badSignature: true }]) {
    op.tamper = tamper;
    const { res } = await signIn();
    expect(res.status, JSON.stringify(tamper)).toBe(400);
    expect(cookieOf(res)).toBeUndefined();
    expect(await res.text()).toContain('did not sign you in');
  }
  expect(await database.db.select().from(sessions)).toHaveLength(0);
  expect(await database.db.select().from(users)).toHaveLength(0);
});

test('a provider that is down, or has no secret configured, gives a friendly page with the password form', async () => {
  const down = await app().request('/login/oidc/demo-down');
  expect(down.status).toBe(503);
  const page = await down.text();
  expect(page).toContain('Broken IdP is not answering just now');
  expect(page).toContain('name="password"');
  const noSecret = await buildTestApp(database, undefined, { secret: () => undefined }).app.request('/login/oidc/demo-staff');
  expect(noSecret.status).toBe(503);
  expect(await noSecret.text()).toContain('client secret is missing');
  const unknown = await app().request('/login/oidc/nobody');
  expect(unknown.status).toBe(404);
  const refusedAtProvider = await app().request('/login/oidc/demo-staff/callback?error=access_denied&state=abc');
  expect(refusedAtProvider.status).toBe(400);
});

test('signing out ends the session and then the provider\'s (RP-initiated logout)', async () => {
  const { res, a } = await signIn();
  const cookie = cookieOf(res)!;
  const out = await a.request('/logout', { method: 'POST', headers: { cookie, origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
  expect(out.status).toBe(303);
  const to = new URL(out.headers.get('location')!);
  expect(to.origin + to.pathname).toBe(`${op.issuer}/logout`);
  expect(to.searchParams.get('post_logout_redirect_uri')).toBe('http://localhost:3000/login');
  expect(to.searchParams.get('id_token_hint')!.split('.')).toHaveLength(3);
  expect(await database.db.select().from(sessions)).toHaveLength(0);
  expect((await a.request('/api/v1/auth/me', { headers: { cookie } })).status).toBe(401);
});

test('a bundle configures a council\'s providers; bad provider settings are refused with the rest of the report', async () => {
  const { importBundle } = await import('../../server/services/import.ts');
  const smallBundle = (await import('../fixtures/small-bundle.json')).default as any;
  const ctx = buildTestApp(database).deps;
  const bundle = structuredClone(smallBundle);
  bundle.council.oidc = [{ id: 'entra', name: 'Microsoft Entra ID', issuer: 'https://login.microsoftonline.com/tenant/v2.0', clientId: 'abc',
    clientSecretEnv: 'KERBSIDE_OIDC_ENTRA_SECRET', role: 'officer', emailDomains: ['small.gov.uk'] }];
  await importBundle(ctx, bundle);
  const [row] = await database.db.select({ oidc: councils.oidc }).from(councils).where(eq(councils.slug, bundle.council.slug));
  expect(row.oidc).toEqual([{ ...bundle.council.oidc[0] }]);
  const page = await app().request('/login');
  expect(await page.text()).toContain('Sign in with Microsoft Entra ID');

  const bad = structuredClone(smallBundle);
  bad.council.oidc = [
    { id: 'x', name: 'Plain http', issuer: 'http://idp.example.org', clientId: 'a', clientSecretEnv: 'lower-case', role: 'resident', emailDomains: [] },
  ];
  const refused = await importBundle(ctx, bad).then(() => undefined, (e) => e);
  expect(refused?.code).toBe('invalid_bundle');
  const errors = (refused.details.errors as string[]).join('\n');
  expect(errors).toContain('council.oidc[0].issuer');
  expect(errors).toContain('council.oidc[0].clientSecretEnv');
  expect(errors).toContain('council.oidc[0].role');
});

test('a disabled account is refused through the provider too, linked or not', async () => {
  const { res } = await signIn();
  expect(res.status).toBe(303);
  await database.db.update(users).set({ disabledAt: new Date() }).where(eq(users.email, 'ann@demo.gov.uk'));
  const again = await signIn();
  expect(again.res.status).toBe(403);
  expect(cookieOf(again.res)).toBeUndefined();
  await database.db.delete(oidcIdentities);
  const byEmail = await signIn();
  expect(byEmail.res.status).toBe(403);
});
