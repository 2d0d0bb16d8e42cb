/**
 * The resident requests as Open311 services: `container-request` listed for a council that offers
 * containers (and not for one that does not), its definition, a FixMyStreet-style POST in XML read
 * back with the strict reader, the payment link in the notice, a retried POST, refusals as 400.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import type { Database } from '../../db/client.ts';
import { createApiKey } from '../../server/services/auth.ts';
import { openTestDatabase } from '../support/db.ts';
import { app, HOME, NEIGHBOUR } from './reports-setup.ts';
import { COMMERCIAL, resetContainerRequests, seedContainerCouncils } from './containers-setup.ts';
import { field, kids, parseXml } from './xml.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedContainerCouncils(database);
});
afterAll(() => database.close());
beforeEach(() => resetContainerRequests(database));

const BASE = '/open311/v2';

function postRequest(t: ReturnType<typeof app>, fields: Record<string, string>, format = 'xml') {
  return t.app.request(`${BASE}/requests.${format}`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(),
  });
}

const keyFor = async (t: ReturnType<typeof app>, council = 'testshire') => (await createApiKey(t.deps, { councilSlug: council, name: 'fixmystreet' })).key;

const fields = (key: string, over: Record<string, string> = {}) => ({
  api_key: key, jurisdiction_id: 'testshire', service_code: 'container-request', 'attribute[uprn]': HOME,
  'attribute[container]': 'refuse-240', 'attribute[reason]': 'damaged', email: 'resident@example.org', first_name: 'Ada', last_name: 'Lovelace',
  description: 'Lid broken', ...over,
});

describe('listing', () => {
  test('container-request is listed for Testshire after its missed-bin services, not for Otherton; its definition lists the containers', async () => {
    const t = app(database);
    const list = await (await t.app.request(`${BASE}/services.json?jurisdiction_id=testshire`)).json();
    expect(list.map((s: any) => s.service_code)).toEqual([
      'missed-bulky', 'missed-food', 'missed-garden', 'missed-recycling', 'missed-refuse', 'bulky-collection', 'container-request', 'garden-subscription',
    ]);
    expect(list.find((s: any) => s.service_code === 'container-request')).toMatchObject({ service_name: 'New or replacement bin', type: 'realtime', metadata: true, keywords: 'waste_only,private', group: 'Requests' });
    const other = await (await t.app.request(`${BASE}/services.json?jurisdiction_id=otherton`)).json();
    expect(other.map((s: any) => s.service_code)).toEqual(['missed-refuse']);
    expect((await t.app.request(`${BASE}/services/container-request.json?jurisdiction_id=otherton`)).status).toBe(404);

    const def = await (await t.app.request(`${BASE}/services/container-request.json?jurisdiction_id=testshire`)).json();
    expect(def.attributes.map((a: any) => [a.code, a.datatype, a.required])).toEqual([
      ['uprn', 'string', true], ['container', 'singlevaluelist', true], ['reason', 'singlevaluelist', true], ['quantity', 'number', false],
    ]);
    expect(def.attributes[0].automated).toBe('hidden_field');
    expect(def.attributes[1].values).toEqual([
      { key: 'refuse-240', name: '240L black wheelie bin (£25.00)' }, { key: 'recycling-240', name: '240L blue wheelie bin (Free)' },
      { key: 'food-caddy', name: '23L food caddy (£5.00)' }, { key: 'garden-240', name: '240L green wheelie bin (Free)' },
    ]);
    const xml = parseXml(await (await t.app.request(`${BASE}/services/container-request.xml?jurisdiction_id=testshire`)).text());
    const attrs = kids(kids(xml, 'attributes')[0], 'attribute');
    expect(attrs.map((a) => field(a, 'code'))).toEqual(['uprn', 'container', 'reason', 'quantity']);
    expect(kids(kids(attrs[2], 'values')[0], 'value').map((v) => field(v, 'key'))).toEqual(['new_property', 'damaged', 'stolen', 'missing', 'extra']);
  });
});

describe('POST requests for container-request', () => {
  test('a paid container: 201 in XML, pending with the payment link in the notice; GET requests/{id} reads it back', async () => {
    const t = app(database);
    const key = await keyFor(t);
    const res = await postRequest(t, fields(key));
    expect(res.status).toBe(201);
    const xml = parseXml(await res.text());
    expect(xml.name).toBe('service_requests');
    const request = kids(xml, 'request')[0];
    expect(field(request, 'service_request_id')).toBe('BR-26-000001');
    const url = field(request, 'payment_url')!;
    expect(url).toStartWith('http://localhost:3000/pay/');
    expect(field(request, 'service_notice')).toBe(`Request BR-26-000001: pay £25.00 within 30 minutes to confirm it, at ${url}`);

    const view = await (await t.app.request('/api/v1/container-requests/BR-26-000001')).json().catch(() => null);
    if (view?.reference) expect(view).toMatchObject({ reference: 'BR-26-000001', status: 'pending_payment', amountPence: 2500 });

    const read = parseXml(await (await t.app.request(`${BASE}/requests/BR-26-000001.xml?jurisdiction_id=testshire`)).text());
    const got = kids(read, 'request')[0];
    expect([field(got, 'service_request_id'), field(got, 'status'), field(got, 'service_code'), field(got, 'address_id')])
      .toEqual(['BR-26-000001', 'open', 'container-request', HOME]);
    expect((await t.app.request(`${BASE}/requests/BR-26-000001.json?jurisdiction_id=otherton`)).status).toBe(404);
  });

  test('a free container in JSON: confirmed at once, no payment link; quantity as an attribute', async () => {
    const t = app(database);
    const key = await keyFor(t);
    const res = await postRequest(t, fields(key, { 'attribute[container]': 'recycling-240', 'attribute[reason]': 'extra', 'attribute[quantity]': '1' }), 'json');
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual([{ service_request_id: 'BR-26-000001', service_notice: 'Request BR-26-000001 is confirmed.', account_id: null, payment_url: null }]);
  });

  test('a retried POST answers 200 with the same request; someone else asking is refused with request_open', async () => {
    const t = app(database);
    const key = await keyFor(t);
    const first = await (await postRequest(t, fields(key), 'json')).json();
    const again = await postRequest(t, fields(key), 'json');
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(first);
    const other = await postRequest(t, fields(key, { email: 'someone@example.org' }), 'json');
    expect(other.status).toBe(400);
    expect((await other.json())[0].description).toStartWith('request_open:');
  });

  test('refusals: 400 with the code first, 403 for a bad or foreign key, 404 for another council’s property', async () => {
    const t = app(database);
    const key = await keyFor(t);
    const cases: Array<[Record<string, string>, number, string]> = [
      [{ 'attribute[reason]': 'extra' }, 400, 'invalid_reason'],
      [{ 'attribute[container]': 'skip' }, 400, 'unknown_container'],
      [{ 'attribute[container]': '' }, 400, 'missing_attribute'],
      [{ 'attribute[quantity]': 'two' }, 400, 'invalid_quantity'],
      [{ 'attribute[quantity]': '2' }, 400, 'too_many_bins'],
      [{ email: '' }, 400, 'missing_email'],
      [{ 'attribute[uprn]': COMMERCIAL }, 400, 'not_domestic'],
      [{ 'attribute[uprn]': NEIGHBOUR, 'attribute[container]': 'garden-240' }, 400, 'not_collected'],
      [{ 'attribute[uprn]': '200000000001' }, 404, 'not_found'],
      [{ api_key: 'nope' }, 403, 'invalid_api_key'],
      [{ service_code: 'tree-felling' }, 400, 'unknown_service'],
    ];
    for (const [over, status, code] of cases) {
      const res = await postRequest(t, fields(key, over), 'json');
      const description = (await res.json())[0]?.description ?? '';
      expect(`${JSON.stringify(over)} → ${res.status} ${description.split(':')[0]}`).toBe(`${JSON.stringify(over)} → ${status} ${code}`);
    }
    const foreign = await postRequest(t, fields(await keyFor(t, 'otherton')), 'xml');
    expect(foreign.status).toBe(403);
    expect(field(kids(parseXml(await foreign.text()), 'error')[0], 'description')).toStartWith('invalid_api_key:');
  });
});

describe('POST requests for garden-subscription and bulky-collection', () => {
  test('a garden subscription: bins (and concession) as attributes, pending with its payment link; a bad one is 400', async () => {
    const t = app(database);
    const key = await keyFor(t);
    const def = await (await t.app.request(`${BASE}/services/garden-subscription.json?jurisdiction_id=testshire`)).json();
    expect(def.attributes.map((a: any) => a.code)).toEqual(['uprn', 'bins', 'concession']);
    const res = await postRequest(t, fields(key, {
      service_code: 'garden-subscription', 'attribute[uprn]': NEIGHBOUR, 'attribute[bins]': '2', 'attribute[concession]': 'yes',
    }), 'json');
    expect(res.status).toBe(201);
    const [made] = await res.json();
    expect(made.service_request_id).toMatch(/^GW-26-\d{6}$/);
    expect(made.service_notice).toContain('pay £60.00');
    expect(made.payment_url).toStartWith('http://localhost:3000/pay/');
    const bad = await postRequest(t, fields(key, { service_code: 'garden-subscription', 'attribute[uprn]': NEIGHBOUR, 'attribute[bins]': 'lots' }), 'json');
    expect(bad.status).toBe(400);
    expect((await bad.json())[0].description).toStartWith('invalid_bins:');
    const tooMany = await postRequest(t, fields(key, { service_code: 'garden-subscription', 'attribute[uprn]': '100090000003', 'attribute[bins]': '3' }), 'json');
    expect((await tooMany.json())[0].description).toStartWith('too_many_bins:');
  });

  test('a bulky collection: date from the slots, items as "id:qty", location from the description', async () => {
    const t = app(database);
    const key = await keyFor(t);
    const slots = await (await t.app.request(`/api/v1/bulky/slots?uprn=${HOME}`)).json();
    expect(slots.length).toBeGreaterThan(0);
    const res = await postRequest(t, fields(key, {
      service_code: 'bulky-collection', 'attribute[date]': slots[0].date, 'attribute[items]': 'sofa:1,fridge:2', description: 'By the front gate',
    }));
    expect(res.status).toBe(201);
    const request = kids(parseXml(await res.text()), 'request')[0];
    expect(field(request, 'service_request_id')).toMatch(/^BW-26-\d{6}$/);
    expect(field(request, 'service_notice')).toContain('pay £40.00');
    const unknown = await postRequest(t, fields(key, { service_code: 'bulky-collection', 'attribute[date]': slots[0].date, 'attribute[items]': 'piano' }), 'json');
    expect(unknown.status).toBe(400);
    expect((await unknown.json())[0].description).toStartWith('unknown_item:');
    const noDate = await postRequest(t, fields(key, { service_code: 'bulky-collection', 'attribute[items]': 'sofa' }), 'json');
    expect((await noDate.json())[0].description).toStartWith('invalid_date:');
  });
});

describe('GET requests and servicerequestupdates list requests too', () => {
  test("the council's request references are listed (filters apply, other councils see none) and their status changes are updates", async () => {
    const t = app(database);
    const key = await keyFor(t);
    expect((await postRequest(t, fields(key, { 'attribute[container]': 'recycling-240', 'attribute[reason]': 'extra' }), 'json')).status).toBe(201); // free: active
    expect((await postRequest(t, fields(key), 'json')).status).toBe(201); // £25: pending
    const ids = async (query: string) =>
      ((await (await t.app.request(`${BASE}/requests.json?${query}`)).json()) as any[]).map((r) => r.service_request_id).filter((id: string) => /^(GW|BW|BR)-/.test(id)).sort();
    expect(await ids('jurisdiction_id=testshire')).toEqual(['BR-26-000001', 'BR-26-000002']);
    expect(await ids('jurisdiction_id=otherton')).toEqual([]);
    expect(await ids('jurisdiction_id=testshire&service_request_id=BR-26-000002,KB-26-000001')).toEqual(['BR-26-000002']);
    expect(await ids('jurisdiction_id=testshire&service_code=container-request&status=open')).toEqual(['BR-26-000001', 'BR-26-000002']);
    expect(await ids('jurisdiction_id=testshire&service_code=missed-refuse')).toEqual([]);
    expect(await ids('jurisdiction_id=testshire&status=closed')).toEqual([]);
    const [one] = (await (await t.app.request(`${BASE}/requests.json?jurisdiction_id=testshire&service_request_id=BR-26-000002`)).json()) as any[];
    expect(one).toMatchObject({ service_code: 'container-request', status: 'open', address_id: HOME });
    expect(JSON.stringify(one)).not.toContain('resident@example.org');
    const xml = parseXml(await (await t.app.request(`${BASE}/requests.xml?jurisdiction_id=testshire&service_code=container-request`)).text());
    expect(kids(xml, 'request').map((r) => field(r, 'service_request_id')).sort()).toEqual(['BR-26-000001', 'BR-26-000002']);

    expect((await t.app.request('/api/v1/container-requests/BR-26-000002/cancel', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'resident@example.org' }),
    })).status).toBe(200);
    expect(await ids('jurisdiction_id=testshire&status=closed')).toEqual(['BR-26-000002']);
    const updates = (await (await t.app.request(`${BASE}/servicerequestupdates.json?jurisdiction_id=testshire&api_key=${key}`)).json()) as any;
    const list = (updates.service_request_updates ?? updates) as any[];
    expect(list.map((u) => [u.service_request_id, u.status])).toEqual([['BR-26-000001', 'open'], ['BR-26-000002', 'closed']]);
    expect(list.every((u) => /^R\d+$/.test(u.update_id))).toBe(true);
    const otherKey = await keyFor(t, 'otherton');
    const theirs = (await (await t.app.request(`${BASE}/servicerequestupdates.json?jurisdiction_id=otherton&api_key=${otherKey}`)).json()) as any;
    expect((theirs.service_request_updates ?? theirs)).toEqual([]);
  });
});
