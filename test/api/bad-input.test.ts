/**
 * Issue 2 item 8: malformed UPRN, postcode or date, a range over 400 days, an unknown council:
 * each a 4xx with a stable code in the one JSON error shape, never a 5xx or a stack trace.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Database } from '../../db/client.ts';
import { fixedClock } from '../../server/clock.ts';
import { importBundle } from '../../server/services/import.ts';
import { buildTestApp } from '../support/app.ts';
import { openTestDatabase } from '../support/db.ts';
import smallBundle from '../fixtures/small-bundle.json' with { type: 'json' };

const HOME = '100090000001';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  await importBundle({ db: database.db, clock: fixedClock('2026-08-27T10:00:00+01:00') }, smallBundle);
});
afterAll(() => database.close());

async function expectError(path: string, status: number, code: string) {
  const { app } = buildTestApp(database, '2026-08-27T10:00:00+01:00');
  const res = await app.request(path);
  expect({ path, status: res.status }).toEqual({ path, status });
  expect(res.headers.get('Content-Type')).toContain('application/json');
  expect(res.headers.get('ETag')).toBeNull();
  const body = await res.json();
  expect({ path, code: body.error?.code }).toEqual({ path, code });
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(JSON.stringify(body)).not.toMatch(/\bat \S+\.ts|node_modules|Error:/);
}

test('malformed UPRNs are 400 invalid_uprn on every property route', async () => {
  const bad = ['abc', '0', '000000000000', '1234567890123', '-1', '1.5', '1e9', '12%2034', '%20', '0x1F', '１２３'];
  for (const uprn of bad) {
    for (const suffix of ['', '/collections', '/bins']) await expectError(`/api/v1/properties/${uprn}${suffix}`, 400, 'invalid_uprn');
  }
});

test('a well-formed UPRN nobody has is 404 not_found', async () => {
  for (const suffix of ['', '/collections', '/bins']) await expectError(`/api/v1/properties/999999999999${suffix}`, 404, 'not_found');
});

test('malformed postcodes are 400 invalid_postcode', async () => {
  const bad = ['SW1A 1AC', 'QA1 1AA', '12345', 'NOTAPOSTCODE', 'DE1', 'DE1 1A', '%00', 'DE1%001AA', 'x'.repeat(30), "DE1' OR 1=1 --"];
  for (const p of bad) await expectError(`/api/v1/addresses?postcode=${encodeURIComponent(p)}`, 400, 'invalid_postcode');
});

test('a missing, short, over-long or control-character query is 400 invalid_query', async () => {
  for (const q of ['', 'ab', 'x'.repeat(101), 'high\u0007street']) {
    await expectError(`/api/v1/addresses?q=${encodeURIComponent(q)}`, 400, 'invalid_query');
  }
  await expectError('/api/v1/addresses', 400, 'invalid_query');
  await expectError('/api/v1/addresses?postal=DE1%201AA', 400, 'invalid_query');
});

test('malformed dates are 400 invalid_date, impossible dates included', async () => {
  const bad = ['2026-02-30', '2026-13-01', '2026-00-10', '2026-9-1', '01/09/2026', 'tomorrow', '2026-09-01T00:00', '%00', '20260901'];
  for (const d of bad) {
    await expectError(`/api/v1/properties/${HOME}/collections?from=${encodeURIComponent(d)}`, 400, 'invalid_date');
    await expectError(`/api/v1/properties/${HOME}/collections?to=${encodeURIComponent(d)}`, 400, 'invalid_date');
  }
  // A bad date is a 400 even when the property does not exist.
  await expectError('/api/v1/properties/999999999999/collections?from=2026-02-30', 400, 'invalid_date');
});

test('a range over 400 days is 400 range_too_long; to before from is 400 invalid_range', async () => {
  await expectError(`/api/v1/properties/${HOME}/collections?from=2026-01-01&to=2027-02-06`, 400, 'range_too_long');
  await expectError(`/api/v1/properties/${HOME}/collections?from=2020-01-01&to=2030-01-01`, 400, 'range_too_long');
  await expectError(`/api/v1/properties/${HOME}/collections?from=2026-09-10&to=2026-09-09`, 400, 'invalid_range');
  // `to` alone before today (the default `from`).
  await expectError(`/api/v1/properties/${HOME}/collections?to=2026-08-01`, 400, 'invalid_range');
});

test('an unknown council is 404 not_found, whatever its spelling', async () => {
  for (const slug of ['nope', 'NOPE', 'no pe', '%00', '../testshire', 'x'.repeat(200)]) {
    await expectError(`/api/v1/addresses?postcode=TE1%201AB&council=${encodeURIComponent(slug)}`, 404, 'not_found');
  }
});

// Issue 10 item 4: hostile bytes anywhere are 400 invalid_input in the surface's own shape, never a 500.
const HOSTILE_PATHS = [
  '/api/v1/properties/%00', '/api/v1/properties/%C3%28', '/api/v1/properties/%', '/api/v1/properties/%zz',
  `/api/v1/properties/${'1'.repeat(1001)}`, '/api/v1/addresses?q=ab%00c', '/api/v1/addresses?q=%ED%A0%80abc',
  `/api/v1/addresses?q=${'x'.repeat(2001)}`, '/api/v1/missed-reports/KB%00', '/api/v1/crew/rounds?date=%00',
];

test('NUL, broken encodings and over-long values in the API path and query are 400 invalid_input', async () => {
  for (const path of HOSTILE_PATHS) await expectError(path, 400, 'invalid_input');
});

test('the two named 500s: a NUL in a calendar path and an Open311 jurisdiction are 400 in their own shapes', async () => {
  const { app } = buildTestApp(database, '2026-08-27T10:00:00+01:00');
  const cal = await app.request('/calendars/councils/%00/changes.ics');
  expect(cal.status).toBe(400);
  expect(cal.headers.get('Content-Type')).toContain('text/plain');
  for (const path of ['/open311/v2/services/x.json?jurisdiction_id=%00', '/open311/v2/services.json?jurisdiction_id=%00', '/open311/v2/requests.json?jurisdiction_id=%C3']) {
    const res = await app.request(path);
    expect({ path, status: res.status }).toEqual({ path, status: 400 });
    const body = await res.json();
    expect(body[0].code).toBe(400);
    expect(body[0].description).toStartWith('invalid_input');
  }
  const xml = await app.request('/open311/v2/services.xml?jurisdiction_id=%00');
  expect(xml.status).toBe(400);
  expect(await xml.text()).toContain('<code>400</code>');
  for (const path of ['/reports/KB%00', '/?x=%00', `/calendars/properties/${HOME}.ics?services=%00`, '/addresses?postcode=%FF']) {
    const res = await app.request(path);
    expect({ path, status: res.status }).toEqual({ path, status: 400 });
  }
}, 30_000);

test('a NUL or lone surrogate in a JSON string or a form field is 400 invalid_input; a huge header too', async () => {
  const { app } = buildTestApp(database, '2026-08-27T10:00:00+01:00');
  const bodies: Array<[string, string]> = [
    ['application/json', JSON.stringify({ uprn: HOME, service: 'refuse', name: 'A\u0000', email: 'a@example.org' }).replace('\\u0000', '\\u0000')],
    ['application/json', '{"uprn":"1","service":"refuse","name":"\\u0000","email":"a@example.org"}'],
    ['application/json', '{"uprn":"1","service":"refuse","name":"\\ud800","email":"a@example.org"}'],
    ['application/x-www-form-urlencoded', 'uprn=1&service=refuse&name=%00&email=a%40example.org'],
    ['application/x-www-form-urlencoded', 'uprn=1&service=refuse&name=%C3&email=a%40example.org'],
  ];
  for (const [type, body] of bodies.slice(1)) {
    const res = await app.request('/api/v1/missed-reports', { method: 'POST', headers: { 'content-type': type, origin: 'http://localhost' }, body });
    expect({ body, status: res.status }).toEqual({ body, status: 400 });
    expect((await res.json()).error.code).toBe('invalid_input');
  }
  const bytes = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]);
  const raw = await app.request('/api/v1/missed-reports', { method: 'POST', headers: { 'content-type': 'application/json' }, body: bytes });
  expect(raw.status).toBe(400);
  const big = await app.request('/api/v1/addresses?postcode=DE1%201AA', { headers: { 'x-padding': 'x'.repeat(9000) } });
  expect(big.status).toBe(400);
  expect((await big.json()).error.code).toBe('invalid_input');
});
