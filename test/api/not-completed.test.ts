/**
 * "Round not completed" (POST /api/v1/rounds/{round}/not-completed): the run and the catch-up move
 * in one write, preview writes nothing, the exception service's codes, scoping and roles; afterwards
 * the resident JSON says `not_completed` with the catch-up date, the changes feed carries the move and
 * the crew's list has the round on the catch-up day.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { openTestDatabase } from '../support/db.ts';
import { app, count, HOME, jsonPost, resetReports, rows, seedCouncils, signIn } from './reports-setup.ts';

// Monday 14 Sep 2026: Testshire's REF-MON (fortnightly Monday) and FOOD-MON (weekly) collect.
const MONDAY = '2026-09-14T15:00:00+01:00';
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
  // A write bumps the version; so must this reset, or cached schedules would keep the deleted changes.
  await database.db.execute(sql`update councils set schedule_version = schedule_version + 1`);
  t = app(database, MONDAY);
  officer = await signIn(t, 'testshire', 'officer');
});

const post = (cookie: string, body: unknown, round = 'REF-MON', q = '') =>
  t.app.request(`/api/v1/rounds/${round}/not-completed${q}`, jsonPost(body, { cookie, origin: 'http://localhost' }));
const code = async (res: Response) => ((await res.json()) as any).error?.code;
const BODY = { catchUp: '2026-09-15', reason: 'Vehicle broke down: collected on Tuesday' };
const written = async () => ({
  runs: await count(database, 'round_runs'),
  exceptions: await count(database, 'exceptions where created_by is not null'),
  audit: await count(database, "audit_log where action not like 'user.%'"),
});
const NOTHING = { runs: 0, exceptions: 0, audit: 0 };

test('marks the run, publishes the move, audits both; residents, feed and crew see it at once', async () => {
  const res = await post(officer, BODY);
  expect(res.status).toBe(201);
  const body = (await res.json()) as any;
  expect(body).toMatchObject({ round: 'REF-MON', date: '2026-09-14', catchUp: '2026-09-15', run: { status: 'not_completed' } });
  expect(body.exception).toMatchObject({ date: '2026-09-14', action: 'move', to: '2026-09-15', rounds: ['REF-MON'], reason: BODY.reason });
  expect(body.exception.affected.properties).toBeGreaterThan(0);
  const run = rows(await database.db.execute(sql`select status from round_runs where round_id = 'REF-MON' and date = '2026-09-14'`));
  expect(run[0].status).toBe('not_completed');
  const audit = rows(await database.db.execute(sql`select action, entity from audit_log where action not like 'user.%' order by id`));
  expect(audit.map((a) => a.action).sort()).toEqual(['exception.create', 'round.not_completed']);

  // The resident's JSON: today's refuse collection is not completed, with the catch-up date.
  const prop = (await (await t.app.request(`/api/v1/properties/${HOME}`)).json()) as any;
  const refuse = prop.services.find((s: any) => s.id === 'refuse');
  expect(refuse.today).toEqual({ status: 'not_completed', catchUpDate: '2026-09-15' });
  expect(refuse.next).toMatchObject({ date: '2026-09-15', originalDate: '2026-09-14', changed: true, reason: BODY.reason });
  // Food (another round, not marked) is untouched.
  expect(prop.services.find((s: any) => s.id === 'food').today.status).not.toBe('not_completed');
  // The resident page says it too.
  const page = await (await t.app.request(`/property/${HOME}`)).text();
  expect(page).toContain('Not finished today: now due');

  const ics = (await (await t.app.request('/calendars/councils/testshire/changes.ics')).text()).replace(/\r\n /g, '');
  expect(ics).toContain(BODY.reason);
  expect(ics).toContain('20260915');

  const crew = await signIn(t, 'testshire', 'crew');
  const tue = (await (await t.app.request('/api/v1/crew/rounds?date=2026-09-15', { headers: { cookie: crew } })).json()) as any;
  expect(tue.rounds.find((r: any) => r.id === 'REF-MON')).toMatchObject({ originalDate: '2026-09-14', changed: true });
});

test('an existing run (crew started) is set to not_completed, keeping its start', async () => {
  await database.db.execute(sql`insert into round_runs (council_id, round_id, date, status, started_at)
    select id, 'REF-MON', '2026-09-14', 'in_progress', now() from councils where slug = 'testshire'`);
  expect((await post(officer, { ...BODY, date: '2026-09-14' })).status).toBe(201);
  const run = rows(await database.db.execute(sql`select status, started_at from round_runs where round_id = 'REF-MON'`));
  expect(run).toHaveLength(1);
  expect(run[0].status).toBe('not_completed');
  expect(run[0].started_at).not.toBeNull();
  const before = rows(await database.db.execute(sql`select before from audit_log where action = 'round.not_completed'`));
  expect(before[0].before.status).toBe('in_progress');
});

test('a slipped collection is moved by its base date (bank holiday Monday 31 Aug → Tuesday 1 Sep)', async () => {
  t = app(database, '2026-09-01T15:00:00+01:00');
  officer = await signIn(t, 'testshire', 'officer', 'officer2@testshire.example');
  const res = await post(officer, { catchUp: '2026-09-02', reason: 'Not finished' });
  expect(res.status).toBe(201);
  expect(((await res.json()) as any).exception).toMatchObject({ date: '2026-08-31', to: '2026-09-02' });
});

test('?preview=true answers the move and writes nothing', async () => {
  const res = await post(officer, BODY, 'REF-MON', '?preview=true');
  expect(res.status).toBe(200);
  const body = (await res.json()) as any;
  expect(body.properties).toBeGreaterThan(0);
  expect(body.sample[0]).toMatchObject({ service: 'refuse', originalDate: '2026-09-14', before: '2026-09-14', after: '2026-09-15' });
  expect(await written()).toEqual(NOTHING);
});

describe('refusals write nothing', () => {
  test.each([
    [{ ...BODY, catchUp: '2026-09-14' }, 422, 'same_date'],
    [{ ...BODY, date: '2026-09-15', catchUp: '2026-09-16' }, 422, 'nothing_to_change'],
    [{ ...BODY, catchUp: '2026-09-01' }, 422, 'in_the_past'],
    [{ ...BODY, catchUp: 'tomorrow' }, 400, 'invalid_request'],
    [{ ...BODY, reason: ' ' }, 400, 'invalid_request'],
    [{ reason: 'x' }, 400, 'invalid_request'],
  ])('%j → %d %s', async (body, status, expected) => {
    const res = await post(officer, body);
    expect(res.status).toBe(status);
    expect(await code(res)).toBe(expected);
    expect(await written()).toEqual(NOTHING);
  });

  test('409 exception_exists when a change already covers the round that day; the run is not touched', async () => {
    expect((await post(officer, BODY)).status).toBe(201);
    await database.db.execute(sql`update round_runs set status = 'in_progress'`);
    const res = await post(officer, { ...BODY, catchUp: '2026-09-16' });
    expect(res.status).toBe(409);
    expect(await code(res)).toBe('exception_exists');
    expect(rows(await database.db.execute(sql`select status from round_runs`))[0].status).toBe('in_progress');
    expect(await count(database, "audit_log where action not like 'user.%'")).toBe(2);
  });

  test('401 without a session, 403 for crew, 404 for an unknown or another council’s round', async () => {
    const anon = await t.app.request('/api/v1/rounds/REF-MON/not-completed', jsonPost(BODY, { origin: 'http://localhost' }));
    expect(anon.status).toBe(401);
    expect((await post(await signIn(t, 'testshire', 'crew'), BODY)).status).toBe(403);
    const nope = await post(officer, BODY, 'NOPE');
    expect(nope.status).toBe(404);
    expect(await code(nope)).toBe('not_found');
    expect((await post(officer, BODY, 'O-TUE')).status).toBe(404);
    expect((await post(await signIn(t, 'otherton', 'officer'), BODY)).status).toBe(404);
    expect(await written()).toEqual(NOTHING);
  });
});

test('a reason in Welsh is kept beside the English and read by Welsh readers', async () => {
  await database.db.execute(sql`update councils set languages = '["en","cy"]'::jsonb, schedule_version = schedule_version + 1 where slug = 'testshire'`);
  try {
    const res = await post(officer, { ...BODY, reasons: { cy: 'Torrodd y lori: casglu ddydd Mawrth' } });
    expect(res.status).toBe(201);
    const stored = rows(await database.db.execute(sql`select reasons from exceptions where created_by is not null`));
    expect(stored).toEqual([{ reasons: { en: BODY.reason, cy: 'Torrodd y lori: casglu ddydd Mawrth' } }]);
    const refuse = async (lang: string) => ((await (await t.app.request(`/api/v1/properties/${HOME}?lang=${lang}`)).json()) as any)
      .services.find((s: any) => s.id === 'refuse').next.reason;
    expect(await refuse('cy')).toBe('Torrodd y lori: casglu ddydd Mawrth');
    expect(await refuse('en')).toBe(BODY.reason);
    const tooLong = await post(officer, { ...BODY, date: '2026-09-14', reasons: { cy: 'a'.repeat(501) } }, 'FOOD-MON');
    expect([tooLong.status, await code(tooLong)]).toEqual([400, 'invalid_request']);
  } finally {
    await database.db.execute(sql`update councils set languages = '["en"]'::jsonb, schedule_version = schedule_version + 1 where slug = 'testshire'`);
  }
});

test('declared in the OpenAPI document with every status', async () => {
  const doc = (await (await t.app.request('/api/v1/openapi.json')).json()) as any;
  const op = doc.paths['/api/v1/rounds/{round}/not-completed'].post;
  for (const s of ['200', '201', '400', '401', '403', '404', '409', '422']) expect(op.responses[s]).toBeDefined();
});
