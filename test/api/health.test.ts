import { afterAll, beforeAll, expect, test } from 'bun:test';
import type { Database } from '../../db/client.ts';
import { buildTestApp } from '../support/app.ts';
import { openTestDatabase } from '../support/db.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

test('GET /health answers ok while the database answers', async () => {
  const { app } = buildTestApp(database);
  const res = await app.request('/health');
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok' });
});

test('GET /health answers 503 when the database is gone', async () => {
  const { openDatabase } = await import('../../db/client.ts');
  const other = await openDatabase({ url: process.env.DATABASE_URL || undefined, max: 1 });
  const { app } = buildTestApp(other);
  await other.close();
  const res = await app.request('/health');
  expect(res.status).toBe(503);
});

test('unknown paths answer the JSON error shape', async () => {
  const { app } = buildTestApp(database);
  const res = await app.request('/api/v1/nothing-here');
  expect(res.status).toBe(404);
  expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'Not found' } });
});
