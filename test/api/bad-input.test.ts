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
  const bad = ['abc', '0', '000000000000', '1234567890123', '-1', '1.5', '1e9', '12%2034', '%20', '%00', '0x1F', '１２３'];
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
  for (const q of ['', 'ab', 'x'.repeat(101), 'ab\u0000c', 'high\u0007street']) {
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
