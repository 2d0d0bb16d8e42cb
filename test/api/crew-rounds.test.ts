import { afterAll, beforeAll, beforeEach, expect, test } from 'bun:test';
import type { Database } from '../../db/client.ts';
import {
  assignments, bankHolidays, councils, crewEvents, missedReports, properties, roundRuns, roundSchedules, rounds, services,
} from '../../db/schema/index.ts';
import { addUser } from '../../server/services/auth.ts';
import { buildTestApp } from '../support/app.ts';
import { openTestDatabase, resetDatabase } from '../support/db.ts';

let database: Database;
let app: ReturnType<typeof buildTestApp>['app'];
let deps: ReturnType<typeof buildTestApp>['deps'];
let demoId: number;
let otherId: number;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

/**
 * Demo: REF-MON (weekly Mondays, refuse) and REC-TUE (weekly Tuesdays, recycling). Monday 31 Aug 2026
 * is the summer bank holiday, so that week REF-MON runs on Tuesday 1 Sep and REC-TUE on Wednesday 2 Sep.
 * Other: its own REF-MON (same code) and OTH-TUE, with one property.
 */
beforeEach(async () => {
  await resetDatabase(database);
  ({ app, deps } = buildTestApp(database, '2026-09-01T07:30:00+01:00'));
  const db = database.db;
  [{ id: demoId }, { id: otherId }] = await db
    .insert(councils)
    .values([{ slug: 'demo', name: 'Demo' }, { slug: 'other', name: 'Other' }])
    .returning({ id: councils.id });
  await db.insert(bankHolidays).values({ division: 'england-and-wales', date: '2026-08-31', title: 'Summer bank holiday' });
  await db.insert(services).values([
    { councilId: demoId, id: 'refuse', name: 'Rubbish', stream: 'residual', container: 'Black bin', colour: '#1f1f1f' },
    { councilId: demoId, id: 'recycling', name: 'Recycling', stream: 'dry_mixed', container: 'Blue bin', colour: '#1d70b8' },
    { councilId: otherId, id: 'refuse', name: 'Other rubbish', stream: 'residual', container: 'Bin', colour: '#000000' },
  ]);
  await db.insert(rounds).values([
    { councilId: demoId, id: 'REF-MON', serviceId: 'refuse', name: 'Refuse Monday' },
    { councilId: demoId, id: 'REC-TUE', serviceId: 'recycling', name: 'Recycling Tuesday' },
    { councilId: otherId, id: 'REF-MON', serviceId: 'refuse', name: 'Other Monday' },
    { councilId: otherId, id: 'OTH-TUE', serviceId: 'refuse', name: 'Other Tuesday' },
  ]);
  await db.insert(roundSchedules).values([
    { councilId: demoId, roundId: 'REF-MON', from: '2026-01-01', anchor: '2026-01-05', everyWeeks: 1 },
    { councilId: demoId, roundId: 'REC-TUE', from: '2026-01-01', anchor: '2026-01-06', everyWeeks: 1 },
    { councilId: otherId, roundId: 'REF-MON', from: '2026-01-01', anchor: '2026-01-05', everyWeeks: 1 },
    { councilId: otherId, roundId: 'OTH-TUE', from: '2026-01-01', anchor: '2026-01-06', everyWeeks: 1 },
  ]);
  const home = (uprn: number, councilId: number, address: string, assisted = false) =>
    ({ uprn, councilId, address, postcode: 'DE1 1AA', lat: 52.9 + uprn / 1e6, lon: -1.47, assisted });
  await db.insert(properties).values([
    home(101, demoId, '1 High Street'),
    home(102, demoId, '2 High Street', true),
    home(103, demoId, '3 High Street'),
    home(104, demoId, '4 High Street (left in August)'),
    home(105, demoId, '5 High Street (joins 1 Sep)'),
    home(201, otherId, '1 Other Road'),
  ]);
  await db.insert(assignments).values([
    { councilId: demoId, uprn: 103, roundId: 'REF-MON', from: '2026-01-01', sequence: 1 },
    { councilId: demoId, uprn: 101, roundId: 'REF-MON', from: '2026-01-01', sequence: 2 },
    { councilId: demoId, uprn: 102, roundId: 'REF-MON', from: '2026-01-01', sequence: 3 },
    { councilId: demoId, uprn: 104, roundId: 'REF-MON', from: '2026-01-01', to: '2026-08-30', sequence: 4 },
    // Joins on the Tuesday, but the collection on that Tuesday is Monday's, moved: not yet on it.
    { councilId: demoId, uprn: 105, roundId: 'REF-MON', from: '2026-09-01', sequence: 5 },
    { councilId: demoId, uprn: 101, roundId: 'REC-TUE', from: '2026-01-01', sequence: 1 },
    { councilId: otherId, uprn: 201, roundId: 'REF-MON', from: '2026-01-01', sequence: 1 },
    { councilId: otherId, uprn: 201, roundId: 'OTH-TUE', from: '2026-01-01', sequence: 1 },
  ]);
});

async function signIn(email: string, role: 'crew' | 'officer' | 'customer' = 'crew', council = 'demo') {
  await addUser(deps, { councilSlug: council, email, password: 'a long password', role, customerId: role === 'customer' ? 'c1' : undefined });
  const res = await app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'a long password' }),
  });
  expect(res.status).toBe(204);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0] };
}

const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });

test('the day list shows rounds running on that date after a bank-holiday move, with stops and run status', async () => {
  const crew = await signIn('crew@demo.test');
  await database.db.insert(roundRuns).values({ councilId: demoId, roundId: 'REF-MON', date: '2026-09-01', status: 'in_progress' });

  const tuesday = await get('/api/v1/crew/rounds?date=2026-09-01', crew);
  expect(tuesday.status).toBe(200);
  expect(await tuesday.json()).toEqual({
    date: '2026-09-01',
    rounds: [
      {
        id: 'REF-MON',
        name: 'Refuse Monday',
        service: { id: 'refuse', name: 'Rubbish', colour: '#1f1f1f' },
        originalDate: '2026-08-31',
        changed: true,
        reason: 'Summer bank holiday',
        stops: 3,
        run: { status: 'in_progress' },
      },
    ],
  });

  const holiday = await (await get('/api/v1/crew/rounds?date=2026-08-31', crew)).json();
  expect(holiday.rounds).toEqual([]);
  const wednesday = await (await get('/api/v1/crew/rounds?date=2026-09-02', crew)).json();
  expect(wednesday.rounds.map((r: { id: string }) => r.id)).toEqual(['REC-TUE']);
  expect(wednesday.rounds[0].run).toEqual({ status: 'not_started' });
});

test('without a date the list is for today in the council time zone', async () => {
  const crew = await signIn('crew@demo.test');
  const body = await (await get('/api/v1/crew/rounds', crew)).json();
  expect(body.date).toBe('2026-09-01');
  expect(body.rounds.map((r: { id: string }) => r.id)).toEqual(['REF-MON']);
});

test('the round sheet lists stops in sequence order, only properties on the round for that collection', async () => {
  const crew = await signIn('crew@demo.test');
  const res = await get('/api/v1/crew/rounds/REF-MON/2026-09-01', crew);
  expect(res.status).toBe(200);
  const sheet = await res.json();
  expect(sheet.round).toEqual({ id: 'REF-MON', name: 'Refuse Monday', service: { id: 'refuse', name: 'Rubbish', colour: '#1f1f1f' } });
  expect(sheet.date).toBe('2026-09-01');
  expect(sheet.originalDate).toBe('2026-08-31');
  expect(sheet.run).toEqual({ status: 'not_started' });
  expect(sheet.stops.map((s: { uprn: string; sequence: number }) => [s.sequence, s.uprn])).toEqual([[1, '103'], [2, '101'], [3, '102']]);
  expect(sheet.stops[2]).toEqual({
    sequence: 3, uprn: '102', address: '2 High Street', lat: 52.900102, lon: -1.47, assisted: true,
    services: ['refuse'], returnVisits: [], outcomes: [], jobs: [],
  });
});

test("outcomes already recorded and open reports for the round's service appear at their stop", async () => {
  const crew = await signIn('crew@demo.test');
  const at = (iso: string) => new Date(iso);
  const event = (id: string, uprn: number, serviceId: string, date: string, outcome: string, recordedAt: string) =>
    ({ id, councilId: demoId, uprn, serviceId, date, outcome, recordedAt: at(recordedAt) });
  await database.db.insert(crewEvents).values([
    event('00000000-0000-4000-8000-000000000002', 101, 'refuse', '2026-09-01', 'collected', '2026-09-01T08:10:00Z'),
    event('00000000-0000-4000-8000-000000000001', 101, 'refuse', '2026-09-01', 'not_presented', '2026-09-01T08:05:00Z'),
    event('00000000-0000-4000-8000-000000000003', 101, 'recycling', '2026-09-01', 'collected', '2026-09-01T08:06:00Z'),
    event('00000000-0000-4000-8000-000000000004', 101, 'refuse', '2026-08-24', 'collected', '2026-08-24T08:06:00Z'),
  ]);
  const report = (reference: string, uprn: number, serviceId: string, status: string) => ({
    reference, councilId: demoId, uprn, serviceId, collectionDate: '2026-08-24', channel: 'web', status,
    dueBy: at('2026-08-27T16:00:00Z'), createdAt: at('2026-08-25T09:00:00Z'), updatedAt: at('2026-08-25T09:00:00Z'),
  });
  await database.db.insert(missedReports).values([
    report('KB-26-000001', 103, 'refuse', 'open'),
    report('KB-26-000002', 102, 'refuse', 'resolved'),
    report('KB-26-000003', 101, 'recycling', 'open'),
  ]);
  const sheet = await (await get('/api/v1/crew/rounds/REF-MON/2026-09-01', crew)).json();
  const byUprn = Object.fromEntries(sheet.stops.map((s: { uprn: string }) => [s.uprn, s]));
  expect(byUprn['101'].outcomes).toEqual([
    { id: '00000000-0000-4000-8000-000000000001', service: 'refuse', outcome: 'not_presented', recordedAt: '2026-09-01T08:05:00.000Z' },
    { id: '00000000-0000-4000-8000-000000000002', service: 'refuse', outcome: 'collected', recordedAt: '2026-09-01T08:10:00.000Z' },
  ]);
  expect(byUprn['103'].returnVisits).toEqual([{ reference: 'KB-26-000001', service: 'refuse' }]);
  expect(byUprn['102'].returnVisits).toEqual([]);
  expect(byUprn['101'].returnVisits).toEqual([]);
});

test("a crew never sees another council's rounds, even one with the same code", async () => {
  const crew = await signIn('crew@demo.test');
  const own = await (await get('/api/v1/crew/rounds/REF-MON/2026-09-01', crew)).json();
  expect(own.stops.some((s: { uprn: string }) => s.uprn === '201')).toBe(false);

  const foreign = await get('/api/v1/crew/rounds/OTH-TUE/2026-09-02', crew);
  expect(foreign.status).toBe(404);
  expect((await foreign.json()).error.code).toBe('not_found');

  const otherCrew = await signIn('crew@other.test', 'crew', 'other');
  const theirs = await (await get('/api/v1/crew/rounds/REF-MON/2026-09-01', otherCrew)).json();
  expect(theirs.round.name).toBe('Other Monday');
  expect(theirs.stops.map((s: { uprn: string }) => s.uprn)).toEqual(['201']);
  const list = await (await get('/api/v1/crew/rounds?date=2026-09-02', otherCrew)).json();
  expect(list.rounds.map((r: { id: string }) => r.id)).toEqual(['OTH-TUE']);
});

test('a date the round does not run is 404 not_running; a malformed date is 400 invalid_date', async () => {
  const crew = await signIn('crew@demo.test');
  const notRunning = await get('/api/v1/crew/rounds/REF-MON/2026-08-31', crew);
  expect(notRunning.status).toBe(404);
  expect((await notRunning.json()).error.code).toBe('not_running');
  for (const path of ['/api/v1/crew/rounds/REF-MON/2026-02-30', '/api/v1/crew/rounds/REF-MON/tomorrow', '/api/v1/crew/rounds?date=1/9/2026']) {
    const res = await get(path, crew);
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('invalid_date');
  }
});

test('crew and officers may read round sheets; no session is 401, a customer 403', async () => {
  expect((await get('/api/v1/crew/rounds?date=2026-09-01')).status).toBe(401);
  expect((await get('/api/v1/crew/rounds/REF-MON/2026-09-01')).status).toBe(401);
  const customer = await signIn('shop@demo.test', 'customer');
  const refused = await get('/api/v1/crew/rounds/REF-MON/2026-09-01', customer);
  expect(refused.status).toBe(403);
  expect((await refused.json()).error.code).toBe('forbidden');
  const officer = await signIn('officer@demo.test', 'officer');
  expect((await get('/api/v1/crew/rounds/REF-MON/2026-09-01', officer)).status).toBe(200);
});

test('a crew resolves a return visit once; it leaves the sheet; another council cannot touch it', async () => {
  const crew = await signIn('crew@demo.test');
  const at = new Date('2026-08-25T09:00:00Z');
  await database.db.insert(missedReports).values({
    reference: 'KB-26-000009', councilId: demoId, uprn: 103, serviceId: 'refuse', collectionDate: '2026-08-24', channel: 'web',
    status: 'open', dueBy: new Date('2026-08-27T16:00:00Z'), createdAt: at, updatedAt: at, reporterEmail: 'resident@example.org',
  });
  const post = (cookie: string, body: unknown = {}) =>
    app.request('/api/v1/crew/return-visits/KB-26-000009/resolve', {
      method: 'POST', headers: { ...cookie && { cookie }, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
  const otherCrew = await signIn('crew@other.test', 'crew', 'other');
  expect((await post(otherCrew.cookie)).status).toBe(403);

  const res = await post(crew.cookie, { note: 'Emptied on the return visit.' });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ reference: 'KB-26-000009', status: 'resolved' });
  const sheet = await (await get('/api/v1/crew/rounds/REF-MON/2026-09-01', crew)).json();
  expect(sheet.stops[0].returnVisits).toEqual([]);

  const again = await post(crew.cookie);
  expect(again.status).toBe(409);
  expect((await again.json()).error.code).toBe('invalid_transition');
  expect((await post('')).status).toBe(401);
});
