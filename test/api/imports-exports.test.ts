import { afterAll, beforeAll, beforeEach, expect, test } from 'bun:test';
import { count, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { assignments, auditLog, councils, properties, rounds, scheduleExceptions } from '../../db/schema/index.ts';
import type { Role } from '../../server/services/auth.ts';
import { checkBundle, importBundle } from '../../server/services/import.ts';
import { buildTestApp } from '../support/app.ts';
import { openTestDatabase, resetDatabase } from '../support/db.ts';
import { signInAs } from '../support/sign-in.ts';
import smallBundle from '../fixtures/small-bundle.json' with { type: 'json' };

let database: Database;
let app: ReturnType<typeof buildTestApp>['app'];
let deps: ReturnType<typeof buildTestApp>['deps'];

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const fresh = () => structuredClone(smallBundle) as any;

/** Testshire imported as the CLI would, plus a second council; today is Friday 27 Nov 2026. */
beforeEach(async () => {
  await resetDatabase(database);
  ({ app, deps } = buildTestApp(database, '2026-11-27T09:00:00Z'));
  await importBundle(deps, fresh());
  await database.db.insert(councils).values({ slug: 'other', name: 'Other' });
});

const signIn = (email: string, role: Role = 'officer', council = 'testshire') => signInAs({ app, deps }, email, role, council);
const upload = (bundle: unknown, cookie?: string, query = '') =>
  app.request(`/api/v1/imports${query}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(bundle) });
const n = async (t: any) => (await database.db.select({ n: count() }).from(t))[0].n;
const snapshot = async () => ({ properties: await n(properties), assignments: await n(assignments), rounds: await n(rounds), exceptions: await n(scheduleExceptions), audit: await n(auditLog),
  version: (await database.db.select({ v: councils.scheduleVersion }).from(councils).where(eq(councils.slug, 'testshire')))[0].v });

/** A bundle with three bad rows and one good new property. */
function badBundle() {
  const b = fresh();
  b.properties[0].postcode = 'NOPE';
  b.properties.push({ uprn: '123456789', address: '99 New Road', postcode: 'DE1 1AA', lat: 52.9, lon: -1.47 });
  b.assignments.push({ uprn: '123456789', round: 'REF-TUE', from: '2026-12-01', sequence: 9 });
  b.properties.push({ uprn: 'abc', address: 'x', postcode: 'DE1 1AA', lat: 52.9, lon: -1.47 });
  return b;
}

test('401 without a session, 403 for crew and customer, on upload and every export', async () => {
  expect((await upload(fresh())).status).toBe(401);
  expect((await app.request('/api/v1/exports/properties.csv')).status).toBe(401);
  for (const role of ['crew', 'customer'] as const) {
    const cookie = await signIn(`${role}@t.test`, role);
    expect((await upload(fresh(), cookie)).status).toBe(403);
    for (const path of ['properties.csv', 'rounds.geojson', 'assignments.csv', 'collections.csv']) {
      expect((await app.request(`/api/v1/exports/${path}`, { headers: { cookie } })).status).toBe(403);
    }
  }
});

test("an invalid bundle answers 422 with exactly the CLI's report and writes nothing, dry run or not", async () => {
  const cookie = await signIn('officer@t.test');
  const before = await snapshot();
  const cliErrors = await checkBundle(deps, badBundle());
  expect(cliErrors.length).toBe(3);
  for (const query of ['', '?dryRun=true']) {
    const res = await upload(badBundle(), cookie, query);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; message: string; errors: string[] } };
    expect(body.error.code).toBe('invalid_bundle');
    expect(body.error.message).toBe('The bundle has 3 errors; nothing was imported.');
    expect(body.error.errors).toEqual(cliErrors);
    expect(body.error.errors).toContain('properties[0].postcode: must be a UK postcode such as "DE1 1AA"');
    expect(await snapshot()).toEqual(before);
  }
});

test('a valid bundle: dry run says it would import and writes nothing; import writes it all with an audit row', async () => {
  const cookie = await signIn('officer@t.test');
  const b = fresh();
  b.properties.push({ uprn: '123456789', address: '99 New Road', postcode: 'DE1 1AA', lat: 52.9, lon: -1.47, assisted: true });
  b.assignments.push({ uprn: '123456789', round: 'REF-MON', from: '2026-12-01', sequence: 9 });
  const before = await snapshot();
  const dry = await upload(b, cookie, '?dryRun=true');
  expect(dry.status).toBe(200);
  expect(await dry.json()).toMatchObject({ valid: true, errors: [], counts: { properties: 11, assignments: 30 } });
  expect(await snapshot()).toEqual(before);

  const res = await upload(b, cookie);
  expect(res.status).toBe(201);
  expect(await res.json()).toMatchObject({ council: { slug: 'testshire', created: false }, counts: { properties: 11, assignments: 30 } });
  const after = await snapshot();
  expect(after).toMatchObject({ properties: before.properties + 1, assignments: before.assignments + 1, audit: before.audit + 1, version: before.version + 1 });
  const [row] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'import.bundle'));
  expect(row).toMatchObject({ action: 'import.bundle', entity: 'property' });
  // The public lookup sees the new property at once.
  expect((await app.request('/api/v1/properties/123456789')).status).toBe(200);
});

test("a bundle for another council is refused (403 other_council) and nothing is written", async () => {
  const cookie = await signIn('officer@t.test');
  const b = fresh();
  b.council.slug = 'other';
  const before = await snapshot();
  const res = await upload(b, cookie);
  expect(res.status).toBe(403);
  expect(((await res.json()) as any).error.code).toBe('other_council');
  expect(await snapshot()).toEqual(before);
});

test('multipart upload (the page form) reads the file field; malformed JSON is 422 malformed_bundle', async () => {
  const cookie = await signIn('officer@t.test');
  const form = new FormData();
  form.set('bundle', new File([JSON.stringify(fresh())], 'bundle.json', { type: 'application/json' }));
  const res = await app.request('/api/v1/imports?dryRun=true', { method: 'POST', headers: { cookie, origin: 'http://localhost' }, body: form });
  expect(res.status).toBe(200);
  const broken = new FormData();
  broken.set('bundle', new File(['{"council": '], 'bundle.json', { type: 'application/json' }));
  const bad = await app.request('/api/v1/imports', { method: 'POST', headers: { cookie, origin: 'http://localhost' }, body: broken });
  expect(bad.status).toBe(422);
  expect(((await bad.json()) as any).error.code).toBe('malformed_bundle');
});

/** RFC 4180 enough for our exports: quoted cells may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\r') continue;
    else if (ch === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; } else cell += ch;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

test('exports: CSV row counts match the database; GeoJSON is a FeatureCollection of [lon, lat] points; only this council', async () => {
  const cookie = await signIn('officer@t.test');
  const get = (path: string) => app.request(`/api/v1/exports/${path}`, { headers: { cookie } });
  const props = await get('properties.csv');
  expect(props.status).toBe(200);
  expect(props.headers.get('content-type')).toContain('text/csv');
  const rows = parseCsv(await props.text());
  expect(rows[0]).toEqual(['uprn', 'address', 'postcode', 'usrn', 'lat', 'lon', 'kind', 'assisted']);
  expect(rows.length - 1).toBe(smallBundle.properties.length);

  const assignRows = parseCsv(await (await get('assignments.csv')).text());
  expect(assignRows.length - 1).toBe(smallBundle.assignments.length);
  const roundRows = parseCsv(await (await get('rounds.csv')).text());
  expect(roundRows.length - 1).toBe(smallBundle.rounds.reduce((s, r) => s + r.schedules.length, 0));

  for (const [path, count, geometry] of [['properties.geojson', smallBundle.properties.length, 'Point'], ['assignments.geojson', smallBundle.assignments.length, 'Point'], ['rounds.geojson', smallBundle.rounds.length, 'MultiPoint']] as const) {
    const res = await get(path);
    expect(res.headers.get('content-type')).toContain('application/geo+json');
    const doc = (await res.json()) as any;
    expect(doc.type).toBe('FeatureCollection');
    expect(doc.features.length).toBe(count);
    for (const f of doc.features) {
      expect(f.type).toBe('Feature');
      expect(f.geometry.type).toBe(geometry);
      const points = geometry === 'Point' ? [f.geometry.coordinates] : f.geometry.coordinates;
      for (const [lon, lat] of points) {
        expect(lon).toBeGreaterThan(-8.7); expect(lon).toBeLessThan(1.8);
        expect(lat).toBeGreaterThan(49.8); expect(lat).toBeLessThan(60.9);
      }
    }
  }

  // Another council's officer sees none of Testshire's rows.
  const other = await signIn('officer@other.test', 'officer', 'other');
  const theirs = parseCsv(await (await app.request('/api/v1/exports/properties.csv', { headers: { cookie: other } })).text());
  expect(theirs.length).toBe(1);
});

test('collections export: one row per collection of the range, the same as the public collections; range capped at 92 days', async () => {
  const cookie = await signIn('officer@t.test');
  const get = (q: string) => app.request(`/api/v1/exports/collections.csv${q}`, { headers: { cookie } });
  const res = await get('?from=2026-12-01&to=2026-12-31');
  expect(res.status).toBe(200);
  const rows = parseCsv(await res.text());
  expect(rows[0]).toEqual(['uprn', 'address', 'postcode', 'service', 'round', 'date', 'original_date', 'changed', 'cancelled', 'reason']);
  let expected = 0;
  for (const p of smallBundle.properties) {
    const list = (await (await app.request(`/api/v1/properties/${p.uprn}/collections?from=2026-12-01&to=2026-12-31`)).json()) as unknown[];
    expected += list.length;
  }
  const live = rows.slice(1).filter((r) => r[8] === 'no');
  expect(live.length).toBe(expected);
  expect(expected).toBeGreaterThan(0);

  const geo = (await (await app.request('/api/v1/exports/collections.geojson?from=2026-12-01&to=2026-12-31', { headers: { cookie } })).json()) as any;
  expect(geo.type).toBe('FeatureCollection');
  expect(geo.features.length).toBe(rows.length - 1);

  for (const [q, want] of [['?from=2026-12-01&to=2027-03-15', 'range_too_long'], ['?from=2026-12-10&to=2026-12-01', 'invalid_range'], ['?from=2026-02-30', 'invalid_date']]) {
    const bad = await get(q);
    expect([bad.status, ((await bad.json()) as any).error.code]).toEqual([422, want]);
  }
  expect((await get('?from=2026-12-01&to=2027-03-02')).status).toBe(200); // exactly 92 days
});

test('exports page through more rows than one page (keyset), each row once', async () => {
  const cookie = await signIn('officer@t.test');
  const [{ id }] = await database.db.select({ id: councils.id }).from(councils).where(eq(councils.slug, 'testshire'));
  const many = Array.from({ length: 4500 }, (_, i) => ({ uprn: 500_000 + i, councilId: id, address: `${i} Long Road, Demo`, postcode: 'DE1 1AA', lat: 52.9, lon: -1.47 }));
  await database.db.insert(properties).values(many);
  await database.db.insert(assignments).values(many.map((p, i) => ({ councilId: id, uprn: p.uprn, roundId: 'REF-MON', from: '2026-01-01', sequence: 100 + i })));
  const rows = parseCsv(await (await app.request('/api/v1/exports/properties.csv', { headers: { cookie } })).text()).slice(1);
  expect(rows.length).toBe(4500 + smallBundle.properties.length);
  expect(new Set(rows.map((r) => r[0])).size).toBe(rows.length);
  const assigned = parseCsv(await (await app.request('/api/v1/exports/assignments.csv', { headers: { cookie } })).text()).slice(1);
  expect(assigned.length).toBe(4500 + smallBundle.assignments.length);
  expect(new Set(assigned.map((r) => `${r[0]}|${r[1]}|${r[2]}`)).size).toBe(assigned.length);
  const geo = (await (await app.request('/api/v1/exports/properties.geojson', { headers: { cookie } })).json()) as any;
  expect(geo.features.length).toBe(rows.length);
});
