import { afterAll, beforeAll, beforeEach, expect, test } from 'bun:test';
import { Hono } from 'hono';
import type { Database } from '../../db/client.ts';
import { councils } from '../../db/schema/index.ts';
import type { AppEnv } from '../../server/context.ts';
import { requireRole } from '../../server/middleware/auth.ts';
import { handleError } from '../../server/middleware/errors.ts';
import { addUser, createApiKey, verifyApiKey } from '../../server/services/auth.ts';
import { buildTestApp } from '../support/app.ts';
import { openTestDatabase, resetDatabase } from '../support/db.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());
beforeEach(async () => {
  await resetDatabase(database);
  await database.db.insert(councils).values([{ slug: 'demo', name: 'Demo' }, { slug: 'other', name: 'Other' }]);
});

const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

test('sign in sets an HttpOnly session cookie; a wrong password is 401 invalid_credentials', async () => {
  const { app, deps } = buildTestApp(database);
  await addUser(deps, { councilSlug: 'demo', email: 'Crew@Example.org', password: 'correct horse battery', role: 'crew' });
  const bad = await app.request('/api/v1/auth/login', json({ email: 'crew@example.org', password: 'nope' }));
  expect(bad.status).toBe(401);
  expect((await bad.json()).error.code).toBe('invalid_credentials');
  const ok = await app.request('/api/v1/auth/login', json({ email: 'crew@example.org', password: 'correct horse battery' }));
  expect(ok.status).toBe(204);
  const cookie = ok.headers.get('set-cookie')!;
  expect(cookie).toContain('HttpOnly');
  expect(cookie).toContain('SameSite=Lax');
  const me = await app.request('/api/v1/auth/me', { headers: { cookie: cookie.split(';')[0] } });
  expect(await me.json()).toEqual({ email: 'crew@example.org', name: null, role: 'crew', languages: ['en'] });
  const out = await app.request('/api/v1/auth/logout', { method: 'POST', headers: { cookie: cookie.split(';')[0], 'content-type': 'application/json' }, body: '{}' });
  expect(out.status).toBe(204);
  const after = await app.request('/api/v1/auth/me', { headers: { cookie: cookie.split(';')[0] } });
  expect(after.status).toBe(401);
});

test('passwords are stored as argon2id hashes, never in clear', async () => {
  const { deps } = buildTestApp(database);
  await addUser(deps, { councilSlug: 'demo', email: 'o@example.org', password: 'a long password', role: 'officer' });
  const rows = (await database.db.query.users.findMany()) as Array<{ passwordHash: string }>;
  expect(rows[0].passwordHash.startsWith('$argon2id$')).toBe(true);
});

test('repeated failed sign-ins are throttled with 429', async () => {
  const { app, deps } = buildTestApp(database);
  await addUser(deps, { councilSlug: 'demo', email: 'x@example.org', password: 'a long password', role: 'officer' });
  let last = 0;
  for (let i = 0; i < 11; i++) last = (await app.request('/api/v1/auth/login', json({ email: 'x@example.org', password: 'wrong' }))).status;
  expect(last).toBe(429);
});

test('requireRole: 401 without a session, 403 for the wrong role, through for the right one', async () => {
  const { app: real, deps } = buildTestApp(database);
  await addUser(deps, { councilSlug: 'demo', email: 'c@example.org', password: 'a long password', role: 'crew' });
  const app = new Hono<AppEnv>();
  app.use((c, next) => (c.set('deps', deps), next()));
  app.get('/officer-only', requireRole('officer'), (c) => c.text('ok'));
  app.get('/crew-only', requireRole('crew'), (c) => c.text('ok'));
  app.onError(handleError);
  const login = await real.request('/api/v1/auth/login', json({ email: 'c@example.org', password: 'a long password' }));
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  expect((await app.request('/officer-only')).status).toBe(401);
  expect((await app.request('/officer-only', { headers: { cookie } })).status).toBe(403);
  expect((await app.request('/crew-only', { headers: { cookie } })).status).toBe(200);
});

test('API keys are shown once, stored hashed and tied to their council', async () => {
  const { deps } = buildTestApp(database);
  const created = await createApiKey(deps, { councilSlug: 'demo', name: 'fixmystreet' });
  expect(created.key.startsWith(created.prefix)).toBe(true);
  const rows = (await database.db.query.apiKeys.findMany()) as Array<{ keyHash: string }>;
  expect(rows[0].keyHash).not.toContain(created.key);
  const found = await verifyApiKey(deps, created.key);
  expect(found?.name).toBe('fixmystreet');
  expect(await verifyApiKey(deps, created.key + 'x')).toBeUndefined();
});

test('a cross-site form post is refused by the CSRF check', async () => {
  const { app } = buildTestApp(database);
  const res = await app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
    body: 'email=a%40b.c&password=x',
  });
  expect(res.status).toBe(403);
});
