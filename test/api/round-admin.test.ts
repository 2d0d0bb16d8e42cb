import { afterAll, beforeAll, beforeEach, expect, test } from 'bun:test';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { assignments, auditLog, councils, properties, roundSchedules, rounds, services } from '../../db/schema/index.ts';
import type { Role } from '../../server/services/auth.ts';
import { buildTestApp } from '../support/app.ts';
import { openTestDatabase, resetDatabase } from '../support/db.ts';
import { signInAs } from '../support/sign-in.ts';

let database: Database;
let app: ReturnType<typeof buildTestApp>['app'];
let deps: ReturnType<typeof buildTestApp>['deps'];
let clock: ReturnType<typeof buildTestApp>['clock'];
let demoId: number;
let otherId: number;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

/** Demo: REF-MON and REF-THU (refuse, weekly), REC-TUE (recycling). Today is Tuesday 1 Sep 2026. */
beforeEach(async () => {
  await resetDatabase(database);
  ({ app, deps, clock } = buildTestApp(database, '2026-09-01T10:00:00+01:00'));
  const db = database.db;
  [{ id: demoId }, { id: otherId }] = await db.insert(councils).values([{ slug: 'demo', name: 'Demo' }, { slug: 'other', name: 'Other' }]).returning({ id: councils.id });
  await db.insert(services).values([
    { councilId: demoId, id: 'refuse', name: 'Rubbish', stream: 'residual', container: 'Black bin', colour: '#1f1f1f' },
    { councilId: demoId, id: 'recycling', name: 'Recycling', stream: 'dry_mixed', container: 'Blue bin', colour: '#1d70b8' },
    { councilId: otherId, id: 'refuse', name: 'Rubbish', stream: 'residual', container: 'Bin', colour: '#000000' },
  ]);
  await db.insert(rounds).values([
    { councilId: demoId, id: 'REF-MON', serviceId: 'refuse', name: 'Refuse Monday' },
    { councilId: demoId, id: 'REF-THU', serviceId: 'refuse', name: 'Refuse Thursday' },
    { councilId: demoId, id: 'REC-TUE', serviceId: 'recycling', name: 'Recycling Tuesday' },
    { councilId: otherId, id: 'OTH-MON', serviceId: 'refuse', name: 'Other Monday' },
  ]);
  await db.insert(roundSchedules).values([
    { councilId: demoId, roundId: 'REF-MON', from: '2026-01-01', anchor: '2026-01-05', everyWeeks: 1 },
    { councilId: demoId, roundId: 'REF-THU', from: '2026-01-01', anchor: '2026-01-08', everyWeeks: 1 },
    { councilId: demoId, roundId: 'REC-TUE', from: '2026-01-01', anchor: '2026-01-06', everyWeeks: 1 },
    { councilId: otherId, roundId: 'OTH-MON', from: '2026-01-01', anchor: '2026-01-05', everyWeeks: 1 },
  ]);
  const home = (uprn: number, councilId: number) => ({ uprn, councilId, address: `${uprn} High Street`, postcode: 'DE1 1AA', lat: 52.9, lon: -1.47 });
  await db.insert(properties).values([home(101, demoId), home(102, demoId), home(201, otherId)]);
  await db.insert(assignments).values([
    { councilId: demoId, uprn: 101, roundId: 'REF-MON', from: '2026-01-01', sequence: 1 },
    { councilId: demoId, uprn: 102, roundId: 'REF-MON', from: '2026-01-01', sequence: 2 },
    { councilId: demoId, uprn: 101, roundId: 'REC-TUE', from: '2026-01-01', sequence: 1 },
    { councilId: otherId, uprn: 201, roundId: 'OTH-MON', from: '2026-01-01', sequence: 1 },
  ]);
});

const signIn = (email: string, role: Role = 'officer', council = 'demo') => signInAs({ app, deps }, email, role, council);
const post = (path: string, body: unknown, cookie?: string) =>
  app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });
const refuseDates = async (uprn: number, from: string, to: string) => {
  const res = await app.request(`/api/v1/properties/${uprn}/collections?from=${from}&to=${to}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { date: string; service: string }[]).filter((c) => c.service === 'refuse').map((c) => c.date);
};
const version = async () => (await database.db.select({ v: councils.scheduleVersion }).from(councils).where(eq(councils.id, demoId)))[0].v;
const auditCount = async () => (await database.db.select().from(auditLog)).filter((a) => a.entity === 'round' || a.entity === 'assignment').length;

test('a new period moves the round to Wednesdays from its date, never before; the old period ends the day before', async () => {
  const cookie = await signIn('officer@demo.test');
  const v0 = await version();
  // Residents see Mondays beforehand, including after the boundary.
  expect(await refuseDates(101, '2026-09-07', '2026-09-22')).toEqual(['2026-09-07', '2026-09-14', '2026-09-21']);
  const res = await post('/api/v1/rounds/REF-MON/periods', { from: '2026-09-15', anchor: '2026-09-16', everyWeeks: 2 }, cookie);
  expect(res.status).toBe(201);
  expect(await res.json()).toEqual({ round: 'REF-MON', from: '2026-09-15', to: null, anchor: '2026-09-16', everyWeeks: 2 });
  const periods = await database.db.select().from(roundSchedules).where(and(eq(roundSchedules.councilId, demoId), eq(roundSchedules.roundId, 'REF-MON')));
  expect(periods.map((p) => [p.from, p.to, p.everyWeeks])).toEqual(expect.arrayContaining([['2026-01-01', '2026-09-14', 1], ['2026-09-15', null, 2]]));
  expect(await refuseDates(101, '2026-09-07', '2026-10-01')).toEqual(['2026-09-07', '2026-09-14', '2026-09-16', '2026-09-30']);
  expect(await version()).toBe(v0 + 1);
  expect(await auditCount()).toBe(1);
});

test('a period preview answers the first new collection and writes nothing', async () => {
  const cookie = await signIn('officer@demo.test');
  const v0 = await version();
  const res = await post('/api/v1/rounds/REF-MON/periods?preview=true', { from: '2026-09-15', anchor: '2026-09-16', everyWeeks: 2 }, cookie);
  expect(res.status).toBe(200);
  const body = await res.json();
  expect(body).toMatchObject({ properties: 2, collections: 2 });
  expect(body.sample[0]).toEqual({ uprn: '101', address: '101 High Street', service: 'refuse', originalDate: '2026-09-21', before: '2026-09-21', after: '2026-09-16' });
  expect(await version()).toBe(v0);
  expect(await auditCount()).toBe(0);
  expect((await database.db.select().from(roundSchedules).where(eq(roundSchedules.roundId, 'REF-MON'))).filter((p) => p.councilId === demoId)).toHaveLength(1);
});

test('a period in the past is 422 in_the_past and writes nothing', async () => {
  const cookie = await signIn('officer@demo.test');
  const res = await post('/api/v1/rounds/REF-MON/periods', { from: '2026-08-31', anchor: '2026-09-02', everyWeeks: 1 }, cookie);
  expect(res.status).toBe(422);
  expect((await res.json()).error.code).toBe('in_the_past');
  expect(await auditCount()).toBe(0);
  // Today itself is allowed.
  expect((await post('/api/v1/rounds/REF-MON/periods', { from: '2026-09-01', anchor: '2026-09-02', everyWeeks: 1 }, cookie)).status).toBe(201);
});

test('bad bodies are 400, another council 404, crews and customers 403, no session 401', async () => {
  const cookie = await signIn('officer@demo.test');
  expect((await post('/api/v1/rounds/REF-MON/periods', { from: '2026-09-15', anchor: '2026-09-16', everyWeeks: 5 }, cookie)).status).toBe(400);
  expect((await post('/api/v1/rounds/REF-MON/periods', { from: 'soon' }, cookie)).status).toBe(400);
  expect((await post('/api/v1/rounds/OTH-MON/periods', { from: '2026-09-15', anchor: '2026-09-16', everyWeeks: 1 }, cookie)).status).toBe(404);
  expect((await post('/api/v1/assignments/move', { uprns: ['201'], toRound: 'REF-THU', from: '2026-09-15' }, cookie)).status).toBe(404);
  expect((await post('/api/v1/assignments/move', { uprns: ['101'], toRound: 'OTH-MON', from: '2026-09-15' }, cookie)).status).toBe(404);
  expect((await post('/api/v1/rounds/REF-MON/periods', { from: '2026-09-15', anchor: '2026-09-16', everyWeeks: 1 })).status).toBe(401);
  const crew = await signIn('crew@demo.test', 'crew');
  const customer = await signIn('customer@demo.test', 'customer');
  for (const who of [crew, customer]) {
    expect((await post('/api/v1/rounds/REF-MON/periods', { from: '2026-09-15', anchor: '2026-09-16', everyWeeks: 1 }, who)).status).toBe(403);
    expect((await post('/api/v1/assignments/move', { uprns: ['101'], toRound: 'REF-THU', from: '2026-09-15' }, who)).status).toBe(403);
  }
  expect(await auditCount()).toBe(0);
});

test('moving properties: the old assignment ends the day before, the new round has them from the date (crew sheet too)', async () => {
  const cookie = await signIn('officer@demo.test');
  const crew = await signIn('crew@demo.test', 'crew');
  const v0 = await version();
  const preview = await post('/api/v1/assignments/move?preview=true', { uprns: ['101', '102'], toRound: 'REF-THU', from: '2026-09-10' }, cookie);
  expect(preview.status).toBe(200);
  const p = await preview.json();
  expect(p).toMatchObject({ properties: 2, collections: 2 });
  expect(p.sample[0]).toMatchObject({ before: '2026-09-14', after: '2026-09-10' });
  expect(await version()).toBe(v0);

  const res = await post('/api/v1/assignments/move', { uprns: ['101', '102'], toRound: 'REF-THU', from: '2026-09-10' }, cookie);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ moved: 2 });
  expect(await version()).toBe(v0 + 1);
  expect(await refuseDates(101, '2026-09-01', '2026-09-20')).toEqual(['2026-09-07', '2026-09-10', '2026-09-17']);
  const sheet = async (round: string, day: string) => {
    const r = await app.request(`/api/v1/crew/rounds/${round}/${day}`, { headers: { cookie: crew } });
    return r.status === 200 ? ((await r.json()) as { stops: { uprn: string }[] }).stops.map((s) => s.uprn) : r.status;
  };
  expect(await sheet('REF-THU', '2026-09-03')).toEqual([]);
  expect(await sheet('REF-THU', '2026-09-10')).toEqual(['101', '102']);
  expect(await sheet('REF-MON', '2026-09-07')).toEqual(['101', '102']);
  expect(await sheet('REF-MON', '2026-09-14')).toEqual([]);
  expect(await auditCount()).toBe(2);
});

test('a move to a round of another service is 422 service_mismatch and writes nothing', async () => {
  const cookie = await signIn('officer@demo.test');
  const res = await post('/api/v1/assignments/move', { uprns: ['102'], toRound: 'REC-TUE', from: '2026-09-10' }, cookie);
  expect(res.status).toBe(422);
  expect((await res.json()).error.code).toBe('service_mismatch');
  const past = await post('/api/v1/assignments/move', { uprns: ['101'], toRound: 'REF-THU', from: '2026-08-01' }, cookie);
  expect(past.status).toBe(422);
  expect((await past.json()).error.code).toBe('in_the_past');
  expect(await auditCount()).toBe(0);
  expect(await database.db.select().from(assignments).where(eq(assignments.councilId, demoId))).toHaveLength(3);
  void clock;
});
