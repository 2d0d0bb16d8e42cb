/**
 * People and keys (/api/v1/users, /api/v1/api-keys): admin only, scoped to the council, every write
 * audited in its transaction; a disabled user cannot sign in and their session dies at once; a revoked
 * key is refused by Open311 at once; a key is shown once and stored as a hash; an admin cannot
 * change themselves; sign-in and sign-out are audited.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { openTestDatabase } from '../support/db.ts';
import { app, count, HOME, jsonPost, resetReports, rows, seedCouncils, signIn } from './reports-setup.ts';

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

const PASSWORD = 'a good long password';
const send = (method: string, path: string, cookie: string | undefined, body?: unknown) =>
  t.app.request(path, {
    method,
    headers: { origin: 'http://localhost', ...(cookie ? { cookie } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const code = async (res: Response) => ((await res.json()) as any).error?.code;
const newUser = (over: Record<string, unknown> = {}) => ({ email: 'New.Officer@Testshire.example', name: 'Nia Officer', role: 'officer', password: PASSWORD, ...over });
const auditOf = async (entity: string) => (await (await send('GET', `/api/v1/audit?entity=${entity}`, admin)).json()) as any[];
const login = (email: string, password = PASSWORD) => t.app.request('/api/v1/auth/login', jsonPost({ email, password }));
const cookieOf = (res: Response) => res.headers.get('set-cookie')!.split(';')[0];

describe('roles and scoping', () => {
  test('401 without a session; 403 for officer, crew and customer on every route', async () => {
    for (const [m, p] of [['GET', '/api/v1/users'], ['POST', '/api/v1/users'], ['PATCH', '/api/v1/users/1'], ['GET', '/api/v1/api-keys'], ['POST', '/api/v1/api-keys'], ['DELETE', '/api/v1/api-keys/1']]) {
      const body = m === 'POST' || m === 'PATCH' ? (p.includes('users') ? newUser() : { name: 'x' }) : undefined;
      expect((await send(m, p, undefined, body)).status).toBe(401);
      for (const role of ['officer', 'crew'] as const) {
        const cookie = await signIn(t, 'testshire', role);
        const res = await send(m, p, cookie, body);
        expect(res.status).toBe(403);
        expect(await code(res)).toBe('forbidden');
      }
    }
    await database.db.execute(sql`insert into users (council_id, email, password_hash, role, customer_id)
      select council_id, 'cust@testshire.example', password_hash, 'customer', 'c1' from users where email = 'admin@testshire.example'`);
    const customer = cookieOf(await login('cust@testshire.example', 'a long password'));
    expect((await send('GET', '/api/v1/users', customer)).status).toBe(403);
    expect(await count(database, 'api_keys')).toBe(0);
    expect(await count(database, "users where email = 'new.officer@testshire.example'")).toBe(0);
  });

  test("another council's user and key are 404 and unchanged; lists show only the council's own", async () => {
    const other = await signIn(t, 'otherton', 'admin');
    const theirs = (await (await send('POST', '/api/v1/users', other, newUser({ email: 'o@otherton.example' }))).json()) as any;
    const theirKey = (await (await send('POST', '/api/v1/api-keys', other, { name: 'Otherton FMS' })).json()) as any;
    const patch = await send('PATCH', `/api/v1/users/${theirs.id}`, admin, { disabled: true });
    expect(patch.status).toBe(404);
    expect(await code(patch)).toBe('not_found');
    expect((await send('DELETE', `/api/v1/api-keys/${theirKey.id}`, admin)).status).toBe(404);
    expect((await send('PATCH', '/api/v1/users/abc', admin, { disabled: true })).status).toBe(404);
    expect((await send('DELETE', '/api/v1/api-keys/0', admin)).status).toBe(404);
    expect(await count(database, 'users where disabled_at is not null')).toBe(0);
    expect(await count(database, 'api_keys where revoked_at is not null')).toBe(0);
    const list = (await (await send('GET', '/api/v1/users', admin)).json()) as any[];
    expect(list.map((u) => u.email)).toEqual(['admin@testshire.example']);
    expect(((await (await send('GET', '/api/v1/api-keys', admin)).json()) as any[]).length).toBe(0);
  });
});

describe('users', () => {
  test('an admin adds a user (201, no hash in the answer), who can then sign in; audited without the hash', async () => {
    const res = await send('POST', '/api/v1/users', admin, newUser());
    expect(res.status).toBe(201);
    const body = (await res.json()) as any;
    expect(body).toEqual({ id: expect.any(String), email: 'new.officer@testshire.example', name: 'Nia Officer', role: 'officer', disabled: false, disabledAt: null, createdAt: expect.any(String) });
    expect(JSON.stringify(body)).not.toContain('argon2');
    expect((await login('new.officer@testshire.example')).status).toBe(204);
    const [entry] = (await auditOf('user')).filter((e) => e.action === 'user.create');
    expect(entry).toMatchObject({ user: 'admin@testshire.example', entity: 'user', entityId: body.id, before: null, after: { email: 'new.officer@testshire.example', role: 'officer', disabled: false } });
    expect(JSON.stringify(await auditOf('user'))).not.toContain('argon2');
    const list = (await (await send('GET', '/api/v1/users', admin)).json()) as any[];
    expect(JSON.stringify(list)).not.toContain('argon2');
    expect(list.map((u) => u.email)).toContain('new.officer@testshire.example');
  });

  test.each([
    [{ role: 'customer' }, 422, 'invalid_role'],
    [{ role: 'boss' }, 422, 'invalid_role'],
    [{ email: 'not-an-email' }, 422, 'invalid_email'],
    [{ password: 'short' }, 422, 'weak_password'],
    [{ email: 'admin@testshire.example' }, 409, 'email_exists'],
    [{ email: 'ADMIN@testshire.example ' }, 409, 'email_exists'],
    [{ password: undefined }, 400, 'invalid_request'],
  ])('%j → %d %s and nothing written', async (over, status, expected) => {
    const before = await count(database, 'users');
    const audits = await count(database, "audit_log where action like 'user.create%'");
    const res = await send('POST', '/api/v1/users', admin, newUser(over));
    expect(res.status).toBe(status);
    expect(await code(res)).toBe(expected);
    expect(await count(database, 'users')).toBe(before);
    expect(await count(database, "audit_log where action like 'user.create%'")).toBe(audits);
  });

  test('an email used in another council is taken too (one sign-in form for everyone)', async () => {
    await signIn(t, 'otherton', 'officer', 'shared@example.org');
    const res = await send('POST', '/api/v1/users', admin, newUser({ email: 'shared@example.org' }));
    expect(res.status).toBe(409);
  });

  test('re-role: 200, takes effect on the next request of a signed-in session, audited with before and after', async () => {
    const created = (await (await send('POST', '/api/v1/users', admin, newUser({ role: 'crew' }))).json()) as any;
    const session = cookieOf(await login(created.email));
    expect((await send('GET', '/api/v1/exceptions', session)).status).toBe(403);
    const res = await send('PATCH', `/api/v1/users/${created.id}`, admin, { role: 'officer' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).role).toBe('officer');
    expect((await send('GET', '/api/v1/exceptions', session)).status).toBe(200);
    const [entry] = (await auditOf('user')).filter((e) => e.action === 'user.role');
    expect(entry).toMatchObject({ entityId: created.id, before: { role: 'crew' }, after: { role: 'officer' } });
    const bad = await send('PATCH', `/api/v1/users/${created.id}`, admin, { role: 'customer' });
    expect(bad.status).toBe(422);
    expect(await code(bad)).toBe('invalid_role');
    expect((await send('PATCH', `/api/v1/users/${created.id}`, admin, {})).status).toBe(400);
  });

  test('a disabled user cannot sign in (same answer as a wrong password) and their session dies at once; enabling lets them back', async () => {
    const created = (await (await send('POST', '/api/v1/users', admin, newUser())).json()) as any;
    const session = cookieOf(await login(created.email));
    expect((await send('GET', '/api/v1/exceptions', session)).status).toBe(200);
    const res = await send('PATCH', `/api/v1/users/${created.id}`, admin, { disabled: true });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any)).toMatchObject({ disabled: true, disabledAt: expect.any(String) });
    expect((await send('GET', '/api/v1/exceptions', session)).status).toBe(401);
    expect(await count(database, `sessions where user_id = ${Number(created.id)}`)).toBe(0);
    const refused = await login(created.email);
    const wrong = await login(created.email, 'not the password at all');
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual(await wrong.json());
    const [entry] = (await auditOf('user')).filter((e) => e.action === 'user.disable');
    expect(entry).toMatchObject({ entityId: created.id, before: { disabled: false }, after: { disabled: true } });

    expect((await send('PATCH', `/api/v1/users/${created.id}`, admin, { disabled: false })).status).toBe(200);
    expect((await login(created.email)).status).toBe(204);
  });

  test('a disabled session is refused even if a session row survived (checked on every request)', async () => {
    const created = (await (await send('POST', '/api/v1/users', admin, newUser())).json()) as any;
    const session = cookieOf(await login(created.email));
    await database.db.execute(sql`update users set disabled_at = now() where id = ${Number(created.id)}`);
    expect((await send('GET', '/api/v1/exceptions', session)).status).toBe(401);
  });

  test('an admin cannot demote or disable themselves (422 cannot_change_self, nothing changes); another admin can be', async () => {
    const me = ((await (await send('GET', '/api/v1/users', admin)).json()) as any[])[0];
    for (const change of [{ role: 'officer' }, { disabled: true }, { role: 'crew', disabled: true }]) {
      const res = await send('PATCH', `/api/v1/users/${me.id}`, admin, change);
      expect(res.status).toBe(422);
      expect(await code(res)).toBe('cannot_change_self');
    }
    expect(await count(database, "users where email = 'admin@testshire.example' and role = 'admin' and disabled_at is null")).toBe(1);
    expect((await send('PATCH', `/api/v1/users/${me.id}`, admin, { role: 'admin', disabled: false })).status).toBe(200);
    expect(await count(database, "audit_log where action in ('user.role', 'user.disable')")).toBe(0);
    const second = (await (await send('POST', '/api/v1/users', admin, newUser({ role: 'admin' }))).json()) as any;
    expect((await send('PATCH', `/api/v1/users/${second.id}`, admin, { role: 'officer' })).status).toBe(200);
  });
});

describe('API keys', () => {
  const openReport = (key: string) => t.app.request('/open311/v2/requests.json', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      api_key: key, jurisdiction_id: 'testshire', service_code: 'missed-refuse', 'attribute[uprn]': HOME, email: 'resident@example.org',
      first_name: 'Ada', last_name: 'Lovelace', description: 'The black bin was not emptied',
    }).toString(),
  });

  test('the key is shown once, stored as a SHA-256, listed without it; Open311 takes it until revoked, then refuses at once', async () => {
    const res = await send('POST', '/api/v1/api-keys', admin, { name: ' FixMyStreet ' });
    expect(res.status).toBe(201);
    const created = (await res.json()) as any;
    expect(created).toEqual({ id: expect.any(String), name: 'FixMyStreet', prefix: created.key.slice(0, 10), key: expect.stringMatching(/^kb_[0-9a-f]{48}$/), createdAt: expect.any(String) });
    const [stored] = rows(await database.db.execute(sql`select key_hash, prefix from api_keys`));
    expect(stored.key_hash).toBe(new Bun.CryptoHasher('sha256').update(created.key).digest('hex'));
    expect(JSON.stringify(rows(await database.db.execute(sql`select * from api_keys`)))).not.toContain(created.key);
    const list = await (await send('GET', '/api/v1/api-keys', admin)).text();
    expect(list).not.toContain(created.key);
    expect(JSON.parse(list)).toEqual([{ id: created.id, name: 'FixMyStreet', prefix: created.prefix, createdAt: created.createdAt, revokedAt: null }]);
    const audit = await auditOf('api_key');
    expect(JSON.stringify(audit)).not.toContain(created.key);
    expect(JSON.stringify(audit)).not.toContain(stored.key_hash);
    expect(audit[0]).toMatchObject({ action: 'api_key.create', entityId: created.id, after: { name: 'FixMyStreet', prefix: created.prefix } });

    expect((await openReport(created.key)).status).toBe(201);
    const del = await send('DELETE', `/api/v1/api-keys/${created.id}`, admin);
    expect(del.status).toBe(204);
    expect((await openReport(created.key)).status).toBe(403);
    expect(((await (await send('GET', '/api/v1/api-keys', admin)).json()) as any[])[0].revokedAt).not.toBeNull();
    // Revoking again is harmless and not audited twice.
    expect((await send('DELETE', `/api/v1/api-keys/${created.id}`, admin)).status).toBe(204);
    expect((await auditOf('api_key')).map((e) => e.action)).toEqual(['api_key.revoke', 'api_key.create']);
  });

  test('a blank or over-long name is 422 invalid_name and creates nothing', async () => {
    for (const name of ['   ', 'x'.repeat(101)]) {
      const res = await send('POST', '/api/v1/api-keys', admin, { name });
      expect(res.status).toBe(422);
      expect(await code(res)).toBe('invalid_name');
    }
    expect(await count(database, 'api_keys')).toBe(0);
    expect(await count(database, "audit_log where entity = 'api_key'")).toBe(0);
  });
});

test('sign-in and sign-out are in the audit trail', async () => {
  const created = (await (await send('POST', '/api/v1/users', admin, newUser())).json()) as any;
  const session = cookieOf(await login(created.email));
  const out = await t.app.request('/api/v1/auth/logout', { method: 'POST', headers: { cookie: session, origin: 'http://localhost' } });
  expect(out.status).toBe(204);
  const trail = (await auditOf('user')).filter((e) => e.entityId === created.id);
  expect(trail.map((e) => e.action)).toEqual(['user.sign_out', 'user.sign_in', 'user.create']);
  expect(trail[0].user).toBe(created.email);
  // A wrong password is not a sign-in.
  await login(created.email, 'wrong password here');
  expect((await auditOf('user')).filter((e) => e.entityId === created.id).length).toBe(3);
});
