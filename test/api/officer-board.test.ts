import { afterAll, beforeAll, beforeEach, expect, test } from 'bun:test';
import type { Database } from '../../db/client.ts';
import { assignments, councils, crewEvents, properties, roundRuns, roundSchedules, rounds, services } from '../../db/schema/index.ts';
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
 * Demo council, Tuesday 1 Dec 2026: REF-TUE (refuse, 3 stops), REC-TUE (recycling, 2 stops), GDN-TUE
 * (garden, 1 stop, run completed). A grid of 10 × 10 properties 0.01° apart for the map, plus one
 * property of another council inside the same box.
 */
beforeEach(async () => {
  await resetDatabase(database);
  ({ app, deps } = buildTestApp(database, '2026-12-01T11:00:00Z'));
  const db = database.db;
  [{ id: demoId }, { id: otherId }] = await db.insert(councils).values([{ slug: 'demo', name: 'Demo' }, { slug: 'other', name: 'Other' }]).returning({ id: councils.id });
  await db.insert(services).values([
    { councilId: demoId, id: 'refuse', name: 'Rubbish', stream: 'residual', container: 'Black bin', colour: '#1f1f1f' },
    { councilId: demoId, id: 'recycling', name: 'Recycling', stream: 'dry_mixed', container: 'Blue bin', colour: '#1d70b8' },
    { councilId: demoId, id: 'garden', name: 'Garden', stream: 'garden', container: 'Green bin', colour: '#00703c' },
  ]);
  await db.insert(rounds).values([
    { councilId: demoId, id: 'REF-TUE', serviceId: 'refuse', name: 'Refuse Tuesday' },
    { councilId: demoId, id: 'REC-TUE', serviceId: 'recycling', name: 'Recycling Tuesday' },
    { councilId: demoId, id: 'GDN-TUE', serviceId: 'garden', name: 'Garden Tuesday' },
  ]);
  await db.insert(roundSchedules).values(['REF-TUE', 'REC-TUE', 'GDN-TUE'].map((roundId) =>
    ({ councilId: demoId, roundId, from: '2026-01-01', anchor: '2026-01-06', everyWeeks: 1 })));
  const grid = [];
  for (let i = 0; i < 10; i++) for (let j = 0; j < 10; j++) {
    grid.push({ uprn: 1000 + i * 10 + j, councilId: demoId, address: `${i * 10 + j + 1} Grid Road`, postcode: 'DE1 1AA', lat: 52.9 + i * 0.01, lon: -1.5 + j * 0.01 });
  }
  await db.insert(properties).values([...grid, { uprn: 9999, councilId: otherId, address: '1 Other Road', postcode: 'OT1 1AA', lat: 52.95, lon: -1.45 }]);
  await db.insert(assignments).values([
    { councilId: demoId, uprn: 1000, roundId: 'REF-TUE', from: '2026-01-01', sequence: 1 },
    { councilId: demoId, uprn: 1001, roundId: 'REF-TUE', from: '2026-01-01', sequence: 2 },
    { councilId: demoId, uprn: 1002, roundId: 'REF-TUE', from: '2026-01-01', sequence: 3 },
    { councilId: demoId, uprn: 1000, roundId: 'REC-TUE', from: '2026-01-01', sequence: 1 },
    { councilId: demoId, uprn: 1001, roundId: 'REC-TUE', from: '2026-01-01', sequence: 2 },
    { councilId: demoId, uprn: 1003, roundId: 'GDN-TUE', from: '2026-01-01', sequence: 1 },
  ]);
});

async function signIn(email: string, role: 'crew' | 'officer' | 'admin' = 'officer', council = 'demo') {
  await addUser(deps, { councilSlug: council, email, password: 'a long password', role });
  const res = await app.request('/api/v1/auth/login', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'a long password' }),
  });
  expect(res.status).toBe(204);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0] };
}
const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });
const event = (id: number, uprn: number, serviceId: string, outcome: string, at: string) => ({
  id: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`, councilId: demoId, uprn, serviceId, date: '2026-12-01', outcome, recordedAt: new Date(at),
});

test('rounds?date= counts done stops, not-collected stops by latest outcome, and derives the status', async () => {
  const officer = await signIn('officer@demo.test');
  await database.db.insert(crewEvents).values([
    event(1, 1000, 'refuse', 'not_presented', '2026-12-01T08:00:00Z'),
    event(2, 1000, 'refuse', 'collected', '2026-12-01T09:00:00Z'), // latest: collected
    event(3, 1001, 'refuse', 'contaminated', '2026-12-01T08:30:00Z'),
    event(4, 1000, 'recycling', 'collected', '2026-12-01T10:15:00Z'), // another service: not REF-TUE's
    event(5, 1003, 'garden', 'no_access', '2026-12-01T07:45:00Z'),
  ]);
  await database.db.insert(roundRuns).values({ councilId: demoId, roundId: 'GDN-TUE', date: '2026-12-01', status: 'completed' });

  const res = await get('/api/v1/rounds?date=2026-12-01', officer);
  expect(res.status).toBe(200);
  const body = await res.json();
  const byId = Object.fromEntries(body.map((r: any) => [r.id, r]));
  expect(byId['REF-TUE']).toEqual({ id: 'REF-TUE', name: 'Refuse Tuesday', service: 'refuse', stops: 3, done: 2, status: 'in_progress', lastEventAt: '2026-12-01T09:00:00.000Z', notCollected: 1 });
  expect(byId['REC-TUE']).toMatchObject({ stops: 2, done: 1, status: 'in_progress', notCollected: 0, lastEventAt: '2026-12-01T10:15:00.000Z' });
  expect(byId['GDN-TUE']).toMatchObject({ stops: 1, done: 1, status: 'completed', notCollected: 1 });

  // Default date is today; a day with no events is not started everywhere.
  const today = await (await get('/api/v1/rounds', officer)).json();
  expect(today.length).toBe(3);
  const nextWeek = await (await get('/api/v1/rounds?date=2026-12-08', officer)).json();
  expect(nextWeek.map((r: any) => [r.status, r.done, r.lastEventAt])).toEqual([['not_started', 0, null], ['not_started', 0, null], ['not_started', 0, null]]);
  // Wednesday: nothing runs.
  expect(await (await get('/api/v1/rounds?date=2026-12-02', officer)).json()).toEqual([]);
});

test('a run marked not completed is in progress with notCompleted', async () => {
  const officer = await signIn('officer@demo.test');
  await database.db.insert(roundRuns).values({ councilId: demoId, roundId: 'REF-TUE', date: '2026-12-01', status: 'not_completed' });
  const body = await (await get('/api/v1/rounds?date=2026-12-01', officer)).json();
  expect(body.find((r: any) => r.id === 'REF-TUE')).toMatchObject({ status: 'in_progress', notCompleted: true });
  expect(body.find((r: any) => r.id === 'REC-TUE').notCompleted).toBeUndefined();
});

test('rounds?date=: 401 without a session, 403 for crews, 400 for a malformed date', async () => {
  expect((await get('/api/v1/rounds?date=2026-12-01')).status).toBe(401);
  const crew = await signIn('crew@demo.test', 'crew');
  expect((await get('/api/v1/rounds?date=2026-12-01', crew)).status).toBe(403);
  const officer = await signIn('officer@demo.test');
  const bad = await get('/api/v1/rounds?date=1%20Dec', officer);
  expect(bad.status).toBe(400);
  expect((await bad.json()).error.code).toBe('invalid_date');
});

const BOX = '-1.6,52.8,-1.3,53.1';

test('below zoom 17 the map answers clusters whose counts add up to the council’s properties in the box', async () => {
  const officer = await signIn('officer@demo.test');
  const far = await (await get(`/api/v1/map/properties?bbox=${BOX}&zoom=5`, officer)).json();
  expect(far.type).toBe('FeatureCollection');
  expect(far.features.length).toBe(1); // a 2.8° cell holds the whole grid
  expect(far.features[0].properties).toEqual({ cluster: true, count: 100 }); // the other council's property is not counted

  const mid = await (await get(`/api/v1/map/properties?bbox=${BOX}&zoom=12`, officer)).json();
  // zoom 12: cells of 360/4096/4 ≈ 0.022°, so 2–3 grid lines per cell: fewer than 100 features, all clusters
  expect(mid.features.length).toBeGreaterThan(1);
  expect(mid.features.length).toBeLessThan(100);
  expect(mid.features.every((f: any) => f.properties.cluster === true)).toBe(true);
  expect(mid.features.reduce((n: number, f: any) => n + f.properties.count, 0)).toBe(100);

  // Even one property on its own is a cluster below 17.
  const one = await (await get('/api/v1/map/properties?bbox=-1.5001,52.8999,-1.4999,52.9001&zoom=16', officer)).json();
  expect(one.features).toEqual([{ type: 'Feature', geometry: { type: 'Point', coordinates: [-1.5, 52.9] }, properties: { cluster: true, count: 1 } }]);
});

test('from zoom 17 each property is its own feature, with its status when a round and date are given', async () => {
  const officer = await signIn('officer@demo.test');
  await database.db.insert(crewEvents).values([
    event(1, 1000, 'refuse', 'collected', '2026-12-01T08:00:00Z'),
    event(2, 1001, 'refuse', 'collected', '2026-12-01T08:10:00Z'),
    event(3, 1001, 'refuse', 'not_presented', '2026-12-01T08:20:00Z'),
  ]);
  const near = await (await get('/api/v1/map/properties?bbox=-1.505,52.895,-1.475,52.905&zoom=17', officer)).json();
  expect(near.features.map((f: any) => f.properties.uprn)).toEqual(['1000', '1001', '1002']);
  expect(near.features[0]).toEqual({ type: 'Feature', geometry: { type: 'Point', coordinates: [-1.5, 52.9] }, properties: { uprn: '1000', address: '1 Grid Road' } });

  const round = await (await get(`/api/v1/map/properties?bbox=${BOX}&zoom=18&round=REF-TUE&date=2026-12-01`, officer)).json();
  expect(round.features.map((f: any) => [f.properties.uprn, f.properties.status])).toEqual([['1000', 'collected'], ['1001', 'not_presented'], ['1002', 'pending']]);
  const clustered = await (await get(`/api/v1/map/properties?bbox=${BOX}&zoom=5&round=REF-TUE&date=2026-12-01`, officer)).json();
  expect(clustered.features.map((f: any) => f.properties)).toEqual([{ cluster: true, count: 3, done: 2 }]);
  expect((await get(`/api/v1/map/properties?bbox=${BOX}&zoom=18&round=NOPE&date=2026-12-01`, officer)).status).toBe(404);
});

test('the map answer is capped at a few thousand features', async () => {
  const officer = await signIn('officer@demo.test');
  const many = [];
  for (let i = 0; i < 4100; i++) many.push({ uprn: 100000 + i, councilId: demoId, address: `${i} Dense Row`, postcode: 'DE2 2AA', lat: 53.05 + (i % 64) * 0.0001, lon: -1.35 + Math.floor(i / 64) * 0.0001 });
  await database.db.insert(properties).values(many);
  const res = await (await get('/api/v1/map/properties?bbox=-1.36,53.04,-1.3,53.06&zoom=19', officer)).json();
  expect(res.features.length).toBe(4000);
  expect(res.truncated).toBe(true);
  const clusters = await (await get('/api/v1/map/properties?bbox=-1.36,53.04,-1.3,53.06&zoom=10', officer)).json();
  expect(clusters.truncated).toBe(false);
  expect(clusters.features.reduce((n: number, f: any) => n + f.properties.count, 0)).toBe(4100);
});

test('the map refuses a bad bbox or zoom with 400, crews with 403, and never shows another council', async () => {
  const officer = await signIn('officer@demo.test');
  for (const [q, code] of [
    ['bbox=1,2,3&zoom=10', 'invalid_bbox'], ['bbox=a,b,c,d&zoom=10', 'invalid_bbox'], ['bbox=3,52,1,53&zoom=10', 'invalid_bbox'],
    ['bbox=-200,52,1,53&zoom=10', 'invalid_bbox'], [`bbox=${BOX}&zoom=21`, 'invalid_zoom'], [`bbox=${BOX}&zoom=x`, 'invalid_zoom'],
    [`bbox=${BOX}`, 'invalid_zoom'], ['zoom=3', 'invalid_bbox'], [`bbox=${BOX}&zoom=3&date=tomorrow`, 'invalid_date'],
  ]) {
    const res = await get(`/api/v1/map/properties?${q}`, officer);
    expect([q, res.status]).toEqual([q, 400]);
    expect((await res.json()).error.code).toBe(code);
  }
  expect((await get(`/api/v1/map/properties?bbox=${BOX}&zoom=3`)).status).toBe(401);
  expect((await get(`/api/v1/map/properties?bbox=${BOX}&zoom=3`, await signIn('crew@demo.test', 'crew'))).status).toBe(403);
  const other = await signIn('officer@other.test', 'officer', 'other');
  const theirs = await (await get(`/api/v1/map/properties?bbox=${BOX}&zoom=18`, other)).json();
  expect(theirs.features.map((f: any) => f.properties.uprn)).toEqual(['9999']);
});

test('both routes are in the OpenAPI document with session security', async () => {
  const doc = await (await get('/api/v1/openapi.json')).json();
  for (const path of ['/api/v1/rounds', '/api/v1/map/properties']) {
    const op = doc.paths[path]?.get ?? doc.paths[path.replace('/api/v1', '')]?.get;
    expect(op).toBeDefined();
    expect(op.security).toEqual([{ session: [] }]);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
  }
});
