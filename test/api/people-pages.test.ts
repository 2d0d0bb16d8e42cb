/**
 * /officer/people: admins only (officers 403, no session → sign-in), add a person with errors kept,
 * change a role, disable and enable, create a key shown once with a warning, revoke after a
 * confirmation; another council's ids are 404 pages; output escaped.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { openTestDatabase } from '../support/db.ts';
import { app, count, formPost, jsonPost, resetReports, rows, seedCouncils, signIn } from './reports-setup.ts';

let database: Database;
let t: ReturnType<typeof app>;
let admin: string;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedCouncils(database);
});
afterAll(() => database.close());
beforeEach(async () => {
  await resetReports(database);
  t = app(database);
  admin = await signIn(t, 'testshire', 'admin');
});

const get = (path: string, cookie = admin) => t.app.request(path, { headers: { cookie } });
const post = (path: string, fields: Record<string, string>, cookie = admin) => t.app.request(path, formPost(fields, { cookie }));
const userId = async (email: string) => String(rows(await database.db.execute(sql`select id from users where email = ${email}`))[0].id);
const NEW = { email: 'nia@testshire.example', name: 'Nia <b>Officer</b>', role: 'officer', password: 'a good long password' };

test('no session → sign-in; officers and crews 403; admin sees people and keys', async () => {
  const anon = await t.app.request('/officer/people');
  expect(anon.status).toBe(303);
  expect(anon.headers.get('location')).toBe('/login?next=%2Fofficer%2Fpeople');
  expect((await post('/officer/people/users', NEW, '')).status).toBe(401);
  for (const role of ['officer', 'crew'] as const) {
    const cookie = await signIn(t, 'testshire', role);
    expect((await get('/officer/people', cookie)).status).toBe(403);
    expect((await post('/officer/people/users', NEW, cookie)).status).toBe(403);
    expect((await post('/officer/people/api-keys', { name: 'x' }, cookie)).status).toBe(403);
  }
  expect(await count(database, 'api_keys')).toBe(0);
  const page = await get('/officer/people');
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('People and keys');
  expect(html).toContain('admin@testshire.example');
  expect(html).toContain('This is you');
  expect(html).toContain('aria-current="page"');
});

test('add a person: errors keep the values (never the password); success redirects with a confirmation; escaped', async () => {
  const bad = await post('/officer/people/users', { ...NEW, password: 'short' });
  expect(bad.status).toBe(422);
  const badHtml = await bad.text();
  expect(badHtml).toContain('govuk-error-summary');
  expect(badHtml).toContain('href="#password"');
  expect(badHtml).toContain('value="nia@testshire.example"');
  expect(badHtml).not.toContain('value="short"');
  expect(await count(database, `users where email = 'nia@testshire.example'`)).toBe(0);

  const taken = await post('/officer/people/users', { ...NEW, email: 'admin@testshire.example' });
  expect(taken.status).toBe(409);
  expect(await taken.text()).toContain('href="#email"');

  const ok = await post('/officer/people/users', NEW);
  expect(ok.status).toBe(303);
  expect(ok.headers.get('location')).toBe('/officer/people?done=added');
  const html = await (await get('/officer/people?done=added')).text();
  expect(html).toContain('The person has been added');
  expect(html).toContain('Nia &lt;b&gt;Officer&lt;/b&gt;');
  expect(html).not.toContain('<b>Officer</b>');
  expect((await t.app.request('/api/v1/auth/login', jsonPost({ email: NEW.email, password: NEW.password }))).status).toBe(204);
});

test('change a role, disable (signed out at once) and enable from the table; another council’s user is a 404 page', async () => {
  await post('/officer/people/users', NEW);
  const id = await userId(NEW.email);
  const res = await post(`/officer/people/users/${id}/role`, { role: 'crew' });
  expect(res.status).toBe(303);
  expect(await count(database, `users where id = ${id} and role = 'crew'`)).toBe(1);
  const bad = await post(`/officer/people/users/${id}/role`, { role: 'customer' });
  expect(bad.status).toBe(422);
  expect(await bad.text()).toContain(`href="#role-${id}"`);

  const login = await t.app.request('/api/v1/auth/login', jsonPost({ email: NEW.email, password: NEW.password }));
  const session = login.headers.get('set-cookie')!.split(';')[0];
  const off = await post(`/officer/people/users/${id}/status`, { disabled: 'yes' });
  expect(off.headers.get('location')).toBe('/officer/people?done=disabled');
  expect((await t.app.request('/crew', { headers: { cookie: session } })).status).not.toBe(200);
  expect(await count(database, `sessions where user_id = ${id}`)).toBe(0);
  const html = await (await get('/officer/people?done=disabled')).text();
  expect(html).toContain('Disabled');
  expect(html).toContain('>Enable<');
  expect((await post(`/officer/people/users/${id}/status`, { disabled: 'no' })).headers.get('location')).toBe('/officer/people?done=enabled');
  expect(await count(database, `users where id = ${id} and disabled_at is null`)).toBe(1);

  // Yourself: no forms offered, and a hand-made post is refused.
  const me = await userId('admin@testshire.example');
  expect((await post(`/officer/people/users/${me}/status`, { disabled: 'yes' })).status).toBe(422);
  expect(await count(database, `users where id = ${me} and disabled_at is null`)).toBe(1);

  await signIn(t, 'otherton', 'officer', 'o@otherton.example');
  const theirs = await userId('o@otherton.example');
  expect((await post(`/officer/people/users/${theirs}/status`, { disabled: 'yes' })).status).toBe(404);
  expect((await post(`/officer/people/users/${theirs}/role`, { role: 'admin' })).status).toBe(404);
  expect(await count(database, `users where id = ${theirs} and disabled_at is null and role = 'officer'`)).toBe(1);
});

test('create a key: shown once on the answer with a warning, never again; revoke after a confirmation', async () => {
  const blank = await post('/officer/people/api-keys', { name: '  ' });
  expect(blank.status).toBe(422);
  expect(await blank.text()).toContain('href="#keyName"');

  const res = await post('/officer/people/api-keys', { name: 'FixMyStreet' });
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const html = await res.text();
  const key = html.match(/kb_[0-9a-f]{48}/)![0];
  expect(html).toContain('You will not be able to see it again');
  expect(html).toContain('govuk-warning-text');
  const [stored] = rows(await database.db.execute(sql`select id, key_hash from api_keys`));
  expect(stored.key_hash).not.toBe(key);
  const list = await (await get('/officer/people')).text();
  expect(list).toContain('FixMyStreet');
  expect(list).toContain(key.slice(0, 10));
  expect(list).not.toContain(key);

  const confirm = await get(`/officer/people/api-keys/${stored.id}/revoke`);
  expect(confirm.status).toBe(200);
  expect(await confirm.text()).toContain('Yes, revoke this key');
  expect(await count(database, 'api_keys where revoked_at is null')).toBe(1);
  const done = await post(`/officer/people/api-keys/${stored.id}/revoke`, {});
  expect(done.status).toBe(303);
  expect(done.headers.get('location')).toBe('/officer/people?done=revoked');
  expect(await count(database, 'api_keys where revoked_at is null')).toBe(0);
  expect(await (await get('/officer/people?done=revoked')).text()).toContain('Revoked');

  const other = await signIn(t, 'otherton', 'admin');
  expect((await get(`/officer/people/api-keys/${stored.id}/revoke`, other)).status).toBe(404);
  expect((await post(`/officer/people/api-keys/${stored.id}/revoke`, {}, other)).status).toBe(404);
});

test('a form post from another origin is refused and changes nothing', async () => {
  const res = await t.app.request('/officer/people/api-keys', formPost({ name: 'evil' }, { cookie: admin, origin: 'https://evil.example' }));
  expect(res.status).toBe(403);
  expect(await count(database, 'api_keys')).toBe(0);
});
