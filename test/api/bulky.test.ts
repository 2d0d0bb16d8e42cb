import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { bulkyBookings, residentRequests } from '../../db/schema/index.ts';
import { openTestDatabase, resetDatabase } from '../support/db.ts';
import { signInAs } from '../support/sign-in.ts';
import { booking, bulkyConfig, ELSEWHERE, HOME, HOME2, json, payFor, setupBulky, SHOP } from './bulky-setup.ts';
import { councils } from '../../db/schema/index.ts';
import { cancelRequest, expireHolds } from '../../server/services/requests/lifecycle.ts';
import { paymentsFor } from '../../server/services/payments/index.ts';

let database: Database;
let t: Awaited<ReturnType<typeof setupBulky>>;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());
beforeEach(async () => {
  await resetDatabase(database);
  t = await setupBulky(database);
});

const slots = async (uprn: number | string = HOME) => {
  const res = await t.app.request(`/api/v1/bulky/slots?uprn=${uprn}`);
  return { status: res.status, body: (await res.json()) as any };
};
const book = async (over: Record<string, unknown> = {}) => {
  const res = await t.app.request('/api/v1/bulky-bookings', json(booking(over)));
  return { status: res.status, body: (await res.json()) as any };
};
const amend = async (reference: string, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
  const res = await t.app.request(`/api/v1/bulky-bookings/${reference}`, { ...json(body, headers), method: 'PATCH' });
  return { status: res.status, body: (await res.json()) as any };
};
const later = (minutes: number) => t.clock.advance(minutes * 60_000);
const ctx = () => ({ db: t.deps.db, clock: t.deps.clock, payments: paymentsFor(t.deps) });

describe('slots', () => {
  test('the next 8 weeks of Tuesdays and Thursdays with room, before their cut-off', async () => {
    const { status, body } = await slots();
    expect(status).toBe(200);
    expect(body[0]).toEqual({ date: '2026-09-08', remaining: 8 });
    expect(body.length).toBe(16); // 8 Sep … 29 Oct, Tuesdays and Thursdays
    expect(body.every((s: any) => s.date <= '2026-11-02')).toBe(true);
    later(3 * 60 + 1); // Monday 12:01: Tuesday's cut-off has passed
    expect((await slots()).body[0].date).toBe('2026-09-10');
  });
  test('unknown, badly formed, not served and business properties', async () => {
    expect((await slots(999999)).body.error.code).toBe('not_found');
    expect((await slots('12a')).status).toBe(400);
    expect((await slots('12a')).body.error.code).toBe('invalid_uprn');
    expect((await slots(ELSEWHERE)).body.error.code).toBe('not_served');
    const shop = await slots(SHOP);
    expect([shop.status, shop.body.error.code]).toEqual([422, 'not_domestic']);
  });
});

describe('booking', () => {
  test('201 with the price and the payment link; the place is held', async () => {
    const { status, body } = await book({ items: [{ id: 'sofa', quantity: 2 }, { id: 'table', quantity: 2 }] });
    expect(status).toBe(201);
    expect(body).toMatchObject({ status: 'pending_payment', amountPence: 4000 });
    expect(body.reference).toMatch(/^BW-26-\d{6}$/);
    expect(body.payment.nextUrl).toMatch(/^https?:\/\//);
    expect((await slots()).body.find((s: any) => s.date === '2026-09-10').remaining).toBe(7);
    const [row] = await database.db.select().from(bulkyBookings);
    expect(row).toMatchObject({ date: '2026-09-10', roundId: 'BULKY-THU', location: 'Front garden', items: [{ id: 'sofa', quantity: 2 }, { id: 'table', quantity: 2 }] });
  });
  test('every refusal has its code and stores nothing', async () => {
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ uprn: '999999' }, 404, 'not_found'],
      [{ uprn: String(ELSEWHERE) }, 422, 'not_served'],
      [{ uprn: String(SHOP) }, 422, 'not_domestic'],
      [{ items: [{ id: 'piano', quantity: 1 }] }, 422, 'unknown_item'],
      [{ items: [{ id: 'sofa', quantity: 4 }, { id: 'table', quantity: 3 }] }, 422, 'too_many_items'],
      [{ date: '2026-09-09' }, 422, 'not_bookable'],
      [{ date: '2027-01-05' }, 422, 'not_bookable'],
      [{ items: [] }, 400, 'invalid_request'],
      [{ email: 'nope' }, 400, 'invalid_email'],
      [{ date: '10/09/2026' }, 400, 'invalid_date'],
      [{ location: '' }, 400, 'invalid_request'],
    ];
    for (const [over, status, code] of cases) {
      const res = await book(over);
      expect([res.status, res.body.error?.code, JSON.stringify(over)]).toEqual([status, code, JSON.stringify(over)]);
    }
    expect(await database.db.select().from(residentRequests)).toEqual([]);
  });
  test('past the cut-off', async () => {
    later(3 * 60); // Monday 12:00 exactly
    const res = await book({ date: '2026-09-08' });
    expect([res.status, res.body.error.code]).toEqual([422, 'past_cutoff']);
  });
  test('a full day is 409 slot_full, and is no longer offered', async () => {
    for (let i = 0; i < 8; i++) expect((await book()).status).toBe(201);
    const res = await book({ uprn: String(HOME2) });
    expect([res.status, res.body.error.code]).toEqual([409, 'slot_full']);
    expect((await slots()).body.some((s: any) => s.date === '2026-09-10')).toBe(false);
  });
  test('20 residents racing for the last place: exactly one gets it', async () => {
    for (let i = 0; i < 7; i++) expect((await book()).status).toBe(201);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => book({ uprn: String(i % 2 ? HOME : HOME2) })));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201).length).toBe(1);
    expect(statuses.filter((s) => s === 409).length).toBe(19);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.error.code === 'slot_full')).toBe(true);
    expect((await database.db.select().from(bulkyBookings).where(eq(bulkyBookings.date, '2026-09-10'))).length).toBe(8);
  });
  test('an unpaid booking holds its place for 30 minutes, then frees it', async () => {
    await database.db.update(councils).set({ requests: bulkyConfig(1) });
    expect((await book()).status).toBe(201);
    expect((await book()).status).toBe(409);
    expect(await expireHolds(ctx(), { nowMs: Date.now() + 29 * 60_000 })).toBe(0);
    expect((await book()).status).toBe(409);
    expect(await expireHolds(ctx(), { nowMs: Date.now() + 31 * 60_000 })).toBe(1);
    expect((await slots()).body.find((s: any) => s.date === '2026-09-10')?.remaining).toBe(1);
    expect((await book()).status).toBe(201);
  });
});

describe('a confirmed booking', () => {
  async function confirmed(over: Record<string, unknown> = {}) {
    const { body } = await book(over);
    expect((await payFor(t, body.payment.nextUrl)).requestStatus).toBe('confirmed');
    return body.reference as string;
  }

  test('is a stop with its items on the round sheet for its day, and crews record it like any stop', async () => {
    const reference = await confirmed({ uprn: String(HOME2), items: [{ id: 'sofa', quantity: 1 }, { id: 'fridge', quantity: 2 }] });
    await book({ uprn: String(HOME) }); // pending: not on the sheet
    const cookie = await signInAs(t, 'crew@demo.test', 'crew', 'demo');
    const list = (await (await t.app.request('/api/v1/crew/rounds?date=2026-09-10', { headers: { cookie } })).json()) as any;
    expect(list.rounds.find((r: any) => r.id === 'BULKY-THU').stops).toBe(1);
    const res = await t.app.request('/api/v1/crew/rounds/BULKY-THU/2026-09-10', { headers: { cookie } });
    expect(res.status).toBe(200);
    const sheet = (await res.json()) as any;
    expect(sheet.stops).toHaveLength(1);
    expect(sheet.stops[0]).toMatchObject({
      uprn: String(HOME2), address: '2 High Street', services: ['bulky'],
      jobs: [{ type: 'bulky', reference, items: ['Sofa × 1', 'Fridge or freezer × 2'], location: 'Front garden' }],
    });
    const event = { id: crypto.randomUUID(), uprn: String(HOME2), service: 'bulky', date: '2026-09-10', outcome: 'collected', recordedAt: '2026-09-10T09:00:00Z' };
    const sent = await t.app.request('/api/v1/crew/events', json({ events: [event] }, { cookie }));
    expect(sent.status).toBeLessThan(300);
    const again = (await (await t.app.request('/api/v1/crew/rounds/BULKY-THU/2026-09-10', { headers: { cookie } })).json()) as any;
    expect(again.stops[0].outcomes.map((o: any) => o.outcome)).toEqual(['collected']);
    // Another round, and a property already on a round, keep their shape with no jobs.
    const mon = (await (await t.app.request('/api/v1/crew/rounds/REF-MON/2026-09-07', { headers: { cookie } })).json()) as any;
    expect(mon.stops[0].jobs).toEqual([]);
  });

  test('shows in the property JSON and its calendar feed on its date', async () => {
    // Answers cached before the payment are rebuilt once it is paid (scheduleChanged in activate).
    const before = (await (await t.app.request(`/api/v1/properties/${HOME}`)).json()) as any;
    expect(before.services.some((s: any) => s.id === 'bulky')).toBe(false);
    await t.app.request(`/calendars/properties/${HOME}.ics`);
    await confirmed({ date: '2026-09-17' });
    const view = (await (await t.app.request(`/api/v1/properties/${HOME}`)).json()) as any;
    const bulky = view.services.find((s: any) => s.id === 'bulky');
    expect(bulky?.next?.date).toBe('2026-09-17');
    // A one-off booking, not its round's "Every Thursday"; not a subscription window either.
    expect(bulky.frequency).toBe('Booked collection');
    expect(bulky.subscription).toBeUndefined();
    const ics = await (await t.app.request(`/calendars/properties/${HOME}.ics`)).text();
    expect(ics).toContain('DTSTART;VALUE=DATE:20260917');
    expect(ics).toMatch(/SUMMARY:Bulky waste: Booked collection\r\n/);
    const page = await (await t.app.request(`/property/${HOME}`)).text();
    expect(page).toContain('Booked collection');
    expect(page).not.toContain('Every Thursday');
    await database.db.update(councils).set({ languages: ['en', 'cy'], scheduleVersion: 2 }).where(eq(councils.slug, 'demo'));
    const cy = (await (await t.app.request(`/api/v1/properties/${HOME}?lang=cy`)).json()) as any;
    expect(cy.services.find((s: any) => s.id === 'bulky').frequency).toBe("Casgliad wedi'i drefnu");
  });

  test('amend: another date with room, fewer items (refunded), location; more is refused', async () => {
    const reference = await confirmed({ items: [{ id: 'sofa', quantity: 5 }] }); // 5000
    expect((await amend(reference, { email: 'other@example.test', location: 'x' })).status).toBe(403);
    const less = await amend(reference, { email: 'ANN@example.test', date: '2026-09-15', items: [{ id: 'sofa', quantity: 2 }], location: 'Back lane' });
    expect(less.status).toBe(200);
    expect(less.body).toEqual({ reference, status: 'confirmed', amountPence: 3000, refundPence: 2000 });
    const [row] = await database.db.select().from(bulkyBookings);
    expect(row).toMatchObject({ date: '2026-09-15', roundId: 'BULKY-TUE', location: 'Back lane', items: [{ id: 'sofa', quantity: 2 }] });
    expect((await slots()).body.find((s: any) => s.date === '2026-09-10').remaining).toBe(8);
    const more = await amend(reference, { email: 'ann@example.test', items: [{ id: 'sofa', quantity: 4 }] });
    expect([more.status, more.body.error.code]).toEqual([422, 'amend_costs_more']);
    expect((await amend(reference, { email: 'ann@example.test', date: '2026-09-16' })).body.error.code).toBe('not_bookable');
    expect((await amend('BW-26-999999', { email: 'ann@example.test' })).status).toBe(404);
  });

  test('amend: to a full day is slot_full; after the cut-off past_cutoff; unpaid invalid_transition', async () => {
    const reference = await confirmed();
    const pending = (await book()).body.reference;
    expect((await amend(pending, { email: 'ann@example.test', location: 'y' })).body.error.code).toBe('invalid_transition');
    await database.db.update(councils).set({ requests: bulkyConfig(2) });
    expect((await book({ date: '2026-09-15' })).status).toBe(201);
    expect((await book({ date: '2026-09-15' })).status).toBe(201);
    const full = await amend(reference, { email: 'ann@example.test', date: '2026-09-15' });
    expect([full.status, full.body.error.code]).toEqual([409, 'slot_full']);
    t.clock.set('2026-09-09T12:00:00+01:00');
    const late = await amend(reference, { email: 'ann@example.test', location: 'z' });
    expect([late.status, late.body.error.code]).toEqual([422, 'past_cutoff']);
  });

  test('cancel before the cut-off refunds in full and frees the place; after it, past_cutoff', async () => {
    const reference = await confirmed({ items: [{ id: 'sofa', quantity: 4 }] });
    expect((await slots()).body.find((s: any) => s.date === '2026-09-10').remaining).toBe(7);
    const view = await cancelRequest(ctx(), reference, { email: 'ann@example.test' });
    expect(view).toMatchObject({ status: 'cancelled', paidPence: 4000 });
    const [row] = await database.db.select().from(residentRequests);
    expect(row.refundedPence).toBe(4000);
    expect((await slots()).body.find((s: any) => s.date === '2026-09-10').remaining).toBe(8);
    const cookie = await signInAs(t, 'crew@demo.test', 'crew', 'demo');
    const sheet = (await (await t.app.request('/api/v1/crew/rounds/BULKY-THU/2026-09-10', { headers: { cookie } })).json()) as any;
    expect(sheet.stops).toEqual([]);

    const late = await confirmed({ date: '2026-09-08' });
    later(3 * 60);
    const refused = await cancelRequest(ctx(), late, { email: 'ann@example.test' }).catch((e) => e);
    expect([refused.status, refused.code]).toEqual([422, 'past_cutoff']);
  });

  test('the amendment refund goes through the provider', async () => {
    const reference = await confirmed({ items: [{ id: 'sofa', quantity: 6 }] });
    expect((await amend(reference, { email: 'ann@example.test', items: [{ id: 'sofa', quantity: 1 }] })).body.refundPence).toBe(3000);
    const [row] = await database.db.select().from(residentRequests).where(eq(residentRequests.reference, reference));
    expect([row.refundDuePence, row.refundedPence, row.amountPence, row.paidPence]).toEqual([3000, 3000, 3000, 6000]);
  });

  test("an officer's change moves a booking with its collection; a cancelled day leaves it needing rebooking", async () => {
    const moved = await confirmed({ date: '2026-09-17' });
    const dropped = await confirmed({ uprn: String(HOME2), date: '2026-09-24' });
    const officer = await signInAs(t, 'officer@demo.test', 'officer', 'demo');
    const publish = (body: Record<string, unknown>) => t.app.request('/api/v1/exceptions', json(body, { cookie: officer, origin: 'http://localhost' }));
    expect((await publish({ date: '2026-09-17', action: 'move', to: '2026-09-18', rounds: ['BULKY-THU'], reason: 'Vehicle repairs' })).status).toBe(201);
    expect((await publish({ date: '2026-09-24', action: 'cancel', rounds: ['BULKY-THU'], reason: 'Staff training' })).status).toBe(201);

    // Moved: the property JSON, its calendar and the crew's sheet all have it on the new day.
    const bulky = ((await (await t.app.request(`/api/v1/properties/${HOME}`)).json()) as any).services.find((s: any) => s.id === 'bulky');
    expect(bulky.next).toMatchObject({ date: '2026-09-18', originalDate: '2026-09-17', changed: true });
    expect(await (await t.app.request(`/calendars/properties/${HOME}.ics`)).text()).toContain('DTSTART;VALUE=DATE:20260918');
    const crew = await signInAs(t, 'crew@demo.test', 'crew', 'demo');
    const sheet = async (date: string) => ((await (await t.app.request(`/api/v1/crew/rounds/BULKY-THU/${date}`, { headers: { cookie: crew } })).json()) as any);
    expect((await sheet('2026-09-18')).stops.flatMap((s: any) => s.jobs.map((j: any) => j.reference))).toEqual([moved]);
    expect((await sheet('2026-09-17')).stops ?? []).toEqual([]);
    // The crew collect it on the day it moved to: it is done.
    const event = { id: crypto.randomUUID(), uprn: String(HOME), service: 'bulky', date: '2026-09-18', outcome: 'collected', recordedAt: '2026-09-18T09:00:00Z' };
    expect((await t.app.request('/api/v1/crew/events', json({ events: [event] }, { cookie: crew }))).status).toBeLessThan(300);
    expect(((await (await t.app.request(`/api/v1/bulky-bookings/${moved}`)).json()) as any).status).toBe('completed');

    // Cancelled: not on the calendar or a sheet, still confirmed, and the officer sees it needs rebooking.
    const home2 = ((await (await t.app.request(`/api/v1/properties/${HOME2}`)).json()) as any).services.find((s: any) => s.id === 'bulky');
    expect(home2?.next?.date).not.toBe('2026-09-24');
    expect((await sheet('2026-09-24')).stops ?? []).toEqual([]);
    const detail = await t.app.request(`/officer/requests/${dropped}`, { headers: { cookie: officer } });
    expect(detail.status).toBe(200);
    expect(await detail.text()).toContain('The collection on Thursday 24 September 2026 was cancelled by the council. We will contact you to rebook.');
    expect(((await (await t.app.request(`/api/v1/bulky-bookings/${dropped}`)).json()) as any).status).toBe('confirmed');
    // The officer's list says so too, with the kind's own details (date, items).
    const list = await (await t.app.request('/officer/requests?kind=bulky_booking', { headers: { cookie: officer } })).text();
    expect(list).toContain('was cancelled by the council. We will contact you to rebook.');
    expect(list).toContain('Sofa × 1');
  });
});
