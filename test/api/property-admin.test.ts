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
let demoId: number;
let otherId: number;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

/** Demo: REF-MON (refuse, weekly Mondays), REC-TUE (recycling, weekly Tuesdays). Today is Tuesday 1 Sep 2026. */
beforeEach(async () => {
  await resetDatabase(database);
  ({ app, deps } = buildTestApp(database, '2026-09-01T10:00:00+01:00'));
  const db = database.db;
  [{ id: demoId }, { id: otherId }] = await db.insert(councils).values([{ slug: 'demo', name: 'Demo' }, { slug: 'other', name: 'Other' }]).returning({ id: councils.id });
  await db.insert(services).values([
    { councilId: demoId, id: 'refuse', name: 'Rubbish', stream: 'residual', container: 'Black bin', colour: '#1f1f1f' },
    { councilId: demoId, id: 'recycling', name: 'Recycling', stream: 'dry_mixed', container: 'Blue bin', colour: '#1d70b8' },
    { councilId: otherId, id: 'refuse', name: 'Rubbish', stream: 'residual', container: 'Bin', colour: '#000000' },
  ]);
  await db.insert(rounds).values([
    { councilId: demoId, id: 'REF-MON', serviceId: 'refuse', name: 'Refuse Monday' },
    { councilId: demoId, id: 'REC-TUE', serviceId: 'recycling', name: 'Recycling Tuesday' },
    { councilId: otherId, id: 'OTH-MON', serviceId: 'refuse', name: 'Other Monday' },
  ]);
  await db.insert(roundSchedules).values([
    { councilId: demoId, roundId: 'REF-MON', from: '2026-01-01', anchor: '2026-01-05', everyWeeks: 1 },
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
const send = (method: string, path: string, body: unknown, cookie?: string) =>
  app.request(path, { method, headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });
const post = (path: string, body: unknown, cookie?: string) => send('POST', path, body, cookie);
const dates = async (uprn: number, from: string, to: string) => {
  const res = await app.request(`/api/v1/properties/${uprn}/collections?from=${from}&to=${to}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { date: string; service: string }[]).map((c) => `${c.service} ${c.date}`);
};
const version = async () => (await database.db.select({ v: councils.scheduleVersion }).from(councils).where(eq(councils.id, demoId)))[0].v;
const audits = async () => (await database.db.select().from(auditLog)).filter((a) => a.entity === 'property' || a.entity === 'assignment');
const code = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;
const newBuild = { uprn: '300', address: '1 New Close', postcode: 'de1 1ab', lat: 52.91, lon: -1.46, assisted: true, from: '2026-09-07', rounds: [{ round: 'REF-MON' }, { round: 'REC-TUE' }] };

test('401 without a session, 403 for crew and customer on every write', async () => {
  expect((await post('/api/v1/properties', newBuild)).status).toBe(401);
  expect((await send('PATCH', '/api/v1/properties/101', { assisted: true })).status).toBe(401);
  expect((await post('/api/v1/properties/101/demolish', { from: '2026-09-07' })).status).toBe(401);
  for (const role of ['crew', 'customer'] as const) {
    const cookie = await signIn(`${role}@demo.test`, role);
    expect((await post('/api/v1/properties', newBuild, cookie)).status).toBe(403);
    expect((await send('PATCH', '/api/v1/properties/101', { assisted: true }, cookie)).status).toBe(403);
    expect((await post('/api/v1/properties/101/demolish', { from: '2026-09-07' }, cookie)).status).toBe(403);
  }
  expect((await database.db.select().from(properties)).length).toBe(3);
});

test('a new build: preview writes nothing; then 201 with its rounds from the date, seen by the public lookup', async () => {
  const cookie = await signIn('officer@demo.test');
  const v0 = await version();
  const preview = await post('/api/v1/properties?preview=true', newBuild, cookie);
  expect(preview.status).toBe(200);
  const p = (await preview.json()) as { properties: number; collections: number; sample: Array<{ before: string | null; after: string; service: string }> };
  expect(p.properties).toBe(1);
  expect(p.collections).toBeGreaterThan(90); // two weekly rounds for a year
  expect(p.sample[0]).toMatchObject({ uprn: '300', service: 'refuse', before: null, after: '2026-09-07' });
  expect((await database.db.select().from(properties).where(eq(properties.uprn, 300))).length).toBe(0);
  expect(await version()).toBe(v0);
  expect(await audits()).toEqual([]);

  const res = await post('/api/v1/properties', newBuild, cookie);
  expect(res.status).toBe(201);
  const body = (await res.json()) as any;
  expect(body).toMatchObject({ uprn: '300', postcode: 'DE1 1AB', kind: 'domestic', assisted: true });
  expect(body.assignments.map((a: any) => [a.round, a.from, a.sequence])).toEqual([['REF-MON', '2026-09-07', 3], ['REC-TUE', '2026-09-07', 2]]);
  expect(await version()).toBe(v0 + 1);
  // Never before the date: the Tuesday 1 Sep is not theirs; from Monday 7 Sep they are on both rounds.
  expect(await dates(300, '2026-09-01', '2026-09-15')).toEqual(['refuse 2026-09-07', 'recycling 2026-09-08', 'refuse 2026-09-14', 'recycling 2026-09-15']);
  const rows = await audits();
  expect(rows.map((a) => a.action).sort()).toEqual(['assignment.create', 'assignment.create', 'property.create']);
  expect(rows.every((a) => a.userId !== null)).toBe(true);
});

test('create: 409 uprn_exists (also for another council\'s UPRN), 422 codes, and nothing written', async () => {
  const cookie = await signIn('officer@demo.test');
  const cases: Array<[unknown, number, string]> = [
    [{ ...newBuild, uprn: '101' }, 409, 'uprn_exists'],
    [{ ...newBuild, uprn: '201' }, 409, 'uprn_exists'],
    [{ ...newBuild, uprn: '0' }, 422, 'invalid_uprn'],
    [{ ...newBuild, uprn: '1234567890123' }, 422, 'invalid_uprn'],
    [{ ...newBuild, postcode: 'NOT A CODE' }, 422, 'invalid_postcode'],
    [{ ...newBuild, lat: 40 }, 422, 'invalid_location'],
    [{ ...newBuild, kind: 'castle' }, 422, 'invalid_kind'],
    [{ ...newBuild, kind: 'demolished' }, 422, 'invalid_kind'],
    [{ ...newBuild, from: '2026-08-31' }, 422, 'in_the_past'],
    [{ ...newBuild, from: undefined }, 422, 'from_required'],
    [{ ...newBuild, rounds: [{ round: 'OTH-MON' }] }, 422, 'unknown_round'],
    [{ ...newBuild, rounds: [{ round: 'NOPE' }] }, 422, 'unknown_round'],
    [{ ...newBuild, lat: 'north' }, 400, 'invalid_request'],
  ];
  for (const [body, status, want] of cases) {
    const res = await post('/api/v1/properties', body, cookie);
    expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), status]);
    expect(await code(res)).toBe(want);
  }
  expect((await database.db.select().from(properties)).length).toBe(3);
  expect((await database.db.select().from(assignments)).length).toBe(4);
  expect(await audits()).toEqual([]);
});

test('PATCH changes details and the assisted flag; the public lookup shows it on the next request', async () => {
  const cookie = await signIn('officer@demo.test');
  const before = (await (await app.request('/api/v1/properties/101')).json()) as any;
  expect(before.address).toBe('101 High Street');
  const res = await send('PATCH', '/api/v1/properties/101', { address: '101a High Street', postcode: 'de1 1ab', assisted: true }, cookie);
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ uprn: '101', address: '101a High Street', postcode: 'DE1 1AB', assisted: true });
  const after = (await (await app.request('/api/v1/properties/101')).json()) as any;
  expect([after.address, after.postcode]).toEqual(['101a High Street', 'DE1 1AB']);
  const [row] = await audits();
  expect(row).toMatchObject({ action: 'property.update', entity: 'property', entityId: '101' });
  expect(row.before).toEqual({ address: '101 High Street', postcode: 'DE1 1AA', assisted: false });
  expect(row.after).toEqual({ address: '101a High Street', postcode: 'DE1 1AB', assisted: true });
});

test('PATCH: 404 for another council, 422 codes, 400 for a bad UPRN; nothing written', async () => {
  const cookie = await signIn('officer@demo.test');
  expect((await send('PATCH', '/api/v1/properties/201', { assisted: true }, cookie)).status).toBe(404);
  expect((await send('PATCH', '/api/v1/properties/999', { assisted: true }, cookie)).status).toBe(404);
  const bad = await send('PATCH', '/api/v1/properties/abc', { assisted: true }, cookie);
  expect([bad.status, await code(bad)]).toEqual([400, 'invalid_uprn']);
  for (const [body, want] of [[{ postcode: 'ZZZ' }, 'invalid_postcode'], [{ kind: 'demolished' }, 'invalid_kind'], [{}, 'nothing_to_change'], [{ lon: 5 }, 'invalid_location']] as const) {
    const res = await send('PATCH', '/api/v1/properties/101', body, cookie);
    expect([res.status, await code(res)]).toEqual([422, want]);
  }
  const [p201] = await database.db.select().from(properties).where(eq(properties.uprn, 201));
  expect(p201.assisted).toBe(false);
  expect(await audits()).toEqual([]);
});

test('demolish: preview lists the lost collections and writes nothing; then no collections from the date, never before', async () => {
  const cookie = await signIn('officer@demo.test');
  expect(await dates(101, '2026-09-07', '2026-09-15')).toEqual(['refuse 2026-09-07', 'recycling 2026-09-08', 'refuse 2026-09-14', 'recycling 2026-09-15']);
  const v0 = await version();
  const preview = await post('/api/v1/properties/101/demolish?preview=true', { from: '2026-09-14' }, cookie);
  expect(preview.status).toBe(200);
  const p = (await preview.json()) as any;
  expect(p.properties).toBe(1);
  expect(p.sample[0]).toMatchObject({ uprn: '101', service: 'refuse', originalDate: '2026-09-14', before: '2026-09-14', after: null });
  expect(p.collections).toBeGreaterThan(90);
  expect(await version()).toBe(v0);
  expect((await database.db.select().from(properties).where(eq(properties.uprn, 101)))[0].kind).toBe('domestic');

  const res = await post('/api/v1/properties/101/demolish', { from: '2026-09-14' }, cookie);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ uprn: '101', kind: 'demolished', from: '2026-09-14', ended: 2, removed: 0 });
  expect(await version()).toBe(v0 + 1);
  expect(await dates(101, '2026-09-07', '2026-10-15')).toEqual(['refuse 2026-09-07', 'recycling 2026-09-08']);
  const ends = await database.db.select({ to: assignments.to }).from(assignments).where(and(eq(assignments.councilId, demoId), eq(assignments.uprn, 101)));
  expect(ends.map((a) => a.to)).toEqual(['2026-09-13', '2026-09-13']);
  expect((await audits()).map((a) => a.action).sort()).toEqual(['assignment.end', 'assignment.end', 'property.demolish']);
  // Its neighbour on the round is untouched.
  expect(await dates(102, '2026-09-14', '2026-09-14')).toEqual(['refuse 2026-09-14']);

  const again = await post('/api/v1/properties/101/demolish', { from: '2026-09-21' }, cookie);
  expect([again.status, await code(again)]).toEqual([409, 'already_demolished']);
});

test('demolish: in the past 422, another council 404; nothing written', async () => {
  const cookie = await signIn('officer@demo.test');
  const past = await post('/api/v1/properties/101/demolish', { from: '2026-08-31' }, cookie);
  expect([past.status, await code(past)]).toEqual([422, 'in_the_past']);
  expect((await post('/api/v1/properties/201/demolish', { from: '2026-09-14' }, cookie)).status).toBe(404);
  expect((await post('/api/v1/properties/201/demolish?preview=true', { from: '2026-09-14' }, cookie)).status).toBe(404);
  expect((await database.db.select().from(assignments)).every((a) => a.to === null)).toBe(true);
  expect(await audits()).toEqual([]);
});

test('demolish from today: today\'s collection goes; a future assignment is removed outright', async () => {
  const cookie = await signIn('admin@demo.test', 'admin');
  await database.db.insert(assignments).values({ councilId: demoId, uprn: 102, roundId: 'REC-TUE', from: '2026-10-01', sequence: 5 });
  const res = await post('/api/v1/properties/102/demolish', { from: '2026-09-01' }, cookie);
  expect(await res.json()).toEqual({ uprn: '102', kind: 'demolished', from: '2026-09-01', ended: 1, removed: 1 });
  expect(await dates(102, '2026-08-31', '2026-12-31')).toEqual(['refuse 2026-08-31']);
});

test('the property JSON (cached lookup) drops the demolished property\'s next collection on the next request', async () => {
  const cookie = await signIn('officer@demo.test');
  const next = async () => ((await (await app.request('/api/v1/properties/101')).json()) as any).services.map((s: any) => `${s.id} ${s.next?.date ?? '-'}`).sort();
  expect(await next()).toEqual(['recycling 2026-09-01', 'refuse 2026-09-07']);
  expect(await next()).toEqual(['recycling 2026-09-01', 'refuse 2026-09-07']); // served from the plan cache
  // From Monday 7 Sep: today's (Tuesday's) recycling still stands, Monday's refuse is gone.
  expect((await post('/api/v1/properties/101/demolish', { from: '2026-09-07' }, cookie)).status).toBe(200);
  expect(await next()).toEqual(['recycling 2026-09-01', 'refuse -']);
});
