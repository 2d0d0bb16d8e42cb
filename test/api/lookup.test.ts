/**
 * The property lookup path (issue 10 item 1) and today's status (issue 11 item 10): cached answers
 * stay exact after crew events, runs and reports made through any route, two app instances over one
 * database see each other's writes, ETag/304 keeps working, and every `today` status.
 *
 * Testshire: HOME (100090000001) and NEIGHBOUR (…02) are on REF-MON (fortnightly), REC-MON (the
 * other weeks) and FOOD-MON (weekly). Monday 7 Sep 2026 is a recycling and food day.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { eq, sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { openDatabase, type Database } from '../../db/client.ts';
import * as schema from '../../db/schema/index.ts';
import { councils, scheduleExceptions } from '../../db/schema/index.ts';
import { PropertySchema } from '../../server/routes/api/schemas.ts';
import { buildTestApp } from '../support/app.ts';
import { openTestDatabase } from '../support/db.ts';
import { HOME, jsonPost, NEIGHBOUR, report, resetReports, seedCouncils, signIn } from './reports-setup.ts';

const MONDAY = '2026-09-07';
const at = (time: string) => `${MONDAY}T${time}:00+01:00`;

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedCouncils(database);
});
afterAll(() => database.close());
beforeEach(async () => {
  await resetReports(database);
  await database.db.execute(sql`truncate round_activity`);
  await database.db.delete(scheduleExceptions).where(sql`${scheduleExceptions.id} like 'lookup-%'`);
  await database.db.update(councils).set({ scheduleVersion: sql`${councils.scheduleVersion} + 1` });
});

type T = ReturnType<typeof buildTestApp>;
async function prop(t: T, uprn = HOME) {
  const res = await t.app.request(`/api/v1/properties/${uprn}`);
  expect(res.status).toBe(200);
  return PropertySchema.parse(await res.json());
}
const svc = (p: Awaited<ReturnType<typeof prop>>, id: string) => p.services.find((s) => s.id === id)!;
const event = (over: Record<string, unknown> = {}) => ({
  id: crypto.randomUUID(), uprn: HOME, service: 'food', date: MONDAY, outcome: 'collected', recordedAt: at('09:42'), ...over,
});
async function crewPost(t: T, cookie: string, path: string, body: unknown) {
  const res = await t.app.request(`/api/v1/crew/${path}`, jsonPost(body, { cookie }));
  expect(res.status).toBe(200);
}

/** A second app instance: its own database handle (and so its own caches) over the same database. */
async function secondInstance(now: string): Promise<{ t: T; close: () => Promise<void> }> {
  if (database.kind === 'postgres') {
    const other = await openDatabase({ url: process.env.DATABASE_URL, max: 4 });
    return { t: buildTestApp(other, now), close: () => other.close() };
  }
  const client = (database.db as unknown as { $client: ConstructorParameters<typeof Object>[0] }).$client;
  const db = drizzlePglite(client as never, { schema });
  return { t: buildTestApp({ ...database, db } as Database, now), close: async () => {} };
}

describe('today status', () => {
  test('not a collection day: no today', async () => {
    const t = buildTestApp(database, '2026-09-08T10:00:00+01:00');
    const p = await prop(t);
    for (const s of p.services) expect(s.today).toBeUndefined();
  });

  test('not_started, then in_progress when anyone on the round records, then recorded for this bin', async () => {
    const t = buildTestApp(database, at('08:00'));
    const cookie = await signIn(t, 'testshire', 'crew');
    let p = await prop(t);
    expect(svc(p, 'food').today).toEqual({ status: 'not_started' });
    expect(svc(p, 'recycling').today).toEqual({ status: 'not_started' });
    expect(svc(p, 'refuse').today).toBeUndefined();

    // The neighbour's bin: HOME's round has started, and nothing of the neighbour's is shown.
    await crewPost(t, cookie, 'events', { events: [event({ uprn: Number(NEIGHBOUR), outcome: 'not_presented', recordedAt: at('09:30') })] });
    p = await prop(t);
    expect(svc(p, 'food').today).toEqual({ status: 'in_progress' });
    expect(svc(p, 'recycling').today).toEqual({ status: 'not_started' });

    await crewPost(t, cookie, 'events', { events: [event()] });
    p = await prop(t);
    expect(svc(p, 'food').today).toEqual({ status: 'recorded', outcome: 'collected', recordedAt: '2026-09-07T08:42:00.000Z' });
    const page = await (await t.app.request(`/property/${HOME}`)).text();
    expect(page).toContain('Collected at 09:42');
  });

  test('a bin not put out is recorded with the crew’s reason', async () => {
    const t = buildTestApp(database, at('11:00'));
    const cookie = await signIn(t, 'testshire', 'crew');
    await prop(t);
    await crewPost(t, cookie, 'events', { events: [event({ outcome: 'not_presented', note: 'Gate locked' })] });
    const p = await prop(t);
    expect(svc(p, 'food').today).toEqual({ status: 'recorded', outcome: 'not_presented', recordedAt: '2026-09-07T08:42:00.000Z' });
    const page = await (await t.app.request(`/property/${HOME}`)).text();
    expect(page).toContain('Crew recorded at 09:42: Bin not out');
    expect(page).not.toContain('Gate locked');
  });

  test('a started run is in_progress; a completed run is round_completed and makes the report possible', async () => {
    const t = buildTestApp(database, at('10:00'));
    const cookie = await signIn(t, 'testshire', 'crew');
    expect(svc(await prop(t), 'recycling')).toMatchObject({ today: { status: 'not_started' }, reportable: false, reportBlockedReason: 'not_due' });
    await crewPost(t, cookie, 'runs', { round: 'REC-MON', date: MONDAY, status: 'in_progress' });
    expect(svc(await prop(t), 'recycling').today).toEqual({ status: 'in_progress' });
    await crewPost(t, cookie, 'runs', { round: 'REC-MON', date: MONDAY, status: 'completed' });
    const p = await prop(t);
    expect(svc(p, 'recycling')).toMatchObject({ today: { status: 'round_completed' }, reportable: true });
    expect(svc(p, 'food').today).toEqual({ status: 'not_started' });
    expect(await (await t.app.request(`/property/${HOME}`)).text()).toContain('The crew have finished this round');
  });

  test('not completed today: the catch-up date from the published move, though the collection left today', async () => {
    const t = buildTestApp(database, at('15:00'));
    await prop(t);
    // What the officer action does: the run marked not completed and a move for that round published.
    const [council] = await database.db.select().from(councils).where(eq(councils.slug, 'testshire'));
    await database.db.execute(sql`insert into round_runs (council_id, round_id, date, status, started_at)
      values (${council.id}, 'FOOD-MON', ${MONDAY}, 'not_completed', now())`);
    await database.db.insert(scheduleExceptions).values({
      councilId: council.id, id: 'lookup-catch-up', date: MONDAY, action: 'move', to: '2026-09-08', rounds: ['FOOD-MON'], reason: 'round not completed',
    });
    await database.db.update(councils).set({ scheduleVersion: sql`${councils.scheduleVersion} + 1` }).where(eq(councils.id, council.id));
    const p = await prop(t);
    expect(svc(p, 'food').today).toEqual({ status: 'not_completed', catchUpDate: '2026-09-08' });
    expect(svc(p, 'food').next).toMatchObject({ date: '2026-09-08', changed: true });
    expect(svc(p, 'recycling').today).toEqual({ status: 'not_started' });
    expect(await (await t.app.request(`/property/${HOME}`)).text()).toContain('Not finished today: now due Tuesday 8 September');
  });
});

describe('cache stays exact', () => {
  test('a missed report shows on the very next request', async () => {
    const t = buildTestApp(database, '2026-09-08T10:00:00+01:00');
    expect(svc(await prop(t), 'recycling').reportable).toBe(true);
    const res = await t.app.request('/api/v1/missed-reports', jsonPost(report({ service: 'recycling' })));
    expect(res.status).toBe(201);
    expect(svc(await prop(t), 'recycling')).toMatchObject({ reportable: false, reportBlockedReason: 'duplicate' });
  });

  test('the clock alone moves reportability (same-day cut-off) with no write', async () => {
    const t = buildTestApp(database, at('16:59'));
    expect(svc(await prop(t), 'food').reportBlockedReason).toBe('not_due');
    t.clock.set(at('17:01'));
    expect(svc(await prop(t), 'food').reportable).toBe(true);
  });

  test('two app instances over one database see each other’s writes', async () => {
    const a = buildTestApp(database, at('10:00'));
    const b = await secondInstance(at('10:00'));
    try {
      const cookie = await signIn(a, 'testshire', 'crew');
      expect(svc(await prop(a), 'food').today).toEqual({ status: 'not_started' });
      expect(svc(await prop(b.t), 'food').today).toEqual({ status: 'not_started' });
      await crewPost(a, cookie, 'events', { events: [event()] });
      expect(svc(await prop(b.t), 'food').today?.status).toBe('recorded');
      await crewPost(b.t, cookie, 'runs', { round: 'REC-MON', date: MONDAY, status: 'completed' });
      expect(svc(await prop(a), 'recycling').today).toEqual({ status: 'round_completed' });
      // A schedule change made through the other instance's database handle.
      const [council] = await database.db.select().from(councils).where(eq(councils.slug, 'testshire'));
      await b.t.deps.db.insert(scheduleExceptions).values({
        councilId: council.id, id: 'lookup-cancel', date: '2026-09-14', action: 'cancel', rounds: ['REF-MON'], reason: 'strike',
      });
      await b.t.deps.db.update(councils).set({ scheduleVersion: sql`${councils.scheduleVersion} + 1` }).where(eq(councils.id, council.id));
      const bins = await (await a.app.request(`/api/v1/properties/${HOME}/bins`)).json();
      expect(bins.bins.some((x: { type: string; collectionDate: string }) => x.collectionDate === '14/09/2026' && x.type === 'Rubbish')).toBe(false);
    } finally {
      await b.close();
    }
  });

  test('ETag changes with a crew event; the old one answers 200, the new one 304', async () => {
    const t = buildTestApp(database, at('10:00'));
    const cookie = await signIn(t, 'testshire', 'crew');
    const first = await t.app.request(`/api/v1/properties/${HOME}`);
    const etag = first.headers.get('etag')!;
    expect((await t.app.request(`/api/v1/properties/${HOME}`, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    await crewPost(t, cookie, 'events', { events: [event()] });
    const after = await t.app.request(`/api/v1/properties/${HOME}`, { headers: { 'If-None-Match': etag } });
    expect(after.status).toBe(200);
    const etag2 = after.headers.get('etag')!;
    expect(etag2).not.toBe(etag);
    expect((await t.app.request(`/api/v1/properties/${HOME}`, { headers: { 'If-None-Match': etag2 } })).status).toBe(304);
    for (const path of ['bins', 'collections']) {
      const r = await t.app.request(`/api/v1/properties/${HOME}/${path}`);
      expect((await t.app.request(`/api/v1/properties/${HOME}/${path}`, { headers: { 'If-None-Match': r.headers.get('etag')! } })).status).toBe(304);
    }
  });

  test('a new day rebuilds the answer', async () => {
    const t = buildTestApp(database, '2026-09-06T23:30:00+01:00');
    expect(svc(await prop(t), 'food').next?.date).toBe(MONDAY);
    expect(svc(await prop(t), 'food').today).toBeUndefined();
    t.clock.set('2026-09-07T00:30:00+01:00');
    expect(svc(await prop(t), 'food').today).toEqual({ status: 'not_started' });
    t.clock.set('2026-09-08T00:30:00+01:00');
    expect(svc(await prop(t), 'food')).toMatchObject({ next: { date: '2026-09-14' }, last: { date: MONDAY } });
  });
});

describe('cached answers (JSON text and page HTML) stay exact', () => {
  const page = async (t: T, headers: Record<string, string> = {}) => {
    const res = await t.app.request(`/property/${HOME}`, { headers });
    expect(res.status).toBe(200);
    return res.text();
  };

  test('the cached page follows a crew event, a completed run and a report on the next request', async () => {
    const t = buildTestApp(database, at('17:30'));
    const cookie = await signIn(t, 'testshire', 'crew');
    expect(await page(t)).not.toContain('Collected at');
    expect(await page(t)).toBe(await page(t)); // served from the cache: same bytes
    await crewPost(t, cookie, 'events', { events: [event()] });
    expect(await page(t)).toContain('Collected at 09:42');
    await crewPost(t, cookie, 'runs', { round: 'REC-MON', date: MONDAY, status: 'completed' });
    expect(await page(t)).toContain('The crew have finished this round');
    expect(svc(await prop(t), 'recycling').reportable).toBe(true);
    const res = await t.app.request('/api/v1/missed-reports', jsonPost(report({ service: 'recycling', uprn: HOME })));
    expect(res.status).toBe(201);
    expect(svc(await prop(t), 'recycling')).toMatchObject({ reportable: false, reportBlockedReason: 'duplicate' });
  });

  test('gzip from the cache: the same bytes compressed, after a crew event too; weak ETag; 304 either way', async () => {
    const t = buildTestApp(database, at('17:30'));
    const cookie = await signIn(t, 'testshire', 'crew');
    const gzip = { 'Accept-Encoding': 'gzip, deflate, br' };
    const inflate = async (res: Response) => new TextDecoder().decode(Bun.gunzipSync(new Uint8Array(await res.arrayBuffer())));
    for (const round of [1, 2]) {
      if (round === 2) await crewPost(t, cookie, 'events', { events: [event()] });
      for (const path of [`/property/${HOME}`, `/api/v1/properties/${HOME}`, `/api/v1/properties/${HOME}/collections`, `/api/v1/properties/${HOME}/bins`]) {
        const plain = await t.app.request(path);
        const zipped = await t.app.request(path, { headers: gzip });
        const again = await t.app.request(path, { headers: gzip });
        const text = await plain.text();
        expect(zipped.headers.get('content-encoding')).toBe('gzip');
        expect(zipped.headers.get('vary')).toContain('Accept-Encoding');
        expect(plain.headers.get('content-encoding')).toBeNull();
        expect(zipped.headers.get('content-type')).toBe(plain.headers.get('content-type'));
        expect(await inflate(zipped)).toBe(text);
        expect(await inflate(again)).toBe(text);
        if (round === 2 && path.startsWith('/property/')) expect(text).toContain('Collected at 09:42');
        const etag = plain.headers.get('etag');
        if (!etag) continue; // pages carry no validators
        expect(zipped.headers.get('etag')).toBe(`W/${etag}`);
        for (const tag of [etag, `W/${etag}`]) {
          expect((await t.app.request(path, { headers: { ...gzip, 'If-None-Match': tag } })).status).toBe(304);
        }
      }
    }
    // A query string takes the validated route: same answers, same errors.
    const cy = await t.app.request(`/api/v1/properties/${HOME}?lang=en`, { headers: gzip });
    expect(cy.headers.get('content-encoding')).toBe('gzip');
    expect(await inflate(cy)).toBe(await (await t.app.request(`/api/v1/properties/${HOME}`)).text());
    const bad = await t.app.request(`/api/v1/properties/${HOME}?lang=${'x'.repeat(11)}`);
    expect(bad.status).toBe(400);
  });

  test('a property or council row edited directly (no version bump) shows at once', async () => {
    const t = buildTestApp(database, at('10:00'));
    const [{ address }] = await database.db.select({ address: schema.properties.address }).from(schema.properties).where(eq(schema.properties.uprn, Number(HOME)));
    try {
      expect((await prop(t)).address).toBe(address);
      await page(t);
      await database.db.update(schema.properties).set({ address: `${address} (renamed)` }).where(eq(schema.properties.uprn, Number(HOME)));
      expect((await prop(t)).address).toBe(`${address} (renamed)`);
      expect(await page(t)).toContain(`${address} (renamed)`);
      // The cut-off moved earlier: the food collection becomes reportable without any schedule bump.
      expect(svc(await prop(t), 'food').reportBlockedReason).toBe('not_due');
      await database.db.update(councils).set({ sameDayCutoff: '09:00' }).where(eq(councils.slug, 'testshire'));
      expect(svc(await prop(t), 'food').reportable).toBe(true);
    } finally {
      await database.db.update(schema.properties).set({ address }).where(eq(schema.properties.uprn, Number(HOME)));
      await database.db.update(councils).set({ sameDayCutoff: '17:00' }).where(eq(councils.slug, 'testshire'));
    }
  });

  test('the cached page is never shown to someone signed in, nor theirs to anyone else', async () => {
    const t = buildTestApp(database, at('10:00'));
    const cookie = await signIn(t, 'testshire', 'officer');
    const anonymous = await page(t);
    const signedIn = await page(t, { cookie });
    expect(signedIn).toContain('Sign out');
    expect(anonymous).not.toContain('Sign out');
    expect(await page(t)).not.toContain('Sign out');
  });

  test('the same-day cut-off moves the cached JSON with no write, at the minute', async () => {
    const t = buildTestApp(database, at('16:59'));
    const first = await (await t.app.request(`/api/v1/properties/${HOME}`)).text();
    t.clock.set(`${MONDAY}T16:59:59+01:00`);
    expect(await (await t.app.request(`/api/v1/properties/${HOME}`)).text()).toBe(first);
    t.clock.set(at('17:00'));
    expect(await (await t.app.request(`/api/v1/properties/${HOME}`)).text()).not.toBe(first);
    expect(svc(await prop(t), 'food').reportable).toBe(true);
  });

  test('a crew event through one instance shows on the other instance’s cached page and JSON', async () => {
    const a = buildTestApp(database, at('10:00'));
    const b = await secondInstance(at('10:00'));
    try {
      const cookie = await signIn(a, 'testshire', 'crew');
      expect(await page(b.t)).not.toContain('Collected at');
      const etag = (await b.t.app.request(`/api/v1/properties/${HOME}`)).headers.get('etag')!;
      await crewPost(a, cookie, 'events', { events: [event()] });
      expect(await page(b.t)).toContain('Collected at 09:42');
      expect((await b.t.app.request(`/api/v1/properties/${HOME}`, { headers: { 'If-None-Match': etag } })).status).toBe(200);
    } finally {
      await b.close();
    }
  });
});

describe('database unreachable', () => {
  test('a lookup validated within the last 60 s still answers; one never validated is an error', async () => {
    // Its own database handle, closed mid-test: the shared one stays open for the other tests.
    let own: Database;
    if (database.kind === 'postgres') own = await openDatabase({ url: process.env.DATABASE_URL, max: 2 });
    else {
      own = await openDatabase();
      await own.migrate();
      await seedCouncils(own);
    }
    const t = buildTestApp(own, at('10:00'));
    const warm = await t.app.request(`/api/v1/properties/${HOME}`);
    expect(warm.status).toBe(200);
    const body = await warm.json();
    await own.close();
    const again = await t.app.request(`/api/v1/properties/${HOME}`);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(body);
    const cold = await t.app.request(`/api/v1/properties/${NEIGHBOUR}`);
    expect(cold.status).toBeGreaterThanOrEqual(500);
  });
});
