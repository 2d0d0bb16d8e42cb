/**
 * Open311 as FixMyStreet's client (perllib/Open311.pm) uses it: long descriptions, comma lists,
 * hidden uprn attribute and waste keywords, idempotent retries, and the servicerequestupdates
 * extension in both directions. XML is read back with the strict parser.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import type { Database } from '../../db/client.ts';
import { createApiKey } from '../../server/services/auth.ts';
import { openTestDatabase } from '../support/db.ts';
import { sql } from 'drizzle-orm';
import { app, count, formPost, HOME, NEIGHBOUR, report, resetReports, rows, seedCouncils, signIn } from './reports-setup.ts';
import { field, kids, parseXml } from './xml.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedCouncils(database);
});
afterAll(() => database.close());
beforeEach(() => resetReports(database));

const BASE = '/open311/v2';
type T = ReturnType<typeof app>;

/** Form-encoded, no Origin, no cookies: how FixMyStreet posts. */
const post = (t: T, path: string, fields: Record<string, string>) =>
  t.app.request(`${BASE}/${path}`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(),
  });

const keyFor = async (t: T, council = 'testshire') => (await createApiKey(t.deps, { councilSlug: council, name: 'fixmystreet' })).key;

const request = (key: string, over: Record<string, string> = {}) => ({
  api_key: key, jurisdiction_id: 'testshire', service_code: 'missed-refuse', 'attribute[uprn]': HOME,
  email: 'resident@example.org', first_name: 'Ada', last_name: 'Lovelace', description: 'Not emptied', ...over,
});

const patch = (body: unknown, cookie: string) => ({
  method: 'PATCH', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body),
});

describe('service list and definitions', () => {
  test('missed-bin services carry waste_only,private; uprn is automated: hidden_field (JSON and XML)', async () => {
    const t = app(database);
    const list = await (await t.app.request(`${BASE}/services.json?jurisdiction_id=testshire`)).json();
    for (const s of list) expect(s.keywords).toBe('waste_only,private');
    const xml = parseXml(await (await t.app.request(`${BASE}/services.xml?jurisdiction_id=testshire`)).text());
    expect(kids(xml, 'service').map((s) => field(s, 'keywords'))).toEqual(list.map(() => 'waste_only,private'));

    const def = await (await t.app.request(`${BASE}/services/missed-refuse.json?jurisdiction_id=testshire`)).json();
    expect(def.attributes[0]).toMatchObject({ code: 'uprn', automated: 'hidden_field', required: true });
    const defXml = parseXml(await (await t.app.request(`${BASE}/services/missed-refuse.xml?jurisdiction_id=testshire`)).text());
    const attribute = kids(kids(defXml, 'attributes')[0], 'attribute')[0];
    expect(field(attribute, 'automated')).toBe('hidden_field');
  });
});

describe('POST requests', () => {
  test('description: 4,000 characters accepted, a CRLF counting as one; 4,001 refused', async () => {
    const t = app(database);
    const key = await keyFor(t);
    // 3,000 letters and 1,000 CRLF line breaks: 5,000 UTF-16 units, 4,000 characters.
    const long = 'abc\r\n'.repeat(1000);
    const ok = await post(t, 'requests.json', request(key, { description: long }));
    expect(ok.status).toBe(201);
    const tooLong = await post(t, 'requests.json', request(key, { description: 'x'.repeat(4001), 'attribute[uprn]': NEIGHBOUR }));
    expect(tooLong.status).toBe(400);
    expect((await tooLong.json())[0]).toEqual({ code: 400, description: expect.stringContaining('4000') });
    expect(await count(database, 'missed_reports')).toBe(1);
  });

  test('a retried POST from the same key answers 200 with the original id; another key and the web form: duplicate', async () => {
    const t = app(database);
    const key = await keyFor(t);
    const first = await post(t, 'requests.xml', request(key));
    expect(first.status).toBe(201);
    const id = field(kids(parseXml(await first.text()), 'request')[0], 'service_request_id');
    const again = await post(t, 'requests.xml', request(key));
    expect(again.status).toBe(200);
    expect(field(kids(parseXml(await again.text()), 'request')[0], 'service_request_id')).toBe(id);
    const json = await post(t, 'requests.json', request(key));
    expect(json.status).toBe(200);
    expect((await json.json())[0].service_request_id).toBe(id);

    const other = await post(t, 'requests.json', request(await keyFor(t)));
    expect(other.status).toBe(400);
    expect((await other.json())[0].description).toStartWith('duplicate:');

    const web = await t.app.request('/api/v1/missed-reports', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify(report()),
    });
    expect(web.status).toBe(409);
    // A retry arriving after the reporting window closed still gets its answer, not window_closed.
    t.clock.set('2026-09-10T10:00:00+01:00');
    const late = await post(t, 'requests.json', request(key));
    expect(late.status).toBe(200);
    expect((await late.json())[0].service_request_id).toBe(id);
    expect((await (await post(t, 'requests.json', request(await keyFor(t)))).json())[0].description).toStartWith('window_closed:');
    expect(await count(database, 'missed_reports')).toBe(1);
  });

  test('huge or malformed bodies are 400 in the spec shape', async () => {
    const t = app(database);
    const key = await keyFor(t);
    const huge = await post(t, 'requests.json', request(key, { description: 'x'.repeat(200_000) }));
    expect(huge.status).toBe(400);
    expect(await huge.json()).toEqual([{ code: 400, description: expect.stringContaining('payload_too_large') }]);
    const bad = await t.app.request(`${BASE}/requests.xml`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"api_key":' });
    expect(bad.status).toBe(400);
    const err = kids(parseXml(await bad.text()), 'error')[0];
    expect([field(err, 'code'), field(err, 'description')]).toEqual(['400', expect.stringContaining('malformed_body')]);
    const wrongType = await t.app.request(`${BASE}/servicerequestupdates.json`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(wrongType.status).toBe(400);
    expect((await wrongType.json())[0].code).toBe(400);
    expect(await count(database, 'missed_reports')).toBe(0);
  });
});

describe('GET requests with lists', () => {
  test('service_code and status take comma-separated lists', async () => {
    const t = app(database);
    const key = await keyFor(t);
    const refuse = (await (await post(t, 'requests.json', request(key))).json())[0].service_request_id;
    const food = (await (await post(t, 'requests.json', request(key, { service_code: 'missed-food' }))).json())[0].service_request_id;
    const cookie = await signIn(t, 'testshire', 'officer');
    expect((await t.app.request(`/api/v1/missed-reports/${food}`, patch({ status: 'resolved', note: 'Done.' }, cookie))).status).toBe(200);
    const ids = async (q: string) =>
      ((await (await t.app.request(`${BASE}/requests.json?jurisdiction_id=testshire&${q}`)).json()) as any[]).map((r) => r.service_request_id).sort();
    expect(await ids('service_code=missed-refuse,missed-food')).toEqual([refuse, food].sort());
    expect(await ids('service_code=missed-garden,missed-food')).toEqual([food]);
    expect(await ids('status=open,closed')).toEqual([refuse, food].sort());
    expect(await ids('status=closed')).toEqual([food]);
    expect(await ids('status=open&service_code=missed-refuse,missed-food')).toEqual([refuse]);
    expect((await t.app.request(`${BASE}/requests.json?jurisdiction_id=testshire&status=open,pending`)).status).toBe(400);
  });
});

describe('servicerequestupdates', () => {
  test("GET lists officers' status changes and notes oldest first, never internal notes (JSON and XML)", async () => {
    const t = app(database, '2026-09-02T10:00:00+01:00');
    const key = await keyFor(t);
    const ref = (await (await post(t, 'requests.json', request(key))).json())[0].service_request_id;
    const cookie = await signIn(t, 'testshire', 'officer');
    t.clock.set('2026-09-02T11:00:00+01:00');
    await t.app.request(`/api/v1/missed-reports/${ref}`, patch({ status: 'scheduled', note: 'A crew returns tomorrow.', internalNote: 'SECRET van' }, cookie));
    t.clock.set('2026-09-03T09:30:00+01:00');
    await t.app.request(`/api/v1/missed-reports/${ref}`, patch({ status: 'resolved', note: 'Emptied <today> & done.' }, cookie));

    const q = `jurisdiction_id=testshire&api_key=${encodeURIComponent(key)}&start_date=2026-09-01T00:00:00Z&end_date=2026-09-04T00:00:00Z`;
    const res = await t.app.request(`${BASE}/servicerequestupdates.json?${q}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual([
      { update_id: expect.any(String), service_request_id: ref, status: 'action_scheduled', updated_datetime: '2026-09-02T11:00:00+01:00', description: 'A crew returns tomorrow.' },
      { update_id: expect.any(String), service_request_id: ref, status: 'fixed', updated_datetime: '2026-09-03T09:30:00+01:00', description: 'Emptied <today> & done.' },
    ]);
    expect(JSON.stringify(body)).not.toContain('SECRET');

    const xmlText = await (await t.app.request(`${BASE}/servicerequestupdates.xml?${q}`)).text();
    expect(xmlText).not.toContain('SECRET');
    const xml = parseXml(xmlText);
    expect(xml.name).toBe('service_request_updates');
    const updates = kids(xml, 'request_update');
    expect(updates.map((u) => [field(u, 'update_id'), field(u, 'status'), field(u, 'description')])).toEqual(
      body.map((u: any) => [u.update_id, u.status, u.description]),
    );

    // The window: only the second change.
    const later = await (await t.app.request(`${BASE}/servicerequestupdates.json?jurisdiction_id=testshire&api_key=${encodeURIComponent(key)}&start_date=2026-09-03T00:00:00%2B01:00&end_date=2026-09-04T00:00:00%2B01:00`)).json();
    expect(later.map((u: any) => u.status)).toEqual(['fixed']);
    // No key, or another council's: 403. Bad dates: 400.
    expect((await t.app.request(`${BASE}/servicerequestupdates.json?jurisdiction_id=testshire`)).status).toBe(403);
    const otherKey = await keyFor(t, 'otherton');
    expect((await t.app.request(`${BASE}/servicerequestupdates.json?jurisdiction_id=testshire&api_key=${encodeURIComponent(otherKey)}`)).status).toBe(403);
    expect((await t.app.request(`${BASE}/servicerequestupdates.json?${q.replace('2026-09-01T00:00:00Z', 'yesterday')}`)).status).toBe(400);
  });

  test("POST adds the resident's comment to the history once; the same update_id answers the same", async () => {
    const t = app(database);
    const key = await keyFor(t);
    const ref = (await (await post(t, 'requests.json', request(key))).json())[0].service_request_id;
    const comment = {
      api_key: key, jurisdiction_id: 'testshire', service_request_id: ref, update_id: '9876', updated_datetime: '2026-09-02T10:00:00+01:00',
      status: 'OPEN', description: 'Still not emptied,\r\nbin is at the gate.', email: 'resident@example.org', first_name: 'Ada', last_name: 'Lovelace',
    };
    const res = await post(t, 'servicerequestupdates.xml', comment);
    expect(res.status).toBe(200);
    const updateId = field(kids(parseXml(await res.text()), 'request_update')[0], 'update_id');
    expect(updateId).toMatch(/^\d+$/);
    const again = await post(t, 'servicerequestupdates.json', comment);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual([{ update_id: updateId }]);
    expect(await count(database, 'report_updates')).toBe(2);
    expect(await count(database, 'open311_update_receipts')).toBe(1);

    // The comment is in the report's public history, without the resident's name or email.
    const publicReport = await (await t.app.request(`/api/v1/missed-reports/${ref}`)).json();
    expect(publicReport.history.at(-1)).toMatchObject({ status: 'open', note: 'Still not emptied,\nbin is at the gate.' });
    expect(JSON.stringify(publicReport)).not.toContain('Lovelace');
    // Staff see who wrote it, in the internal note.
    const [last] = rows(await database.db.execute(sql`select internal_note from report_updates order by id desc limit 1`));
    expect(last.internal_note).toContain('Ada Lovelace <resident@example.org>');
    // And it comes back in GET with the id FixMyStreet stored, so FixMyStreet skips its own comment.
    const list = await (await t.app.request(`${BASE}/servicerequestupdates.json?jurisdiction_id=testshire&api_key=${encodeURIComponent(key)}&start_date=2026-09-01T00:00:00Z&end_date=2026-09-03T00:00:00Z`)).json();
    expect(list).toEqual([expect.objectContaining({ update_id: updateId, service_request_id: ref, status: 'open' })]);
  });

  test('POST refusals: no key 403, unknown request 404, missing fields 400, no CSRF check', async () => {
    const t = app(database);
    const key = await keyFor(t);
    const ref = (await (await post(t, 'requests.json', request(key))).json())[0].service_request_id;
    const base = { api_key: key, jurisdiction_id: 'testshire', service_request_id: ref, update_id: '1', description: 'Hello', status: 'OPEN' };
    expect((await post(t, 'servicerequestupdates.json', { ...base, api_key: 'nope' })).status).toBe(403);
    expect((await post(t, 'servicerequestupdates.json', { ...base, service_request_id: 'KB-26-999999' })).status).toBe(404);
    expect((await post(t, 'servicerequestupdates.json', { ...base, description: '' })).status).toBe(400);
    expect((await post(t, 'servicerequestupdates.json', { ...base, update_id: '' })).status).toBe(400);
    expect((await post(t, 'servicerequestupdates.json', { ...base, description: 'x'.repeat(4001) })).status).toBe(400);
    const otherKey = await keyFor(t, 'otherton');
    expect((await post(t, 'servicerequestupdates.json', { ...base, api_key: otherKey })).status).toBe(403);
    // A cross-site Origin does not matter here: the api_key is the credential.
    const withOrigin = await t.app.request(`${BASE}/servicerequestupdates.json`, formPost(base, { origin: 'https://elsewhere.example' }));
    expect(withOrigin.status).toBe(200);
    expect(await count(database, 'report_updates')).toBe(2);
  });
});
