import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { councils, crewEvents, roundRuns } from '../../db/schema/index.ts';
import { fixedClock } from '../../server/clock.ts';
import { DomainError } from '../../server/errors.ts';
import { BinsSchema, CollectionSchema, PropertySchema } from '../../server/routes/api/schemas.ts';
import { ensureBankHolidays } from '../../server/services/bank-holidays.ts';
import { importBundle } from '../../server/services/import.ts';
import { propertyView } from '../../server/services/property-view.ts';
import { buildTestApp } from '../support/app.ts';
import { openTestDatabase } from '../support/db.ts';
import smallBundle from '../fixtures/small-bundle.json' with { type: 'json' };

// Testshire (small-bundle): 100090000001 is on Monday refuse (fortnightly from 5 Jan 2026),
// Monday recycling (the other weeks), weekly Monday food, and a garden waste subscription
// (fortnightly Thursdays, then four-weekly from December) from 1 Apr 2026 to 31 Mar 2027.
// 100090000009 has Friday refuse; 100090000010 is a commercial property on a Wednesday round.
const HOME = '100090000001';
const FRIDAY_HOME = '100090000009';
const SHOP = '100090000010';
const THURSDAY_BEFORE_HOLIDAY = '2026-08-27T10:00:00+01:00';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  const ctx = { db: database.db, clock: fixedClock(THURSDAY_BEFORE_HOLIDAY) };
  await ensureBankHolidays(ctx);
  await importBundle(ctx, smallBundle);
});
afterAll(() => database.close());

async function get(path: string, now = THURSDAY_BEFORE_HOLIDAY, headers: Record<string, string> = {}) {
  const { app } = buildTestApp(database, now);
  return app.request(path, { headers });
}

async function property(uprn: string, now = THURSDAY_BEFORE_HOLIDAY) {
  const res = await get(`/api/v1/properties/${uprn}`, now);
  expect(res.status).toBe(200);
  return PropertySchema.parse(await res.json());
}

const service = (p: Awaited<ReturnType<typeof property>>, id: string) => {
  const s = p.services.find((x) => x.id === id);
  if (!s) throw new Error(`no ${id} in ${p.services.map((x) => x.id)}`);
  return s;
};

describe('GET /api/v1/properties/{uprn}', () => {
  test('links the property calendar for webcal, https and Google Calendar', async () => {
    const p = await property(HOME);
    expect(p.calendar.https).toBe(`http://localhost:3000/calendars/properties/${HOME}.ics`);
    expect(p.calendar.webcal).toBe(`webcal://localhost:3000/calendars/properties/${HOME}.ics`);
    expect(new URL(p.calendar.google).searchParams.get('cid')).toBe(p.calendar.webcal);
    const feed = await get(new URL(p.calendar.https).pathname);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
  });

  test('answers the documented shape, services in a stable order (rubbish, recycling, food, garden)', async () => {
    const p = await property(HOME);
    expect(p).toMatchObject({
      uprn: HOME,
      address: '1 Acorn Way, Testbury',
      postcode: 'TE1 1AB',
      lat: 52.05,
      lon: -1.02,
      council: { slug: 'testshire', name: 'Testshire District Council' },
    });
    expect(p.services.map((s) => s.id)).toEqual(['refuse', 'recycling', 'food', 'garden']);
    expect(service(p, 'refuse')).toMatchObject({
      name: 'Rubbish', stream: 'residual', container: '240L black wheelie bin', colour: '#1f1f1f',
    });
    for (const s of p.services) {
      expect(typeof s.reportable).toBe('boolean');
      if (!s.reportable) expect(s.reportBlockedReason).toMatch(/^[a-z_]+$/);
    }
  });

  test("the summer bank holiday moves Monday's collections to Tuesday 1 Sep and says why", async () => {
    const p = await property(HOME);
    const holidayMove = { date: '2026-09-01', originalDate: '2026-08-31', changed: true, reason: 'Summer bank holiday' };
    expect(service(p, 'refuse').next).toEqual(holidayMove);
    expect(service(p, 'food').next).toEqual(holidayMove);
    // Recycling is on the other week: Monday 7 Sep, unchanged (no reason given).
    expect(service(p, 'recycling').next).toEqual({ date: '2026-09-07', originalDate: '2026-09-07', changed: false });
    // Thursday's garden waste in the holiday week moves to Friday 4 Sep.
    expect(service(p, 'garden').next).toEqual({ date: '2026-09-04', originalDate: '2026-09-03', changed: true, reason: 'Summer bank holiday' });
  });

  test('last is the latest collection before today', async () => {
    const p = await property(HOME);
    expect(service(p, 'refuse').last).toEqual({ date: '2026-08-17' });
    expect(service(p, 'recycling').last).toEqual({ date: '2026-08-24' });
    expect(service(p, 'food').last).toEqual({ date: '2026-08-24' });
    expect(service(p, 'garden').last).toEqual({ date: '2026-08-20' });
  });

  test('a collection today is next, not last', async () => {
    const p = await property(HOME, '2026-09-01T07:00:00+01:00');
    expect(service(p, 'refuse').next?.date).toBe('2026-09-01');
    expect(service(p, 'refuse').last?.date).toBe('2026-08-17');
  });

  test('today is the London date: 23:30 UTC on 1 Sep is already Wednesday 2 Sep in BST', async () => {
    const p = await property(HOME, '2026-09-01T23:30:00Z');
    expect(service(p, 'refuse').next).toEqual({ date: '2026-09-14', originalDate: '2026-09-14', changed: false });
    expect(service(p, 'refuse').last?.date).toBe('2026-09-01');
    // One hour earlier it is still Tuesday 1 Sep in London, and that day's collection is next.
    const before = await property(HOME, '2026-09-01T22:30:00Z');
    expect(service(before, 'refuse').next?.date).toBe('2026-09-01');
  });

  test('frequency in words', async () => {
    const p = await property(HOME);
    expect(service(p, 'refuse').frequency).toBe('Every other Monday');
    expect(service(p, 'food').frequency).toBe('Every Monday');
    expect(service(p, 'garden').frequency).toBe('Every other Thursday');
    const shop = await property(SHOP);
    expect(service(shop, 'refuse').frequency).toBe('Every Wednesday');
    // From December the garden round runs every four weeks.
    const winter = await property(HOME, '2026-12-10T12:00:00Z');
    expect(service(winter, 'garden').frequency).toBe('Every fourth Thursday');
  });

  test('a commercial Wednesday round slips to Thursday in the bank holiday week', async () => {
    const shop = await property(SHOP);
    expect(service(shop, 'refuse').next).toEqual({ date: '2026-09-03', originalDate: '2026-09-02', changed: true, reason: 'Summer bank holiday' });
  });

  test('a garden subscription says when it runs; ordinary services carry no subscription', async () => {
    const p = await property(HOME);
    expect(service(p, 'garden').subscription).toEqual({ active: true, from: '2026-04-01', to: '2027-03-31' });
    expect(service(p, 'refuse').subscription).toBeUndefined();
  });

  test('a subscription that ended says so, with no next collection and the last one it had', async () => {
    const p = await property(HOME, '2027-04-10T10:00:00+01:00');
    const garden = service(p, 'garden');
    expect(garden.subscription).toEqual({ active: false, from: '2026-04-01', to: '2027-03-31' });
    expect(garden.next).toBeNull();
    expect(garden.last).toEqual({ date: '2027-03-25' });
    expect(garden.frequency).toBe('Every fourth Thursday');
    expect(service(p, 'refuse').next).not.toBeNull();
  });

  test('a subscription that has not started yet names its first collection', async () => {
    const p = await property('100090000005', '2026-07-01T10:00:00+01:00');
    const garden = service(p, 'garden');
    expect(garden.subscription).toEqual({ active: false, from: '2026-07-15', to: '2027-03-31' });
    expect(garden.next).toEqual({ date: '2026-07-23', originalDate: '2026-07-23', changed: false });
    expect(garden.last).toBeNull();
  });

  test('a published exception (Christmas Day moved to Boxing Day) shows as next with its reason', async () => {
    const p = await property(FRIDAY_HOME, '2026-12-21T10:00:00Z');
    expect(service(p, 'refuse').next).toEqual({ date: '2026-12-26', originalDate: '2026-12-25', changed: true, reason: 'Christmas Day' });
  });

  test('last carries the crew outcome and when the round was completed', async () => {
    const [council] = await database.db.select().from(councils).where(eq(councils.slug, 'testshire'));
    const completedAt = new Date('2026-08-17T14:05:00Z');
    await database.db.insert(roundRuns).values({
      councilId: council.id, roundId: 'REF-MON', date: '2026-08-17', status: 'completed', startedAt: new Date('2026-08-17T06:30:00Z'), completedAt,
    });
    await database.db.insert(crewEvents).values({
      id: '7d0c7a7e-3f1b-4a8e-9c55-0d1f2e3a4b5c', councilId: council.id, uprn: Number(HOME), serviceId: 'refuse',
      date: '2026-08-17', outcome: 'not_presented', recordedAt: new Date('2026-08-17T09:12:00Z'),
    });
    try {
      const p = await property(HOME);
      expect(service(p, 'refuse').last).toEqual({ date: '2026-08-17', outcome: 'not_presented', completedAt: completedAt.toISOString() });
      expect(service(p, 'food').last).toEqual({ date: '2026-08-24' });
    } finally {
      await database.db.delete(crewEvents).where(eq(crewEvents.councilId, council.id));
      await database.db.delete(roundRuns).where(and(eq(roundRuns.councilId, council.id), eq(roundRuns.roundId, 'REF-MON')));
    }
  });

  test('unknown UPRN is 404 not_found', async () => {
    const res = await get('/api/v1/properties/999999999999');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  test('a council-scoped caller cannot see another council\'s property', async () => {
    const ctx = { db: database.db, clock: fixedClock(THURSDAY_BEFORE_HOLIDAY), councilId: 987654 };
    const err = await propertyView(ctx, HOME).catch((e) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err.code).toBe('not_found');
  });
});

describe('caching validators', () => {
  test('ETag and Cache-Control; If-None-Match answers 304 with no body', async () => {
    const first = await get(`/api/v1/properties/${HOME}`);
    const etag = first.headers.get('ETag');
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(first.headers.get('Cache-Control')).toBe('public, max-age=300');

    const again = await get(`/api/v1/properties/${HOME}`, THURSDAY_BEFORE_HOLIDAY, { 'If-None-Match': etag! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('ETag')).toBe(etag);
    expect(again.headers.get('Cache-Control')).toBe('public, max-age=300');

    const weakInList = await get(`/api/v1/properties/${HOME}`, THURSDAY_BEFORE_HOLIDAY, { 'If-None-Match': `"other", W/${etag}` });
    expect(weakInList.status).toBe(304);
    const stale = await get(`/api/v1/properties/${HOME}`, THURSDAY_BEFORE_HOLIDAY, { 'If-None-Match': '"stale"' });
    expect(stale.status).toBe(200);
  });

  test('the ETag changes with the day and with the data', async () => {
    const today = (await get(`/api/v1/properties/${HOME}`)).headers.get('ETag');
    const tomorrow = (await get(`/api/v1/properties/${HOME}`, '2026-08-28T10:00:00+01:00')).headers.get('ETag');
    expect(tomorrow).not.toBe(today);

    const [council] = await database.db.select().from(councils).where(eq(councils.slug, 'testshire'));
    await database.db.insert(roundRuns).values({ councilId: council.id, roundId: 'FOOD-MON', date: '2026-08-24', status: 'completed', completedAt: new Date('2026-08-24T13:00:00Z') });
    try {
      const changed = (await get(`/api/v1/properties/${HOME}`)).headers.get('ETag');
      expect(changed).not.toBe(today);
    } finally {
      await database.db.delete(roundRuns).where(eq(roundRuns.councilId, council.id));
    }
  });

  test('collections and bins carry validators too', async () => {
    for (const path of [`/api/v1/properties/${HOME}/collections`, `/api/v1/properties/${HOME}/bins`]) {
      const res = await get(path);
      expect(res.headers.get('Cache-Control')).toBe('public, max-age=300');
      const etag = res.headers.get('ETag')!;
      expect((await get(path, THURSDAY_BEFORE_HOLIDAY, { 'If-None-Match': etag })).status).toBe(304);
    }
  });
});

describe('GET /api/v1/properties/{uprn}/collections', () => {
  async function collections(uprn: string, query = '', now = THURSDAY_BEFORE_HOLIDAY) {
    const res = await get(`/api/v1/properties/${uprn}/collections${query}`, now);
    expect(res.status).toBe(200);
    return CollectionSchema.array().parse(await res.json());
  }

  test('defaults to today .. today + 8 weeks, sorted by date then service', async () => {
    const list = await collections(HOME);
    expect(list[0]).toEqual({ date: '2026-09-01', service: 'food', name: 'Food waste', originalDate: '2026-08-31', changed: true, reason: 'Summer bank holiday' });
    expect(list[1]).toEqual({ date: '2026-09-01', service: 'refuse', name: 'Rubbish', originalDate: '2026-08-31', changed: true, reason: 'Summer bank holiday' });
    expect(list[2]).toMatchObject({ date: '2026-09-04', service: 'garden' });
    const keys = list.map((c) => `${c.date} ${c.service}`);
    expect(keys).toEqual([...keys].sort());
    expect(list.every((c) => c.date >= '2026-08-27' && c.date <= '2026-10-22')).toBe(true);
    // Weekly food: every Monday-based week in the 8 weeks is there once.
    expect(list.filter((c) => c.service === 'food')).toHaveLength(8);
    expect(list.at(-1)).toMatchObject({ date: '2026-10-19' });
  });

  test('an explicit range is inclusive at both ends', async () => {
    const list = await collections(HOME, '?from=2026-09-07&to=2026-09-14');
    expect(list.map((c) => `${c.date} ${c.service}`)).toEqual([
      '2026-09-07 food', '2026-09-07 recycling', '2026-09-14 food', '2026-09-14 refuse',
    ]);
  });

  test('from alone runs 8 weeks from that day', async () => {
    const list = await collections(HOME, '?from=2027-01-04');
    expect(list[0]).toMatchObject({ date: '2027-01-04' });
    expect(list.at(-1)!.date <= '2027-03-01').toBe(true);
    expect(list.some((c) => c.date === '2027-03-01')).toBe(true);
  });

  test('across the year end, with the Christmas exception and the Boxing Day substitute holiday', async () => {
    const friday = await collections(FRIDAY_HOME, '?from=2026-12-20&to=2027-01-10');
    expect(friday).toContainEqual({ date: '2026-12-26', service: 'refuse', name: 'Rubbish', originalDate: '2026-12-25', changed: true, reason: 'Christmas Day' });
    expect(friday).toContainEqual({ date: '2026-12-29', service: 'food', name: 'Food waste', originalDate: '2026-12-28', changed: true, reason: 'Boxing Day' });
    expect(friday.some((c) => c.date.startsWith('2027-01'))).toBe(true);
  });

  test('a range of exactly 400 days is allowed', async () => {
    const list = await collections(HOME, '?from=2026-01-01&to=2027-02-05');
    expect(list.length).toBeGreaterThan(100);
    expect(list[0].date >= '2026-01-01').toBe(true);
  });
});

describe('GET /api/v1/properties/{uprn}/bins', () => {
  test('the UKBinCollectionData shape: type is the service name, dd/mm/yyyy dates, next 8 weeks in date order', async () => {
    const res = await get(`/api/v1/properties/${HOME}/bins`);
    expect(res.status).toBe(200);
    const body = BinsSchema.parse(await res.json());
    expect(Object.keys(body)).toEqual(['bins']);
    expect(body.bins.slice(0, 3)).toEqual([
      { type: 'Food waste', collectionDate: '01/09/2026' },
      { type: 'Rubbish', collectionDate: '01/09/2026' },
      { type: 'Garden waste', collectionDate: '04/09/2026' },
    ]);
    const iso = body.bins.map((b) => b.collectionDate.split('/').reverse().join('-'));
    expect(iso).toEqual([...iso].sort());
    expect(iso.at(-1)! <= '2026-10-22').toBe(true);
    expect(new Set(body.bins.map((b) => b.type))).toEqual(new Set(['Rubbish', 'Recycling', 'Food waste', 'Garden waste']));
  });

  test('a commercial property has its own bins', async () => {
    const body = BinsSchema.parse(await (await get(`/api/v1/properties/${SHOP}/bins`)).json());
    expect(body.bins[0]).toEqual({ type: 'Rubbish', collectionDate: '03/09/2026' });
    expect(body.bins).toHaveLength(8);
  });
});
