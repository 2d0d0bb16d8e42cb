import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import type { Database } from '../../db/client.ts';
import { createApiKey, revokeApiKey } from '../../server/services/auth.ts';
import { openTestDatabase } from '../support/db.ts';
import { app, count, HOME, NEIGHBOUR, resetReports, seedCouncils, signIn, WEDNESDAY } from './reports-setup.ts';
import { field, kids, parseXml } from './xml.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedCouncils(database);
});
afterAll(() => database.close());
beforeEach(() => resetReports(database));

const BASE = '/open311/v2';

/** A FixMyStreet-style POST: form-encoded, no Origin header, no cookies. */
function postRequest(t: ReturnType<typeof app>, fields: Record<string, string>, format = 'json', ip?: string) {
  return t.app.request(
    `${BASE}/requests.${format}`,
    { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() },
    ip ? { requestIP: { address: ip } } : undefined,
  );
}

async function keyFor(t: ReturnType<typeof app>, council = 'testshire') {
  return (await createApiKey(t.deps, { councilSlug: council, name: 'fixmystreet' })).key;
}

const fields = (key: string, over: Record<string, string> = {}) => ({
  api_key: key,
  jurisdiction_id: 'testshire',
  service_code: 'missed-refuse',
  'attribute[uprn]': HOME,
  email: 'resident@example.org',
  first_name: 'Ada',
  last_name: 'Lovelace',
  phone: '07700 900123',
  description: 'The black bin was not emptied',
  lat: '52.05',
  long: '-1.02',
  ...over,
});

describe('discovery and services', () => {
  test('discovery lists this endpoint in JSON and XML', async () => {
    const t = app(database);
    const json = await (await t.app.request(`${BASE}/discovery.json`)).json();
    expect(json.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', url: 'http://localhost:3000/open311/v2', formats: ['text/xml', 'application/json'] });
    const res = await t.app.request(`${BASE}/discovery.xml`);
    expect(res.headers.get('content-type')).toContain('text/xml');
    const xml = parseXml(await res.text());
    expect(xml.name).toBe('discovery');
    const endpoint = kids(kids(xml, 'endpoints')[0], 'endpoint')[0];
    expect(field(endpoint, 'url')).toBe('http://localhost:3000/open311/v2');
    expect(kids(kids(endpoint, 'formats')[0], 'format').map((f) => f.text)).toEqual(['text/xml', 'application/json']);
  });

  test("a council's services: one per waste service, realtime, with a uprn attribute", async () => {
    const t = app(database);
    const list = await (await t.app.request(`${BASE}/services.json?jurisdiction_id=testshire`)).json();
    expect(list.map((s: any) => s.service_code)).toEqual(['missed-food', 'missed-garden', 'missed-recycling', 'missed-refuse']);
    expect(list[3]).toMatchObject({ service_name: 'Missed collection: Rubbish', type: 'realtime', metadata: true });
    const xml = parseXml(await (await t.app.request(`${BASE}/services.xml?jurisdiction_id=testshire`)).text());
    expect(xml.name).toBe('services');
    expect(kids(xml, 'service').map((s) => field(s, 'service_code'))).toEqual(['missed-food', 'missed-garden', 'missed-recycling', 'missed-refuse']);
    expect(kids(xml, 'service')[0].children.find((c) => c.name === 'metadata')?.text).toBe('true');

    const def = await (await t.app.request(`${BASE}/services/missed-refuse.json?jurisdiction_id=testshire`)).json();
    expect(def.service_code).toBe('missed-refuse');
    expect(def.attributes).toEqual([expect.objectContaining({ code: 'uprn', required: true, variable: true, datatype: 'string', order: 1 })]);
    const defXml = parseXml(await (await t.app.request(`${BASE}/services/missed-refuse.xml?jurisdiction_id=testshire`)).text());
    expect(defXml.name).toBe('service_definition');
    const attribute = kids(kids(defXml, 'attributes')[0], 'attribute')[0];
    expect([field(attribute, 'code'), field(attribute, 'required')]).toEqual(['uprn', 'true']);

    const other = await (await t.app.request(`${BASE}/services.json?jurisdiction_id=otherton`)).json();
    expect(other.map((s: any) => s.service_code)).toEqual(['missed-refuse']);
  });

  test('unknown jurisdiction or service: 404 in the spec shape (JSON and XML); none given with two councils: 400', async () => {
    const t = app(database);
    const res = await t.app.request(`${BASE}/services.json?jurisdiction_id=nowhere`);
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(body).toEqual([{ code: 404, description: expect.stringContaining('unknown_jurisdiction') }]);
    const xmlRes = await t.app.request(`${BASE}/services.xml?jurisdiction_id=nowhere`);
    const xml = parseXml(await xmlRes.text());
    expect(xml.name).toBe('errors');
    expect(field(kids(xml, 'error')[0], 'code')).toBe('404');
    expect((await t.app.request(`${BASE}/services/missed-compost.json?jurisdiction_id=testshire`)).status).toBe(404);
    expect((await t.app.request(`${BASE}/services.json`)).status).toBe(400);
    expect((await t.app.request(`${BASE}/services.csv?jurisdiction_id=testshire`)).status).toBe(404);
  });
});

describe('POST requests', () => {
  test('an Open311 client posts with a key and reads the request back in JSON and XML, without personal data', async () => {
    const t = app(database);
    const key = await keyFor(t);
    const res = await postRequest(t, fields(key));
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created).toEqual([{ service_request_id: 'KB-26-000001', service_notice: 'Missed collection of 2026-09-01.', account_id: null }]);

    const one = await t.app.request(`${BASE}/requests/KB-26-000001.json?jurisdiction_id=testshire`);
    const text = await one.text();
    const [req] = JSON.parse(text);
    expect(req).toMatchObject({
      service_request_id: 'KB-26-000001',
      status: 'open',
      service_code: 'missed-refuse',
      requested_datetime: '2026-09-02T10:00:00+01:00',
      expected_datetime: '2026-09-04T23:59:59+01:00',
      address: '1 Acorn Way, Testbury',
      address_id: HOME,
      zipcode: 'TE1 1AB',
      agency_responsible: 'Testshire District Council',
    });
    for (const secret of ['resident@example.org', 'Ada', 'Lovelace', '07700', 'not emptied']) expect(text).not.toContain(secret);

    const xmlText = await (await t.app.request(`${BASE}/requests/KB-26-000001.xml?jurisdiction_id=testshire`)).text();
    const xml = parseXml(xmlText);
    expect(xml.name).toBe('service_requests');
    const r = kids(xml, 'request')[0];
    expect([field(r, 'service_request_id'), field(r, 'status'), field(r, 'address_id')]).toEqual(['KB-26-000001', 'open', HOME]);
    expect(field(r, 'requested_datetime')).toBe('2026-09-02T10:00:00+01:00');
    for (const secret of ['resident@example.org', 'Ada', '07700']) expect(xmlText).not.toContain(secret);

    // The XML answer to the POST itself.
    const xmlPost = parseXml(await (await postRequest(t, fields(key, { service_code: 'missed-food' }), 'xml')).text());
    expect(field(kids(xmlPost, 'request')[0], 'service_request_id')).toBe('KB-26-000002');
    expect(await count(database, 'missed_reports')).toBe(2);
  });

  test('address_id is accepted for the UPRN; a missing or malformed one is 400', async () => {
    const t = app(database);
    const key = await keyFor(t);
    const { ['attribute[uprn]']: _, ...noUprn } = fields(key);
    expect((await postRequest(t, { ...noUprn, address_id: NEIGHBOUR })).status).toBe(201);
    expect((await postRequest(t, noUprn)).status).toBe(400);
    const bad = await postRequest(t, fields(key, { 'attribute[uprn]': 'abc' }));
    expect(await bad.json()).toEqual([{ code: 400, description: expect.stringContaining('invalid_uprn') }]);
  });

  test('api_key: missing, wrong, revoked or of another council is 403; nothing stored', async () => {
    const t = app(database);
    const key = await keyFor(t);
    const otherKey = await keyFor(t, 'otherton');
    const revoked = await createApiKey(t.deps, { councilSlug: 'testshire', name: 'old client' });
    await revokeApiKey(t.deps, { councilSlug: 'testshire', prefix: revoked.prefix });
    const { api_key: _, ...noKey } = fields(key);
    for (const f of [noKey, fields('kb_wrong'), fields(otherKey), fields(revoked.key)]) {
      const res = await postRequest(t, f);
      expect(res.status).toBe(403);
      expect((await res.json())[0].code).toBe(403);
    }
    // Without a jurisdiction_id the key decides the council, which has no such property.
    expect((await postRequest(t, fields(otherKey, { jurisdiction_id: '' }))).status).toBe(404);
    expect(await count(database, 'missed_reports')).toBe(0);
  });

  test('rule refusals are 400 with the rule code in the description', async () => {
    const t = app(database, '2026-09-01T10:00:00+01:00');
    const key = await keyFor(t);
    const early = await postRequest(t, fields(key));
    expect(early.status).toBe(400);
    expect((await early.json())[0].description).toStartWith('not_due:');
    t.clock.set(WEDNESDAY);
    expect((await postRequest(t, fields(key))).status).toBe(201);
    // Another client's POST for the same collection is a duplicate (the same key's retry is not:
    // open311-fixmystreet.test.ts).
    const dup = await postRequest(t, fields(await keyFor(t)));
    expect(dup.status).toBe(400);
    const [err] = await dup.json();
    expect(err.description).toStartWith('duplicate:');
    expect(err.description).toContain('KB-26-000001');
    t.clock.set('2026-09-10T10:00:00+01:00');
    const late = await postRequest(t, fields(key, { service_code: 'missed-recycling', 'attribute[uprn]': NEIGHBOUR }));
    expect((await late.json())[0].description).toStartWith('window_closed:');
    // (Another key: this key's own late retry of KB-26-000001 would get its answer back.)
    const xmlErr = parseXml(await (await postRequest(t, fields(await keyFor(t)), 'xml')).text());
    expect(field(kids(xmlErr, 'error')[0], 'description')).toStartWith('window_closed:');
  });

  test('bad service code, bad email, oversized description: 400; rate limited per IP with Retry-After', async () => {
    const t = app(database, WEDNESDAY, { rateLimitPerMinute: 3 });
    const key = await keyFor(t);
    expect((await postRequest(t, fields(key, { service_code: 'refuse' }), 'json', '192.0.2.1')).status).toBe(400);
    expect((await postRequest(t, fields(key, { email: 'nope' }), 'json', '192.0.2.1')).status).toBe(400);
    expect((await postRequest(t, fields(key, { description: 'x'.repeat(4001) }), 'json', '192.0.2.1')).status).toBe(400);
    const limited = await postRequest(t, fields(key), 'json', '192.0.2.1');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await limited.json())[0].code).toBe(429);
    expect(await count(database, 'missed_reports')).toBe(0);
  });
});

describe('GET requests', () => {
  test('filters by id list, service code, status and dates; statuses map to open/closed; notes are escaped in XML', async () => {
    const t = app(database);
    const key = await keyFor(t);
    await postRequest(t, fields(key));
    t.clock.set('2026-09-02T11:00:00+01:00');
    await postRequest(t, fields(key, { service_code: 'missed-food' }));
    await postRequest(t, fields(key, { 'attribute[uprn]': NEIGHBOUR }));

    const officer = await signIn(t, 'testshire', 'officer');
    const note = 'Crew <b>returned</b> & emptied it — "done"';
    const patch = await t.app.request('/api/v1/missed-reports/KB-26-000002', {
      method: 'PATCH', headers: { 'content-type': 'application/json', cookie: officer }, body: JSON.stringify({ status: 'resolved', note }),
    });
    expect(patch.status).toBe(200);

    const get = async (q: string) => (await (await t.app.request(`${BASE}/requests.json?jurisdiction_id=testshire&${q}`)).json()).map((r: any) => r.service_request_id);
    expect(await get('')).toEqual(['KB-26-000003', 'KB-26-000002', 'KB-26-000001']);
    expect(await get('service_request_id=KB-26-000001,KB-26-000003')).toEqual(['KB-26-000003', 'KB-26-000001']);
    expect(await get('service_code=missed-food')).toEqual(['KB-26-000002']);
    expect(await get('status=closed')).toEqual(['KB-26-000002']);
    expect(await get('status=open')).toEqual(['KB-26-000003', 'KB-26-000001']);
    expect(await get('start_date=2026-09-02T10:30:00%2B01:00')).toEqual(['KB-26-000003', 'KB-26-000002']);
    expect(await get('end_date=2026-09-02T10:30:00%2B01:00')).toEqual(['KB-26-000001']);
    expect((await t.app.request(`${BASE}/requests.json?jurisdiction_id=testshire&start_date=soon`)).status).toBe(400);
    // Another council sees none of them.
    expect(await (await t.app.request(`${BASE}/requests.json?jurisdiction_id=otherton`)).json()).toEqual([]);
    expect((await t.app.request(`${BASE}/requests/KB-26-000001.json?jurisdiction_id=otherton`)).status).toBe(404);

    const xmlText = await (await t.app.request(`${BASE}/requests.xml?jurisdiction_id=testshire&status=closed`)).text();
    expect(xmlText).toContain('Crew &lt;b&gt;returned&lt;/b&gt; &amp; emptied it');
    const xml = parseXml(xmlText);
    const r = kids(xml, 'request')[0];
    expect([field(r, 'status'), field(r, 'status_notes')]).toEqual(['closed', note]);
  });
});
