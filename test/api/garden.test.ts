/**
 * Garden waste subscriptions through the API (DESIGN.md "Requests and payments"; docs/requests.md
 * "Garden"), paid with the sandbox's test cards: refusals store nothing; paying puts the property on
 * its garden round from the first collection after the day of payment to the end of the year, in
 * the property JSON, the calendar feed and the crew's round sheet; renewal window; bins added
 * mid-year; cancelling with the council's refund rule; officers mark bins delivered.
 *
 * Testshire (test/fixtures/small-bundle.json) with a garden offer on GDN-THU: fortnightly Thursdays
 * (3 and 17 September 2026 …), four-weekly from December (3 and 31 December, 28 January, 25
 * February, 25 March, 22 April 2027). 100090000001 already has garden waste to 31 March 2027 (from
 * the import); 100090000010 is commercial.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { assignments, auditLog, councils, gardenSubscriptions, payments, residentRequests } from '../../db/schema/index.ts';
import { fixedClock } from '../../server/clock.ts';
import { importBundle } from '../../server/services/import.ts';
import smallBundle from '../fixtures/small-bundle.json' with { type: 'json' };
import { buildTestApp } from '../support/app.ts';
import { openTestDatabase, resetDatabase } from '../support/db.ts';
import { signInAs } from '../support/sign-in.ts';
import { payWithCard, SUCCESS_CARD, DECLINED_CARD } from './garden-pay.ts';

const HOME = 100090000002;
const SUBSCRIBED = 100090000001;
const SHOP = 100090000010;
const GARDEN = {
  service: 'garden', round: 'GDN-THU', pricePencePerBin: 5500, concessionPencePerBin: 3500, maxBins: 3,
  year: { startsOn: '04-01' }, renewalOpensDaysBefore: 42, midYear: 'pro_rata', refund: 'pro_rata',
};

let database: Database;
let t: ReturnType<typeof buildTestApp>;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

async function start(now = '2026-09-01T10:00:00+01:00', garden: object | null = GARDEN) {
  await resetDatabase(database);
  t = buildTestApp(database, now, { rateLimitPerMinute: 0 });
  await importBundle({ db: database.db, clock: fixedClock(now) }, { ...smallBundle, ...(garden ? { requests: { garden } } : {}) });
}
beforeEach(() => start());

const post = (path: string, body: unknown, cookie?: string) =>
  t.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });
const subscribe = (over: Record<string, unknown> = {}) =>
  post('/api/v1/garden-subscriptions', { uprn: String(HOME), bins: 1, name: 'Ann Resident', email: 'ann@example.org', ...over });

async function subscribed(over: Record<string, unknown> = {}) {
  const res = await subscribe(over);
  expect(res.status).toBe(201);
  return (await res.json()) as { reference: string; status: string; amountPence: number; payment: { nextUrl: string } };
}

async function counts() {
  const [r] = await database.db.select({ n: sql<number>`count(*)::int` }).from(residentRequests);
  const [g] = await database.db.select({ n: sql<number>`count(*)::int` }).from(gardenSubscriptions);
  const [p] = await database.db.select({ n: sql<number>`count(*)::int` }).from(payments);
  return { requests: Number(r.n), garden: Number(g.n), payments: Number(p.n) };
}

const gardenDates = async (uprn: number, from: string, to: string) => {
  const res = await t.app.request(`/api/v1/properties/${uprn}/collections?from=${from}&to=${to}&services=garden`);
  expect(res.status).toBe(200);
  return ((await res.json()) as Array<{ date: string; service: string }>).filter((c) => c.service === 'garden').map((c) => c.date);
};
const feedDates = async (uprn: number) => {
  const res = await t.app.request(`/calendars/properties/${uprn}.ics`);
  expect(res.status).toBe(200);
  const text = await res.text();
  const events = text.split('BEGIN:VEVENT').slice(1).filter((e) => /garden/i.test(e));
  return events.map((e) => /DTSTART;VALUE=DATE:(\d{8})/.exec(e)?.[1]).filter(Boolean).map((d) => `${d!.slice(0, 4)}-${d!.slice(4, 6)}-${d!.slice(6)}`).sort();
};
const view = async (reference: string) => {
  const res = await t.app.request(`/api/v1/garden-subscriptions/${reference}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { reference: string; status: string; amountPence: number; paidPence: number; payments: Array<{ state: string }> };
};

describe('refusals store nothing', () => {
  test('unknown UPRN 404, commercial 422 not_domestic, too many bins 422, bad input 400', async () => {
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ uprn: '999999999999' }, 404, 'not_found'],
      [{ uprn: String(SHOP) }, 422, 'not_domestic'],
      [{ bins: 4 }, 422, 'too_many_bins'],
      [{ bins: 0 }, 400, 'invalid_bins'],
      [{ email: 'not-an-email' }, 400, 'invalid_email'],
      [{ uprn: 'abc' }, 400, 'invalid_uprn'],
      [{ uprn: String(SUBSCRIBED) }, 409, 'already_subscribed'],
      [{ amountPence: 5000 }, 409, 'amount_changed'],
    ];
    for (const [body, status, code] of cases) {
      const res = await subscribe(body);
      expect(res.status).toBe(status);
      expect(((await res.json()) as any).error.code).toBe(code);
    }
    expect(await counts()).toEqual({ requests: 0, garden: 0, payments: 0 });
  });

  test('a council with no garden offer: 422 not_served', async () => {
    await start('2026-09-01T10:00:00+01:00', null);
    const res = await subscribe();
    expect(res.status).toBe(422);
    expect(((await res.json()) as any).error.code).toBe('not_served');
    expect(await counts()).toEqual({ requests: 0, garden: 0, payments: 0 });
  });
});

describe('subscribing and paying', () => {
  test('201 pending with the price; concession price; a pending one does not block another', async () => {
    const a = await subscribed({ bins: 2 });
    expect(a.status).toBe('pending_payment');
    expect(a.reference).toMatch(/^GW-26-\d{6}$/);
    expect(a.amountPence).toBe(11000);
    expect(a.payment.nextUrl).toMatch(/^http:\/\/localhost:3000\/pay\//);
    const b = await subscribed({ bins: 3, concession: true });
    expect(b.amountPence).toBe(10500);
    // Nothing is collected before payment.
    expect(await gardenDates(HOME, '2026-09-01', '2026-12-31')).toEqual([]);
  });

  test('paid: collections from the first garden collection after the day of payment to the year end, in JSON, the feed and the round sheet', async () => {
    // Thursday 3 September's collection slips to Friday 4th (the summer bank holiday week): paying
    // on the 4th, collections start on the 17th, not that day.
    await start('2026-09-04T10:00:00+01:00');
    const a = await subscribed();
    await payWithCard(t, a.payment.nextUrl, SUCCESS_CARD);
    const v = await view(a.reference);
    expect(v.status).toBe('active');
    expect(v.paidPence).toBe(5500);
    const dates = await gardenDates(HOME, '2026-09-01', '2027-06-30');
    expect(dates[0]).toBe('2026-09-17');
    expect(dates.at(-1)! <= '2027-03-31').toBe(true);
    expect(dates).toContain('2027-03-25');

    const property = (await (await t.app.request(`/api/v1/properties/${HOME}`)).json()) as any;
    const garden = property.services.find((s: any) => s.id === 'garden');
    expect(garden.next.date).toBe('2026-09-17');
    expect(garden.subscription).toMatchObject({ from: '2026-09-17', to: '2027-03-31' });

    const feed = await feedDates(HOME);
    expect(feed[0]).toBe('2026-09-17');
    expect(feed).not.toContain('2026-09-04');

    const crew = await signInAs(t, 'crew@testshire.example', 'crew', 'testshire');
    const sheet = async (date: string) => {
      const res = await t.app.request(`/api/v1/crew/rounds/GDN-THU/${date}`, { headers: { cookie: crew } });
      if (res.status !== 200) throw new Error(`${date}: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { stops: Array<{ uprn: string; sequence: number }> }).stops;
    };
    expect((await sheet('2026-09-04')).map((s) => s.uprn)).not.toContain(String(HOME));
    const stops = await sheet('2026-09-17');
    const mine = stops.find((s) => s.uprn === String(HOME));
    expect(mine).toBeDefined();
    // Appended at the end of the round.
    expect(mine!.sequence).toBe(Math.max(...stops.map((s) => s.sequence)));

    // The same property and year again: 409, nothing stored.
    const before = await counts();
    const again = await subscribe();
    expect(again.status).toBe(409);
    expect(await counts()).toEqual(before);
  });

  test('paid the day before a collection that slipped past it: that collection is the first', async () => {
    // Thursday 3 September (no collection: it slipped to Friday 4th): the 4th is the first.
    await start('2026-09-03T10:00:00+01:00');
    const a = await subscribed();
    await payWithCard(t, a.payment.nextUrl, SUCCESS_CARD);
    expect((await gardenDates(HOME, '2026-09-01', '2026-09-30'))).toEqual(['2026-09-04', '2026-09-17']);
    const [row] = await database.db.select().from(gardenSubscriptions);
    expect(row.startsOn).toBe('2026-09-04');
  });

  test('a declined card leaves nothing active and can be retried', async () => {
    const a = await subscribed();
    await payWithCard(t, a.payment.nextUrl, DECLINED_CARD);
    const v = await view(a.reference);
    expect(v.status).toBe('pending_payment');
    expect(v.paidPence).toBe(0);
    expect(await gardenDates(HOME, '2026-09-01', '2027-03-31')).toEqual([]);
    const rows = await database.db.select().from(assignments).where(eq(assignments.uprn, HOME));
    expect(rows.some((r) => r.roundId === 'GDN-THU')).toBe(false);
    await payWithCard(t, a.payment.nextUrl, SUCCESS_CARD);
    expect((await view(a.reference)).status).toBe('active');
  });
});

describe('renewal', () => {
  test('before the window: the current year (already covered, 409); from 42 days before 1 April: the coming year', async () => {
    await start('2027-02-17T10:00:00Z');
    expect((await subscribe({ uprn: String(SUBSCRIBED) })).status).toBe(409);
    await start('2027-02-18T10:00:00Z');
    const a = await subscribed({ uprn: String(SUBSCRIBED) });
    expect(a.amountPence).toBe(5500);
    const [row] = await database.db.select().from(gardenSubscriptions);
    expect({ start: row.yearStart, end: row.yearEnd }).toEqual({ start: '2027-04-01', end: '2028-03-31' });
    await payWithCard(t, a.payment.nextUrl, SUCCESS_CARD);
    // Still collected this year (the import's assignment), then from the coming year's first collection.
    const dates = await gardenDates(SUBSCRIBED, '2027-02-18', '2027-06-30');
    expect(dates).toContain('2027-02-25');
    expect(dates).toContain('2027-03-25');
    expect(dates.filter((d) => d >= '2027-04-01')[0]).toBe('2027-04-22');
    const [paid] = await database.db.select().from(gardenSubscriptions);
    expect(paid.startsOn).toBe('2027-04-22');
    expect(paid.roundId).toBe('GDN-THU');
    // The property page offers renewal no more.
    expect(await (await t.app.request(`/property/${SUBSCRIBED}`)).text()).not.toContain('id="garden-link"');
  });

  test('the property page offers "Subscribe", and "Renew" once renewal opens', async () => {
    expect(await (await t.app.request(`/property/${HOME}`)).text()).toContain('Subscribe to garden waste collection');
    expect(await (await t.app.request(`/property/${SUBSCRIBED}`)).text()).not.toContain('id="garden-link"');
    await start('2027-02-18T10:00:00Z');
    expect(await (await t.app.request(`/property/${SUBSCRIBED}`)).text()).toContain('Renew your garden waste subscription');
  });
});

describe('bins added mid-year', () => {
  test('priced pro rata on the days left after today; the total may not pass maxBins', async () => {
    const a = await subscribed();
    await payWithCard(t, a.payment.nextUrl, SUCCESS_CARD);
    // 1 September 2026: 211 days left of 365; 5500 × 211 / 365 = 3179.45 → 3179.
    const add = await post(`/api/v1/garden-subscriptions/${a.reference}/bins`, { bins: 1, email: 'ANN@example.org' });
    expect(add.status).toBe(201);
    const added = (await add.json()) as { reference: string; amountPence: number; payment: { nextUrl: string } };
    expect(added.amountPence).toBe(3179);
    const tooMany = await post(`/api/v1/garden-subscriptions/${a.reference}/bins`, { bins: 3, email: 'ann@example.org' });
    expect(tooMany.status).toBe(422);
    expect(((await tooMany.json()) as any).error.code).toBe('too_many_bins');
    const wrong = await post(`/api/v1/garden-subscriptions/${a.reference}/bins`, { bins: 1, email: 'someone@example.org' });
    expect(wrong.status).toBe(403);
    await payWithCard(t, added.payment.nextUrl, SUCCESS_CARD);
    expect((await view(added.reference)).status).toBe('active');
    // Still one garden assignment: the added bin rides on the subscription's collections.
    const rows = await database.db.select().from(assignments).where(eq(assignments.uprn, HOME));
    expect(rows.filter((r) => r.roundId === 'GDN-THU')).toHaveLength(1);
  });

  test('full_price: bins × price whatever the day', async () => {
    await start('2026-09-01T10:00:00+01:00', { ...GARDEN, midYear: 'full_price' });
    const a = await subscribed();
    await payWithCard(t, a.payment.nextUrl, SUCCESS_CARD);
    const add = await post(`/api/v1/garden-subscriptions/${a.reference}/bins`, { bins: 2, email: 'ann@example.org' });
    expect(((await add.json()) as any).amountPence).toBe(11000);
  });

  test('only an active subscription takes more bins', async () => {
    const a = await subscribed();
    const add = await post(`/api/v1/garden-subscriptions/${a.reference}/bins`, { bins: 1, email: 'ann@example.org' });
    expect(add.status).toBe(409);
    expect(((await add.json()) as any).error.code).toBe('not_active');
  });
});

describe('cancelling', () => {
  test('pro rata refund, collections end after today', async () => {
    const a = await subscribed();
    await payWithCard(t, a.payment.nextUrl, SUCCESS_CARD);
    expect((await gardenDates(HOME, '2026-09-01', '2026-09-30')).length).toBeGreaterThan(0);
    const res = await post(`/api/v1/garden-subscriptions/${a.reference}/cancel`, { email: 'ann@example.org' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).status).toBe('cancelled');
    const [req] = await database.db.select().from(residentRequests).where(eq(residentRequests.reference, a.reference));
    expect(req.refundedPence).toBe(3179);
    expect(await gardenDates(HOME, '2026-09-02', '2027-03-31')).toEqual([]);
    // Cancelled, the property can subscribe again.
    expect((await subscribe()).status).toBe(201);
  });

  test('bins added mid-year end with the subscription, each refunded by the rule', async () => {
    const a = await subscribed();
    await payWithCard(t, a.payment.nextUrl, SUCCESS_CARD);
    const added = (await (await post(`/api/v1/garden-subscriptions/${a.reference}/bins`, { bins: 1, email: 'ann@example.org' })).json()) as any;
    await payWithCard(t, added.payment.nextUrl, SUCCESS_CARD);
    const pending = (await (await post(`/api/v1/garden-subscriptions/${a.reference}/bins`, { bins: 1, email: 'ann@example.org' })).json()) as any;
    const res = await post(`/api/v1/garden-subscriptions/${a.reference}/cancel`, { email: 'ann@example.org' });
    expect(res.status).toBe(200);
    expect((await view(added.reference)).status).toBe('cancelled');
    expect((await view(pending.reference)).status).toBe('cancelled');
    // Cancelled the same day it was paid: 211 days left of 365, pro rata, 3179 × 211 / 365 = 1837.7 → 1838.
    const [child] = await database.db.select().from(residentRequests).where(eq(residentRequests.reference, added.reference));
    expect(child.refundDuePence).toBe(1838);
    expect(child.refundedPence).toBe(child.refundDuePence);
    expect(((await view(added.reference)) as any).history.at(-1)).toMatchObject({ status: 'cancelled' });
    const [left] = await database.db.select().from(residentRequests).where(eq(residentRequests.reference, pending.reference));
    expect(left.refundDuePence).toBe(0);
  });

  test('refund none: nothing back', async () => {
    await start('2026-09-01T10:00:00+01:00', { ...GARDEN, refund: 'none' });
    const a = await subscribed();
    await payWithCard(t, a.payment.nextUrl, SUCCESS_CARD);
    const res = await post(`/api/v1/garden-subscriptions/${a.reference}/cancel`, { email: 'ann@example.org' });
    expect(res.status).toBe(200);
    const [req] = await database.db.select().from(residentRequests).where(eq(residentRequests.reference, a.reference));
    expect(req.refundedPence).toBe(0);
  });
});

describe('officers', () => {
  test('mark bins delivered: officer only, audited', async () => {
    const a = await subscribed({ bins: 2 });
    const officer = await signInAs(t, 'officer@testshire.example', 'officer', 'testshire');
    const early = await post(`/api/v1/garden-subscriptions/${a.reference}/delivered`, {}, officer);
    expect(early.status).toBe(409);
    await payWithCard(t, a.payment.nextUrl, SUCCESS_CARD);
    expect((await post(`/api/v1/garden-subscriptions/${a.reference}/delivered`, {})).status).toBe(401);
    const crew = await signInAs(t, 'crew@testshire.example', 'crew', 'testshire');
    expect((await post(`/api/v1/garden-subscriptions/${a.reference}/delivered`, {}, crew)).status).toBe(403);
    const res = await post(`/api/v1/garden-subscriptions/${a.reference}/delivered`, {}, officer);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ reference: a.reference, bins: 2, binsDelivered: 2 });
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'request.bins_delivered'));
    expect(audit).toHaveLength(1);
    expect(audit[0].entityId).toBe(a.reference);

    // The officer's request page: what was asked for (describe) and the button, a plain form post.
    const page = await (await t.app.request(`/officer/requests/${a.reference}`, { headers: { cookie: officer } })).text();
    expect(page).toContain('2 garden waste bins');
    expect(page).toContain('2 bins delivered');
    // The list's Details column is the kind's own description: bins and the year.
    const listPage = await (await t.app.request('/officer/requests?kind=garden_subscription', { headers: { cookie: officer } })).text();
    expect(listPage).toContain('<th scope="col" class="govuk-table__header">Details</th>');
    expect(listPage).toMatch(/2 garden waste bins<br\/?>[^<]*2027/);
    expect(page).toContain(`action="/api/v1/garden-subscriptions/${a.reference}/delivered"`);
    const button = await t.app.request(`/api/v1/garden-subscriptions/${a.reference}/delivered`, {
      method: 'POST', headers: { cookie: officer, origin: 'http://localhost:3000', 'content-type': 'application/x-www-form-urlencoded' }, body: '',
    });
    expect(button.status).toBe(303);
    expect(button.headers.get('location')).toBe(`/officer/requests/${a.reference}`);
    const list = await (await t.app.request('/api/v1/requests?kind=garden_subscription&status=active', { headers: { cookie: officer } })).json() as any;
    expect(JSON.stringify(list)).toContain(a.reference);
  });

  test('another council’s officer gets 404', async () => {
    const a = await subscribed();
    await payWithCard(t, a.payment.nextUrl, SUCCESS_CARD);
    await database.db.insert(councils).values({ slug: 'elsewhere', name: 'Elsewhere' });
    const other = await signInAs(t, 'officer@elsewhere.example', 'officer', 'elsewhere');
    expect((await post(`/api/v1/garden-subscriptions/${a.reference}/delivered`, {}, other)).status).toBe(404);
  });
});
