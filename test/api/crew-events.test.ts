import { afterAll, beforeAll, beforeEach, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { openTestDatabase } from '../support/db.ts';
import { app, count, HOME, jsonPost, OTHER_HOME, resetReports, rows, seedCouncils, signIn, WEDNESDAY } from './reports-setup.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedCouncils(database);
});
afterAll(() => database.close());
beforeEach(() => resetReports(database));

const event = (over: Record<string, unknown> = {}) => ({
  id: crypto.randomUUID(), uprn: HOME, service: 'refuse', date: '2026-09-01', outcome: 'collected', recordedAt: '2026-09-01T08:15:00+01:00', ...over,
});

test('a batch is stored once: a retry counts as duplicates', async () => {
  const t = app(database, '2026-09-01T09:00:00+01:00');
  const cookie = await signIn(t, 'testshire', 'crew');
  const batch = { events: [event(), event({ service: 'food', outcome: 'not_presented', note: 'Caddy not out' })] };
  const first = await t.app.request('/api/v1/crew/events', jsonPost(batch, { cookie }));
  expect(first.status).toBe(200);
  expect(await first.json()).toEqual({ accepted: 2, duplicates: 0 });
  const retry = await t.app.request('/api/v1/crew/events', jsonPost({ events: [...batch.events, event({ service: 'recycling' })] }, { cookie }));
  expect(await retry.json()).toEqual({ accepted: 1, duplicates: 2 });
  expect(await count(database, 'crew_events')).toBe(3);
  const stored = rows(await database.db.execute(sql`select user_id, outcome, note from crew_events where service_id = 'food'`));
  expect(stored).toEqual([{ user_id: 1, outcome: 'not_presented', note: 'Caddy not out' }]);
});

test('the same id twice in one batch is one event', async () => {
  const t = app(database);
  const cookie = await signIn(t, 'testshire', 'crew');
  const e = event();
  const res = await t.app.request('/api/v1/crew/events', jsonPost({ events: [e, e] }, { cookie }));
  expect(await res.json()).toEqual({ accepted: 1, duplicates: 1 });
});

test('concurrent retries of one batch store each event once', async () => {
  const t = app(database);
  const cookie = await signIn(t, 'testshire', 'crew');
  const batch = { events: Array.from({ length: 20 }, (_, i) => event({ outcome: i % 2 ? 'collected' : 'no_access' })) };
  const answers = await Promise.all(Array.from({ length: 10 }, () => t.app.request('/api/v1/crew/events', jsonPost(batch, { cookie }))));
  const bodies = await Promise.all(answers.map((r) => r.json()));
  expect(bodies.reduce((n, b) => n + b.accepted, 0)).toBe(20);
  expect(bodies.reduce((n, b) => n + b.duplicates, 0)).toBe(180);
  expect(await count(database, 'crew_events')).toBe(20);
});

test('a recorded outcome blocks a missed report and shows on the property', async () => {
  const t = app(database);
  const cookie = await signIn(t, 'testshire', 'crew');
  await t.app.request('/api/v1/crew/events', jsonPost({ events: [event({ outcome: 'contaminated' })] }, { cookie }));
  const prop = await (await t.app.request(`/api/v1/properties/${HOME}`)).json();
  const refuse = prop.services.find((s: any) => s.id === 'refuse');
  expect(refuse).toMatchObject({ reportable: false, reportBlockedReason: 'crew_reported' });
});

test('crews write only for their own council: nothing of the batch is stored', async () => {
  const t = app(database);
  const cookie = await signIn(t, 'testshire', 'crew');
  const foreign = event({ uprn: OTHER_HOME });
  const res = await t.app.request('/api/v1/crew/events', jsonPost({ events: [event(), foreign] }, { cookie }));
  expect(res.status).toBe(404);
  expect((await res.json()).error).toMatchObject({ code: 'unknown_property', eventIds: [foreign.id] });
  expect(await count(database, 'crew_events')).toBe(0);
});

test('validation: outcomes, ids, dates, batch size, roles', async () => {
  const t = app(database);
  const cookie = await signIn(t, 'testshire', 'crew');
  const send = (body: unknown, c: string | null = cookie) => t.app.request('/api/v1/crew/events', jsonPost(body, c ? { cookie: c } : {}));
  for (const bad of [
    { events: [event({ outcome: 'lost' })] },
    { events: [event({ id: 'not-a-uuid' })] },
    { events: [event({ date: '2026-02-30' })] },
    { events: [event({ recordedAt: 'yesterday' })] },
    { events: [event({ note: 'x'.repeat(2001) })] },
    { nothing: true },
  ]) {
    const res = await send(bad);
    expect(res.status).toBe(400);
  }
  const unknownService = await send({ events: [event({ service: 'compost' })] });
  expect([unknownService.status, (await unknownService.json()).error.code]).toEqual([400, 'unknown_service']);
  const tooMany = await send({ events: Array.from({ length: 501 }, () => event()) });
  expect(tooMany.status).toBe(400);
  expect((await send({ events: [event()] }, null)).status).toBe(401);
  const customer = await signIn(t, 'testshire', 'customer' as any).catch(() => undefined);
  expect(customer).toBeUndefined(); // customers need --customer; there is no such sign-in here
  expect(await count(database, 'crew_events')).toBe(0);
  // An officer may record too.
  const officer = await signIn(t, 'testshire', 'officer');
  expect((await send({ events: [event()] }, officer)).status).toBe(200);
});

test('runs: start then complete; a late start does not reopen a completed run; unknown and foreign rounds are 404', async () => {
  const t = app(database, '2026-09-01T07:00:00+01:00');
  const cookie = await signIn(t, 'testshire', 'crew');
  const run = (body: unknown) => t.app.request('/api/v1/crew/runs', jsonPost(body, { cookie }));
  const started = await run({ round: 'REF-MON', date: '2026-09-01', status: 'in_progress' });
  expect(await started.json()).toMatchObject({ round: 'REF-MON', date: '2026-09-01', status: 'in_progress', startedAt: '2026-09-01T06:00:00.000Z', completedAt: null });
  t.clock.set('2026-09-01T13:00:00+01:00');
  const done = await run({ round: 'REF-MON', date: '2026-09-01', status: 'completed' });
  expect(await done.json()).toMatchObject({ status: 'completed', startedAt: '2026-09-01T06:00:00.000Z', completedAt: '2026-09-01T12:00:00.000Z' });
  t.clock.set('2026-09-01T13:05:00+01:00');
  const late = await run({ round: 'REF-MON', date: '2026-09-01', status: 'in_progress' });
  expect(await late.json()).toMatchObject({ status: 'completed', completedAt: '2026-09-01T12:00:00.000Z' });
  expect((await run({ round: 'O-TUE', date: '2026-09-01', status: 'in_progress' })).status).toBe(404);
  expect((await run({ round: 'REF-MON', date: '2026-09-01', status: 'not_started' })).status).toBe(400);

  // The completed run makes today's collection reportable before the cutoff.
  const res = await t.app.request('/api/v1/missed-reports', jsonPost({ uprn: HOME, service: 'refuse', name: 'Ada', email: 'ada@example.org' }));
  expect(res.status).toBe(201);
});
