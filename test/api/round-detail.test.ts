/**
 * GET /api/v1/rounds/{round} and PUT /api/v1/rounds/{round}/sequence: the round with its periods and
 * stops in sequence, reordering from a date (crew sheets follow it from then, never before), the
 * preview that writes nothing, sequence_mismatch, in_the_past, scoping and roles.
 */
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

/** Demo: REF-MON (refuse, weekly Monday, 3 stops), REF-THU, REC-TUE. Today is Tuesday 1 Sep 2026. */
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
    { councilId: demoId, id: 'REF-THU', serviceId: 'refuse', name: 'Refuse Thursday' },
    { councilId: demoId, id: 'REC-TUE', serviceId: 'recycling', name: 'Recycling Tuesday' },
    { councilId: otherId, id: 'OTH-MON', serviceId: 'refuse', name: 'Other Monday' },
  ]);
  await db.insert(roundSchedules).values([
    { councilId: demoId, roundId: 'REF-MON', from: '2026-01-01', to: '2026-09-20', anchor: '2026-01-05', everyWeeks: 1 },
    { councilId: demoId, roundId: 'REF-MON', from: '2026-09-21', anchor: '2026-09-23', everyWeeks: 2 },
    { councilId: demoId, roundId: 'REF-THU', from: '2026-01-01', anchor: '2026-01-08', everyWeeks: 1 },
    { councilId: demoId, roundId: 'REC-TUE', from: '2026-01-01', anchor: '2026-01-06', everyWeeks: 1 },
    { councilId: otherId, roundId: 'OTH-MON', from: '2026-01-01', anchor: '2026-01-05', everyWeeks: 1 },
  ]);
  const home = (uprn: number, councilId: number, assisted = false) => ({ uprn, councilId, address: `${uprn} High Street`, postcode: 'DE1 1AA', lat: [52.91, 52.92, 52.93, 52.94][uprn % 100 - 1] ?? 52.95, lon: -1.47, assisted });
  await db.insert(properties).values([home(101, demoId), home(102, demoId, true), home(103, demoId), home(104, demoId), home(201, otherId)]);
  await db.insert(assignments).values([
    { councilId: demoId, uprn: 101, roundId: 'REF-MON', from: '2026-01-01', sequence: 1 },
    { councilId: demoId, uprn: 102, roundId: 'REF-MON', from: '2026-01-01', sequence: 2 },
    { councilId: demoId, uprn: 103, roundId: 'REF-MON', from: '2026-01-01', sequence: 3 },
    // Ended before today: not a stop any more.
    { councilId: demoId, uprn: 104, roundId: 'REF-MON', from: '2026-01-01', to: '2026-08-31', sequence: 4 },
    { councilId: demoId, uprn: 101, roundId: 'REC-TUE', from: '2026-01-01', sequence: 1 },
    { councilId: otherId, uprn: 201, roundId: 'OTH-MON', from: '2026-01-01', sequence: 1 },
  ]);
});

const signIn = (email: string, role: Role = 'officer', council = 'demo') => signInAs({ app, deps }, email, role, council);
const put = (path: string, body: unknown, cookie?: string) =>
  app.request(path, { method: 'PUT', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });
const get = (path: string, cookie?: string) => app.request(path, { headers: cookie ? { cookie } : {} });
const roundAudits = async () => (await database.db.select().from(auditLog)).filter((a) => a.entity === 'round');
const assignmentRows = async () =>
  (await database.db.select().from(assignments).where(and(eq(assignments.councilId, demoId), eq(assignments.roundId, 'REF-MON'))))
    .map((a) => `${a.uprn}@${a.from}..${a.to ?? ''}#${a.sequence}`).sort();
const sheet = async (cookie: string, round: string, day: string) => {
  const r = await get(`/api/v1/crew/rounds/${round}/${day}`, cookie);
  expect(r.status).toBe(200);
  return ((await r.json()) as { stops: { uprn: string }[] }).stops.map((s) => s.uprn);
};

test('GET answers the round, its current and future periods and its stops in sequence on the date', async () => {
  const cookie = await signIn('officer@demo.test');
  const res = await get('/api/v1/rounds/REF-MON?date=2026-09-01', cookie);
  expect(res.status).toBe(200);
  const body = await res.json();
  expect(body).toMatchObject({ id: 'REF-MON', name: 'Refuse Monday', service: 'refuse', serviceName: 'Rubbish', date: '2026-09-01', nextCollection: '2026-09-07' });
  expect(body.periods).toEqual([
    { from: '2026-01-01', to: '2026-09-20', anchor: '2026-01-05', everyWeeks: 1, weekday: 1, description: 'Every Monday' },
    { from: '2026-09-21', to: null, anchor: '2026-09-23', everyWeeks: 2, weekday: 3, description: 'Every 2 weeks on Wednesday' },
  ]);
  expect(body.stops).toEqual([
    { sequence: 1, uprn: '101', address: '101 High Street', postcode: 'DE1 1AA', lat: 52.91, lon: -1.47, assisted: false },
    { sequence: 2, uprn: '102', address: '102 High Street', postcode: 'DE1 1AA', lat: 52.92, lon: -1.47, assisted: true },
    { sequence: 3, uprn: '103', address: '103 High Street', postcode: 'DE1 1AA', lat: 52.93, lon: -1.47, assisted: false },
  ]);
  // In August, 104 was still a stop; after 20 September only the new period is listed.
  expect((await (await get('/api/v1/rounds/REF-MON?date=2026-08-03', cookie)).json()).stops.map((s: { uprn: string }) => s.uprn)).toEqual(['101', '102', '103', '104']);
  expect((await (await get('/api/v1/rounds/REF-MON?date=2026-09-21', cookie)).json()).periods).toHaveLength(1);
  // Default date: today.
  expect((await (await get('/api/v1/rounds/REF-MON', cookie)).json()).date).toBe('2026-09-01');
  expect((await get('/api/v1/rounds/REF-MON?date=tomorrow', cookie)).status).toBe(400);
});

test("another council's round and an unknown round are 404; no session 401; crew and customer 403", async () => {
  const cookie = await signIn('officer@demo.test');
  expect((await get('/api/v1/rounds/OTH-MON', cookie)).status).toBe(404);
  expect((await get('/api/v1/rounds/NOPE', cookie)).status).toBe(404);
  expect((await put('/api/v1/rounds/OTH-MON/sequence', { uprns: ['201'] }, cookie)).status).toBe(404);
  expect((await get('/api/v1/rounds/REF-MON')).status).toBe(401);
  expect((await put('/api/v1/rounds/REF-MON/sequence', { uprns: ['103', '102', '101'] })).status).toBe(401);
  for (const role of ['crew', 'customer'] as const) {
    const who = await signIn(`${role}@demo.test`, role);
    expect((await get('/api/v1/rounds/REF-MON', who)).status).toBe(403);
    expect((await put('/api/v1/rounds/REF-MON/sequence', { uprns: ['103', '102', '101'] }, who)).status).toBe(403);
  }
  const admin = await signIn('admin@demo.test', 'admin');
  expect((await get('/api/v1/rounds/REF-MON', admin)).status).toBe(200);
  expect(await roundAudits()).toHaveLength(0);
});

test('a reorder from today rewrites the sequence in one audited write; crew sheets follow it from today, never before', async () => {
  const cookie = await signIn('officer@demo.test');
  const crew = await signIn('crew@demo.test', 'crew');
  const res = await put('/api/v1/rounds/REF-MON/sequence', { uprns: ['103', '101', '102'] }, cookie);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ round: 'REF-MON', from: '2026-09-01', changed: 3, uprns: ['103', '101', '102'] });
  expect(await sheet(crew, 'REF-MON', '2026-09-07')).toEqual(['103', '101', '102']);
  // Last Monday's sheet keeps the order it was worked in.
  expect(await sheet(crew, 'REF-MON', '2026-08-31')).toEqual(['101', '102', '103', '104']);
  const detail = await (await get('/api/v1/rounds/REF-MON', cookie)).json();
  expect(detail.stops.map((s: { uprn: string; sequence: number }) => [s.uprn, s.sequence])).toEqual([['103', 1], ['101', 2], ['102', 3]]);
  const audits = await roundAudits();
  expect(audits).toHaveLength(1);
  expect(audits[0]).toMatchObject({ action: 'round.sequence', entityId: 'REF-MON', before: { from: '2026-09-01', order: ['101', '102', '103'] }, after: { from: '2026-09-01', order: ['103', '101', '102'] } });
  // Another reorder from the same day renumbers in place (no further split).
  expect((await put('/api/v1/rounds/REF-MON/sequence', { uprns: ['101', '103', '102'] }, cookie)).status).toBe(200);
  expect(await assignmentRows()).toEqual([
    '101@2026-01-01..2026-08-31#1', '101@2026-09-01..#1', '102@2026-01-01..2026-08-31#2', '102@2026-09-01..#3',
    '103@2026-01-01..2026-08-31#3', '103@2026-09-01..#2', '104@2026-01-01..2026-08-31#4',
  ]);
  expect(await sheet(crew, 'REF-MON', '2026-09-07')).toEqual(['101', '103', '102']);
});

test('a reorder from a later date leaves the sheets before it alone; a stop keeping its place is not rewritten', async () => {
  const cookie = await signIn('officer@demo.test');
  const crew = await signIn('crew@demo.test', 'crew');
  const res = await put('/api/v1/rounds/REF-MON/sequence', { uprns: ['101', '103', '102'], from: '2026-09-10' }, cookie);
  expect(res.status).toBe(200);
  expect((await res.json()).changed).toBe(2);
  expect(await sheet(crew, 'REF-MON', '2026-09-07')).toEqual(['101', '102', '103']);
  expect(await sheet(crew, 'REF-MON', '2026-09-14')).toEqual(['101', '103', '102']);
  expect(await assignmentRows()).toEqual([
    '101@2026-01-01..#1', '102@2026-01-01..2026-09-09#2', '102@2026-09-10..#3',
    '103@2026-01-01..2026-09-09#3', '103@2026-09-10..#2', '104@2026-01-01..2026-08-31#4',
  ]);
});

test('the preview lists the stops whose position changes and the first collection in the new order, and writes nothing', async () => {
  const cookie = await signIn('officer@demo.test');
  const before = await assignmentRows();
  const res = await put('/api/v1/rounds/REF-MON/sequence?preview=true', { uprns: ['101', '103', '102'], from: '2026-09-08' }, cookie);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({
    properties: 2, collections: 0, sample: [], from: '2026-09-08', firstCollection: '2026-09-14',
    positions: [{ uprn: '103', address: '103 High Street', before: 3, after: 2 }, { uprn: '102', address: '102 High Street', before: 2, after: 3 }],
  });
  expect(await assignmentRows()).toEqual(before);
  expect(await roundAudits()).toHaveLength(0);
});

test('a list that is not exactly the current stops is 422 sequence_mismatch; a past date in_the_past; nothing written', async () => {
  const cookie = await signIn('officer@demo.test');
  const before = await assignmentRows();
  const cases: Array<[unknown, Record<string, string[]>]> = [
    [{ uprns: ['103', '101'] }, { missing: ['102'], extra: [], duplicates: [] }],
    [{ uprns: ['103', '101', '102', '104'] }, { missing: [], extra: ['104'], duplicates: [] }],
    [{ uprns: ['103', '101', '102', '201'] }, { missing: [], extra: ['201'], duplicates: [] }],
    [{ uprns: ['103', '101', '101', '102'] }, { missing: [], extra: [], duplicates: ['101'] }],
  ];
  for (const [body, details] of cases) {
    for (const q of ['', '?preview=true']) {
      const res = await put(`/api/v1/rounds/REF-MON/sequence${q}`, body, cookie);
      expect(res.status).toBe(422);
      const { error } = await res.json();
      expect(error).toMatchObject({ code: 'sequence_mismatch', ...details });
    }
  }
  const past = await put('/api/v1/rounds/REF-MON/sequence', { uprns: ['103', '101', '102'], from: '2026-08-31' }, cookie);
  expect(past.status).toBe(422);
  expect((await past.json()).error.code).toBe('in_the_past');
  expect((await put('/api/v1/rounds/REF-MON/sequence', { uprns: [] }, cookie)).status).toBe(400);
  expect((await put('/api/v1/rounds/REF-MON/sequence', { uprns: ['abc'] }, cookie)).status).toBe(400);
  expect((await put('/api/v1/rounds/REF-MON/sequence', { uprns: ['101'], from: 'soon' }, cookie)).status).toBe(400);
  expect(await assignmentRows()).toEqual(before);
  expect(await roundAudits()).toHaveLength(0);
});

test('the OpenAPI document carries both routes with every status', async () => {
  const doc = await (await app.request('/api/v1/openapi.json')).json();
  const getOp = doc.paths['/api/v1/rounds/{round}'].get;
  const putOp = doc.paths['/api/v1/rounds/{round}/sequence'].put;
  for (const s of ['200', '400', '401', '403', '404', '503']) expect(getOp.responses[s]).toBeDefined();
  for (const s of ['200', '400', '401', '403', '404', '413', '415', '422', '503']) expect(putOp.responses[s]).toBeDefined();
  expect(putOp.responses['422'].description).toContain('sequence_mismatch');
});
