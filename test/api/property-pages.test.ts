import { afterAll, beforeAll, beforeEach, expect, test } from 'bun:test';
import { count, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { assignments, auditLog, councils, properties } from '../../db/schema/index.ts';
import { addUser } from '../../server/services/auth.ts';
import { checkBundle, importBundle } from '../../server/services/import.ts';
import { buildTestApp } from '../support/app.ts';
import { openTestDatabase, resetDatabase } from '../support/db.ts';
import smallBundle from '../fixtures/small-bundle.json' with { type: 'json' };

let database: Database;
let app: ReturnType<typeof buildTestApp>['app'];
let deps: ReturnType<typeof buildTestApp>['deps'];
const ORIGIN = 'http://localhost';
const fresh = () => structuredClone(smallBundle) as any;
const first = smallBundle.properties[0];

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());
beforeEach(async () => {
  await resetDatabase(database);
  ({ app, deps } = buildTestApp(database, '2026-11-27T09:00:00Z'));
  await importBundle(deps, fresh());
  await database.db.insert(councils).values({ slug: 'other', name: 'Other' });
  await database.db.insert(properties).values({ uprn: 999, councilId: 2, address: 'Elsewhere', postcode: 'DE1 1AA', lat: 52.9, lon: -1.47 });
});

async function signIn(role: 'officer' | 'crew' = 'officer', council = 'testshire') {
  const email = `${role}@${council}.test`;
  await addUser(deps, { councilSlug: council, email, password: 'a long password', role });
  const res = await app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'a long password' }) });
  return res.headers.get('set-cookie')!.split(';')[0];
}
const get = (path: string, cookie?: string) => app.request(path, { headers: cookie ? { cookie } : {} });
const form = (path: string, values: Record<string, string>, cookie: string) =>
  app.request(path, { method: 'POST', headers: { cookie, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(values).toString() });
const n = async (t: any) => (await database.db.select({ n: count() }).from(t))[0].n;

test('pages: sign-in redirect, 403 for crew, 404 for another council\'s property', async () => {
  for (const path of ['/officer/properties', '/officer/properties/new', `/officer/properties/${first.uprn}`, '/officer/data']) {
    const res = await get(path);
    expect([path, res.status, res.headers.get('location')]).toEqual([path, 303, `/login?next=${encodeURIComponent(path)}`]);
  }
  const crew = await signIn('crew');
  expect((await get('/officer/properties', crew)).status).toBe(403);
  expect((await get('/officer/data', crew)).status).toBe(403);
  const cookie = await signIn();
  expect((await get('/officer/properties/999', cookie)).status).toBe(404);
  expect((await form('/officer/properties/999/assisted', { assisted: 'yes' }, cookie)).status).toBe(404);
  expect((await form('/officer/properties/999/demolish', { from: '2026-12-01', confirm: 'yes' }, cookie)).status).toBe(404);
});

test('search by postcode, UPRN and address finds only this council\'s properties', async () => {
  const cookie = await signIn();
  const byPostcode = await (await get(`/officer/properties?q=${encodeURIComponent(first.postcode.toLowerCase())}`, cookie)).text();
  expect(byPostcode).toContain(first.address);
  const byUprn = await (await get(`/officer/properties?q=${first.uprn}`, cookie)).text();
  expect(byUprn).toContain(`/officer/properties/${Number(first.uprn)}`);
  const byAddress = await (await get(`/officer/properties?q=${encodeURIComponent(first.address.split(',')[0])}`, cookie)).text();
  expect(byAddress).toContain(first.address);
  const none = await (await get('/officer/properties?q=Elsewhere', cookie)).text();
  expect(none).toContain('No properties match');
});

test('add a property: errors re-render with values kept; success redirects and the page shows it', async () => {
  const cookie = await signIn();
  const bad = await form('/officer/properties/new', { uprn: '555', address: '<b>5 New Road</b>', postcode: 'nope', lat: '52.9', lon: '-1.47', from: '2026-12-01' }, cookie);
  expect(bad.status).toBe(422);
  const html = await bad.text();
  expect(html).toContain('govuk-error-summary');
  expect(html).toContain('&lt;b&gt;5 New Road&lt;/b&gt;');
  expect(html).not.toContain('<b>5 New Road</b>');
  expect(await n(properties)).toBe(smallBundle.properties.length + 1);

  const ok = await form('/officer/properties/new', { uprn: '555', address: '5 New Road', postcode: 'de1 1aa', lat: '52.9', lon: '-1.47', from: '2026-12-01', 'round-refuse': 'REF-MON', assisted: 'yes' }, cookie);
  expect(ok.status).toBe(303);
  expect(ok.headers.get('location')).toBe('/officer/properties/555?done=created');
  const page = await (await get('/officer/properties/555?done=created', cookie)).text();
  expect(page).toContain('The property has been added.');
  expect(page).toContain('REF-MON');
  const again = await form('/officer/properties/new', { uprn: '555', address: '5 New Road', postcode: 'DE1 1AA', lat: '52.9', lon: '-1.47' }, cookie);
  expect(again.status).toBe(409);
});

test('edit, assisted toggle, and demolish: preview first (nothing written), then confirm', async () => {
  const cookie = await signIn();
  const uprn = Number(first.uprn);
  const edit = await form(`/officer/properties/${uprn}`, { address: 'Renamed House', postcode: first.postcode, lat: String(first.lat), lon: String(first.lon), kind: 'domestic' }, cookie);
  expect(edit.status).toBe(303);
  expect((await database.db.select().from(properties).where(eq(properties.uprn, uprn)))[0].address).toBe('Renamed House');
  const toggle = await form(`/officer/properties/${uprn}/assisted`, { assisted: 'yes' }, cookie);
  expect(toggle.headers.get('location')).toBe(`/officer/properties/${uprn}?done=assisted`);
  expect((await database.db.select().from(properties).where(eq(properties.uprn, uprn)))[0].assisted).toBe(true);

  const audits = await n(auditLog);
  const rowsBefore = await database.db.select().from(assignments).where(eq(assignments.uprn, uprn));
  const preview = await form(`/officer/properties/${uprn}/demolish`, { from: '2026-12-07' }, cookie);
  expect(preview.status).toBe(200);
  const html = await preview.text();
  expect(html).toContain('id="demolish-preview"');
  expect(html).toContain('Confirm demolition');
  expect(await n(auditLog)).toBe(audits);
  expect(await database.db.select().from(assignments).where(eq(assignments.uprn, uprn))).toEqual(rowsBefore);

  const past = await form(`/officer/properties/${uprn}/demolish`, { from: '2026-11-01' }, cookie);
  expect(past.status).toBe(422);
  const done = await form(`/officer/properties/${uprn}/demolish`, { from: '2026-12-07', confirm: 'yes' }, cookie);
  expect(done.status).toBe(303);
  expect((await database.db.select().from(properties).where(eq(properties.uprn, uprn)))[0].kind).toBe('demolished');
  const list = (await (await app.request(`/api/v1/properties/${uprn}/collections?from=2026-12-07&to=2027-01-31`)).json()) as unknown[];
  expect(list).toEqual([]);
});

test('data page: a bad bundle shows the CLI report line by line and writes nothing; a good one imports', async () => {
  const cookie = await signIn();
  const page = await (await get('/officer/data', cookie)).text();
  expect(page).toContain('/api/v1/exports/properties.csv');
  expect(page).toContain('/api/v1/exports/assignments.geojson');
  const b = fresh();
  b.properties[1].postcode = 'NOPE';
  b.assignments[0].round = 'REF-XYZ';
  const errors = await checkBundle(deps, b);
  const upload = (bundle: unknown, action: string) => {
    const f = new FormData();
    f.set('bundle', new File([JSON.stringify(bundle)], 'bundle.json', { type: 'application/json' }));
    f.set('action', action);
    return app.request('/officer/data', { method: 'POST', headers: { cookie, origin: ORIGIN }, body: f });
  };
  const before = await n(auditLog);
  const res = await upload(b, 'import');
  expect(res.status).toBe(422);
  const html = await res.text();
  expect(html).toContain('The bundle has 2 errors; nothing was imported.');
  for (const line of errors) expect(html).toContain(line.replace(/"/g, '&quot;'));
  expect(await n(auditLog)).toBe(before);

  const check = await upload(fresh(), 'check');
  expect(check.status).toBe(200);
  expect(await check.text()).toContain('The bundle is valid');
  expect(await n(auditLog)).toBe(before);
  const imported = await upload(fresh(), 'import');
  expect(await imported.text()).toContain('The bundle was imported.');
  expect(await n(auditLog)).toBe(before + 1);
});
