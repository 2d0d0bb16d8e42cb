/**
 * Residents signing in through their council's shared resident account (`residents: true`), with the
 * scripted OpenID Connect provider: a `resident` session with no staff rights, "Your account" listing
 * their missed-collection reports (by the provider's verified email) in Welsh and English, and the
 * report form filled in with their name and email.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { alertSubscriptions, auditLog, councils, missedReports, residentRequests, users } from '../../db/schema/index.ts';
import type { OidcProviderConfig } from '../../db/schema/councils.ts';
import { fixedClock } from '../../server/clock.ts';
import { importBundle } from '../../server/services/import.ts';
import { buildTestApp } from '../support/app.ts';
import { openTestDatabase, resetDatabase } from '../support/db.ts';
import { startTestProvider } from '../support/oidc-test-provider.ts';

const CLIENT = { id: 'kerbside-residents', secret: 'a client secret' };
const secret = (name: string) => (name === 'TEST_OIDC_SECRET' ? CLIENT.secret : undefined);
const UPRN = 100090000001;

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

const provider = (over: Partial<OidcProviderConfig> = {}): OidcProviderConfig => ({
  id: 'verify', name: 'Verify', issuer: op.issuer, clientId: CLIENT.id, clientSecretEnv: 'TEST_OIDC_SECRET',
  role: 'officer', emailDomains: ['testshire.gov.uk'], residents: true, ...over,
});

beforeEach(async () => {
  await resetDatabase(database);
  op.tamper = {};
  op.person = { sub: 'resident-1', email: 'Rhian@Example.org', email_verified: true, name: 'Rhian Jones' };
  const bundle = await Bun.file(new URL('../fixtures/small-bundle.json', import.meta.url)).json();
  bundle.council.languages = ['cy', 'en'];
  await importBundle({ db: database.db, clock: fixedClock('2026-09-01T10:00:00Z') }, bundle);
  await database.db.update(councils).set({ oidc: [provider()] }).where(eq(councils.slug, 'testshire'));
});

const app = () => buildTestApp(database, '2026-09-08T10:00:00+01:00', { secret }).app;

async function signIn(a = app()) {
  const start = await a.request('/login/oidc/verify');
  expect(start.status).toBe(302);
  const atProvider = await fetch(start.headers.get('location')!, { redirect: 'manual' });
  const callback = new URL(atProvider.headers.get('location')!);
  const res = await a.request(callback.pathname + callback.search);
  const cookie = res.headers.get('set-cookie')?.match(/kerbside_session=[0-9a-f]{64}/)?.[0];
  return { res, cookie, a };
}

/** A paid garden subscription and a confirmed alert at the property, in the resident's email (any case). */
async function requestAndAlert(email: string) {
  const [council] = await database.db.select().from(councils).where(eq(councils.slug, 'testshire'));
  const at = new Date('2026-09-08T12:00:00Z');
  await database.db.insert(residentRequests).values({
    reference: 'GW-26-000101', councilId: council.id, kind: 'garden_subscription', uprn: UPRN, status: 'active',
    amountPence: 5500, paidPence: 5500, email, createdAt: at, updatedAt: at,
  });
  await database.db.insert(alertSubscriptions).values({
    councilId: council.id, uprn: UPRN, email: email.toLowerCase(), kinds: ['reminder'], createdAt: at, confirmedAt: at,
  });
}

async function report(reference: string, email: string, date: string) {
  const [council] = await database.db.select().from(councils).where(eq(councils.slug, 'testshire'));
  const at = new Date('2026-09-08T12:00:00Z');
  await database.db.insert(missedReports).values({
    reference, councilId: council.id, uprn: UPRN, serviceId: 'refuse', collectionDate: date, reporterName: 'R', reporterEmail: email,
    channel: 'web', status: 'scheduled', dueBy: at, createdAt: at, updatedAt: at,
  });
}

test('a resident signs in through the resident account: a resident session, Your account lists their reports', async () => {
  await report('KB-26-000101', 'rhian@example.org', '2026-09-07');
  await report('KB-26-000102', 'someone.else@example.org', '2026-08-31');
  const { res, cookie, a } = await signIn();
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/account');
  expect(cookie).toBeDefined();
  const [user] = await database.db.select().from(users).where(eq(users.name, 'Rhian Jones'));
  expect(user.role).toBe('resident');
  const trail = await database.db.select().from(auditLog).where(eq(auditLog.action, 'user.oidc_resident'));
  expect(trail).toHaveLength(1);

  // Welsh first: the page is Welsh, the report is theirs only.
  const cy = await (await a.request('/account', { headers: { cookie: cookie! } })).text();
  expect(cy).toContain('<html lang="cy"');
  expect(cy).toContain('Eich cyfrif');
  expect(cy).toContain('Casgliadau a fethwyd y rhoesoch wybod amdanynt');
  expect(cy).toContain('href="/reports/KB-26-000101"');
  expect(cy).toContain('Dydd Llun 7 Medi 2026');
  expect(cy).not.toContain('KB-26-000102');
  const en = await (await a.request('/account?lang=en', { headers: { cookie: cookie! } })).text();
  expect(en).toContain('<html lang="en"');
  expect(en).toContain('Missed collections you reported');
  expect(en).toContain('Crew booked');
  expect(en).toContain('Monday 7 September 2026');
  // Requests and alerts kept under another email are not theirs.
  expect(en).toContain('You have no garden waste subscription, bulky waste booking or bin request with this email address.');
  expect(en).toContain('You have no email alerts set up for this email address.');
  await requestAndAlert('RHIAN@example.org');
  const all = await (await a.request('/account?lang=en', { headers: { cookie: cookie! } })).text();
  expect(all).toContain('href="/requests/GW-26-000101"');
  expect(all).toContain('Garden waste subscription');
  expect(all).toContain('Your email alerts');
  expect(all).toContain('>On<');

  // No staff rights.
  expect((await a.request('/officer', { headers: { cookie: cookie! } })).status).not.toBe(200);
  expect((await a.request('/api/v1/exceptions', { headers: { cookie: cookie! } })).status).toBe(403);
  expect((await (await a.request('/api/v1/auth/me', { headers: { cookie: cookie! } })).json()) as any).toMatchObject({ role: 'resident' });

  // The report form: name and email already there.
  const form = await (await a.request(`/property/${UPRN}/report?lang=en`, { headers: { cookie: cookie! } })).text();
  expect(form).toContain('value="Rhian Jones"');
  expect(form).toContain(`value="${user.email}"`);
  expect(user.email.toLowerCase()).toBe('rhian@example.org');
});

test('with no reports the section says so; without a session /account asks to sign in', async () => {
  const { cookie, a } = await signIn();
  const en = await (await a.request('/account?lang=en', { headers: { cookie: cookie! } })).text();
  expect(en).toContain('You have not reported a missed collection with this email address.');
  const anonymous = await a.request('/account');
  expect(anonymous.status).toBe(303);
  expect(anonymous.headers.get('location')).toBe('/login?next=/account');
  const form = await (await a.request(`/property/${UPRN}/report?lang=en`)).text();
  expect(form).not.toContain('value="Rhian Jones"');
});

test('a provider without residents: true still refuses someone outside its staff domains', async () => {
  await database.db.update(councils).set({ oidc: [provider({ residents: false })] }).where(eq(councils.slug, 'testshire'));
  const { res, cookie } = await signIn();
  expect(res.status).toBe(403);
  expect(cookie).toBeUndefined();
});

test('staff of an allowed domain signing in through a resident-enabled provider still get the staff role', async () => {
  op.person = { sub: 'staff-1', email: 'ann@testshire.gov.uk', email_verified: true, name: 'Ann' };
  const { res } = await signIn();
  expect(res.headers.get('location')).toBe('/officer');
  const [user] = await database.db.select().from(users).where(eq(users.email, 'ann@testshire.gov.uk'));
  expect(user.role).toBe('officer');
});
