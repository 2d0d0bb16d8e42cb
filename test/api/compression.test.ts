import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Database } from '../../db/client.ts';
import { fixedClock } from '../../server/clock.ts';
import { ensureBankHolidays } from '../../server/services/bank-holidays.ts';
import { importBundle } from '../../server/services/import.ts';
import { buildTestApp } from '../support/app.ts';
import { openTestDatabase } from '../support/db.ts';
import smallBundle from '../fixtures/small-bundle.json' with { type: 'json' };

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  const ctx = { db: database.db, clock: fixedClock('2026-08-27T10:00:00+01:00') };
  await ensureBankHolidays(ctx);
  await importBundle(ctx, smallBundle);
});
afterAll(() => database.close());

const gunzip = async (res: Response) => new TextDecoder().decode(Bun.gunzipSync(new Uint8Array(await res.arrayBuffer())));

test('the stylesheet is gzipped for browsers that ask, and identical once unpacked', async () => {
  const { app } = buildTestApp(database);
  const plain = await app.request('/static/govuk-frontend.css');
  const text = await plain.text();
  expect(plain.headers.get('content-encoding')).toBeNull();
  const zipped = await app.request('/static/govuk-frontend.css', { headers: { 'accept-encoding': 'gzip' } });
  expect(zipped.headers.get('content-encoding')).toBe('gzip');
  const body = new Uint8Array(await zipped.clone().arrayBuffer());
  expect(body.length).toBeLessThan(text.length / 4);
  expect(await gunzip(zipped)).toBe(text);
});

test('a calendar feed that gzips itself is not gzipped twice', async () => {
  const { app } = buildTestApp(database);
  const res = await app.request('/calendars/properties/100090000001.ics', { headers: { 'accept-encoding': 'gzip' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-encoding')).toBe('gzip');
  expect((await gunzip(res)).startsWith('BEGIN:VCALENDAR')).toBe(true);
});
