/**
 * Service changes (/api/v1/exceptions) and the audit trail (/api/v1/audit): every refusal code,
 * a preview writes nothing, a publish shows at once on the property JSON, the feeds (higher
 * SEQUENCE) and the crew's round list, a withdrawal restores, council scoping and roles.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { fixedClock } from '../../server/clock.ts';
import { listAudit } from '../../server/services/audit/list.ts';
import { publishException } from '../../server/services/changes/exceptions.ts';
import { openTestDatabase } from '../support/db.ts';
import { app, count, HOME, jsonPost, resetReports, seedCouncils, signIn, WEDNESDAY } from './reports-setup.ts';

let database: Database;
let t: ReturnType<typeof app>;
let officer: string;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedCouncils(database);
});
afterAll(() => database.close());
beforeEach(async () => {
  await resetReports(database);
  await database.db.execute(sql`delete from exceptions where created_by is not null`);
  t = app(database);
  officer = await signIn(t, 'testshire', 'officer');
});

// Testshire's REF-MON is fortnightly on Mondays; 14 Sep 2026 is one of its days (clock: Wed 2 Sep).
const SNOW = { date: '2026-09-14', action: 'move', to: '2026-09-16', rounds: ['REF-MON'], reason: 'Snow: collected on Wednesday' };
const post = (cookie: string, body: unknown, q = '') => t.app.request(`/api/v1/exceptions${q}`, jsonPost(body, { cookie }));
const code = async (res: Response) => ((await res.json()) as any).error?.code;
const seq = (ics: string) => Math.max(...[...ics.matchAll(/SEQUENCE:(\d+)/g)].map((m) => Number(m[1])));

describe('refusals', () => {
  test.each([
    [{ ...SNOW, to: undefined }, 422, 'to_required'],
    [{ ...SNOW, to: SNOW.date }, 422, 'same_date'],
    [{ ...SNOW, rounds: ['NOPE'] }, 422, 'unknown_round'],
    [{ ...SNOW, rounds: [], services: ['nope'] }, 422, 'unknown_service'],
    [{ ...SNOW, date: '2026-09-15' }, 422, 'nothing_to_change'],
    [{ ...SNOW, to: '2026-09-01' }, 422, 'in_the_past'],
    [{ ...SNOW, date: 'tomorrow' }, 400, 'invalid_request'],
    [{ ...SNOW, reason: '' }, 400, 'invalid_request'],
  ])('%j → %d %s', async (body, status, expected) => {
    const res = await post(officer, body);
    expect(res.status).toBe(status);
    expect(await code(res)).toBe(expected);
    expect(await count(database, "audit_log where action like 'exception%'")).toBe(0);
    expect(await count(database, 'exceptions where created_by is not null')).toBe(0);
  });

  test('409 exception_exists for the same date and an overlapping scope (council-wide overlaps)', async () => {
    expect((await post(officer, SNOW)).status).toBe(201);
    const res = await post(officer, { date: SNOW.date, action: 'cancel', reason: 'Snow' });
    expect(res.status).toBe(409);
    expect(await code(res)).toBe('exception_exists');
  });

  test('401 without a session, 403 for crew, 404 for another council’s change', async () => {
    expect((await t.app.request('/api/v1/exceptions')).status).toBe(401);
    const crew = await signIn(t, 'testshire', 'crew');
    expect((await post(crew, SNOW)).status).toBe(403);
    expect((await t.app.request('/api/v1/audit', { headers: { cookie: crew } })).status).toBe(403);
    const created = (await (await post(officer, SNOW)).json()) as any;
    const other = await signIn(t, 'otherton', 'officer');
    expect((await t.app.request(`/api/v1/exceptions/${created.id}`, { method: 'DELETE', headers: { cookie: other, origin: 'http://localhost' } })).status).toBe(404);
    expect(((await (await t.app.request('/api/v1/exceptions', { headers: { cookie: other } })).json()) as any[]).length).toBe(0);
  });
});

test('a preview counts and samples and writes nothing', async () => {
  const v0 = await version();
  const res = await post(officer, SNOW, '?preview=true');
  expect(res.status).toBe(200);
  const body = (await res.json()) as any;
  expect(body.properties).toBeGreaterThan(0);
  expect(body.collections).toBe(body.properties);
  expect(body.sample[0]).toMatchObject({ service: 'refuse', originalDate: '2026-09-14', before: '2026-09-14', after: '2026-09-16' });
  expect(await version()).toBe(v0);
  expect(await count(database, "audit_log where action like 'exception%'")).toBe(0);
  const cancel = (await (await post(officer, { ...SNOW, action: 'cancel', to: undefined }, '?preview=true')).json()) as any;
  expect(cancel.sample[0].after).toBeNull();
});

async function version() {
  const r = await database.db.execute(sql`select schedule_version from councils where slug = 'testshire'`);
  return Number(((r as any).rows ?? r)[0].schedule_version);
}

test('publish shows at once everywhere; withdraw restores; both audited', async () => {
  const icsBefore = await (await t.app.request('/calendars/councils/testshire/changes.ics')).text();
  const propIcsBefore = await (await t.app.request(`/calendars/properties/${HOME}.ics`)).text();
  const created = (await (await post(officer, SNOW)).json()) as any;
  expect(created).toMatchObject({ date: SNOW.date, action: 'move', to: SNOW.to, rounds: ['REF-MON'], createdBy: 'officer@testshire.example' });
  expect(created.affected.properties).toBeGreaterThan(0);

  const prop = (await (await t.app.request(`/api/v1/properties/${HOME}`)).json()) as any;
  const refuse = prop.services.find((s: any) => s.id === 'refuse');
  expect(refuse.next).toMatchObject({ date: '2026-09-16', originalDate: '2026-09-14', changed: true, reason: SNOW.reason });

  const ics = await (await t.app.request('/calendars/councils/testshire/changes.ics')).text();
  expect(ics.replace(/\r\n /g, '')).toContain('Snow: collected on Wednesday');
  expect(seq(ics)).toBeGreaterThan(seq(icsBefore));
  const propIcs = await (await t.app.request(`/calendars/properties/${HOME}.ics`)).text();
  expect(propIcs).toContain('DTSTART;VALUE=DATE:20260916');
  expect(seq(propIcs)).toBeGreaterThan(seq(propIcsBefore));
  const roundIcs = await (await t.app.request('/calendars/rounds/testshire/REF-MON.ics')).text();
  expect(roundIcs).toContain('DTSTART;VALUE=DATE:20260916');

  const crew = await signIn(t, 'testshire', 'crew');
  const wed = (await (await t.app.request('/api/v1/crew/rounds?date=2026-09-16', { headers: { cookie: crew } })).json()) as any;
  expect(wed.rounds.map((r: any) => r.id)).toContain('REF-MON');

  const listed = (await (await t.app.request('/api/v1/exceptions?from=2026-09-01', { headers: { cookie: officer } })).json()) as any[];
  expect(listed.map((e) => e.id)).toContain(created.id);

  const del = await t.app.request(`/api/v1/exceptions/${created.id}`, { method: 'DELETE', headers: { cookie: officer, origin: 'http://localhost' } });
  expect(del.status).toBe(204);
  const back = (await (await t.app.request(`/api/v1/properties/${HOME}`)).json()) as any;
  expect(back.services.find((s: any) => s.id === 'refuse').next).toMatchObject({ date: '2026-09-14', changed: false });
  const icsAfter = await (await t.app.request('/calendars/councils/testshire/changes.ics')).text();
  expect(seq(icsAfter)).toBeGreaterThan(seq(ics));

  const audit = await t.app.request('/api/v1/audit?entity=exception', { headers: { cookie: officer } });
  const entries = (await audit.json()) as any[];
  expect(entries.map((e) => e.action)).toEqual(['exception.withdraw', 'exception.create']);
  expect(entries[0]).toMatchObject({ user: 'officer@testshire.example', entity: 'exception', entityId: created.id, after: null });
  expect(entries[0].before.reason).toBe(SNOW.reason);
  const csv = await t.app.request('/api/v1/audit.csv', { headers: { cookie: officer } });
  expect(csv.headers.get('content-type')).toContain('text/csv');
  expect((await csv.text()).split('\r\n')[0]).toBe('at,user,action,entity,entityId,before,after');
});

test('audit pages with a Link header', async () => {
  for (const d of ['2026-09-14', '2026-09-28', '2026-10-12']) expect((await post(officer, { ...SNOW, date: d, to: undefined, action: 'cancel' })).status).toBe(201);
  // Filtered to exceptions: sign-ins are in the trail too (entity user, docs/people.md).
  const first = await t.app.request('/api/v1/audit?entity=exception', { headers: { cookie: officer } });
  expect(((await first.json()) as any[]).length).toBe(3);
  expect(first.headers.get('link')).toBeNull();
  const r: any = await database.db.execute(sql`select id, council_id from users where email = 'officer@testshire.example'`);
  const [u] = r.rows ?? r;
  const ctx = { db: database.db, clock: fixedClock(WEDNESDAY), councilId: u.council_id, user: { id: u.id, councilId: u.council_id, email: 'x', name: null, role: 'officer' as const, customerId: null } };
  const page1 = await listAudit(ctx, { entity: 'exception', limit: 2 });
  expect(page1.rows.length).toBe(2);
  expect(page1.next).toBeDefined();
  const page2 = await listAudit(ctx, { entity: 'exception', limit: 2, cursor: page1.next });
  expect(page2.rows.map((x) => x.entityId)).not.toContain(page1.rows[0].entityId);
  expect(page2.next).toBeUndefined();
});

test('a failing publish leaves no exception and no audit row (same transaction)', async () => {
  const r: any = await database.db.execute(sql`select id, council_id from users where email = 'officer@testshire.example'`);
  const [u] = r.rows ?? r;
  const user = { id: u.id, councilId: u.council_id, email: 'officer@testshire.example', name: null, role: 'officer' as const, customerId: null };
  const ctx = { db: database.db, clock: fixedClock(WEDNESDAY), user, councilId: u.council_id };
  await expect(publishException(ctx, SNOW as any, { onWrite: async () => { throw new Error('boom'); } })).rejects.toThrow('boom');
  expect(await count(database, "audit_log where action like 'exception%'")).toBe(0);
  expect(await count(database, 'exceptions where created_by is not null')).toBe(0);
});
