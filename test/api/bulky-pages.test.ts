/**
 * The bulky booking pages over HTTP (no browser): each question page, the error summary, "Change"
 * from the check page, booking (303 to the payment page), a cross-origin post refused, Welsh, and
 * changing or cancelling from /requests/{reference}/change.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { bulkyBookings, councils, residentRequests } from '../../db/schema/index.ts';
import { openTestDatabase, resetDatabase } from '../support/db.ts';
import { booking, ELSEWHERE, HOME, json, payFor, setupBulky, SHOP } from './bulky-setup.ts';

const ORIGIN = 'http://localhost';
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

const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await t.app.request(path, { headers });
  return { status: res.status, html: await res.text() };
};
const post = async (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) => {
  const res = await t.app.request(path, {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
};

const ALL = { 'qty-sofa': '1', 'qty-table': '3', date: '2026-09-10', location: 'Front garden', name: 'Ann Resident', email: 'ann@example.test' };

describe('booking pages', () => {
  test('the property page links to booking only where the council offers it', async () => {
    expect((await get(`/property/${HOME}`)).html).toContain(`href="/property/${HOME}/bulky"`);
    expect((await get(`/property/${ELSEWHERE}`)).html).not.toContain('/bulky"');
    expect((await get(`/property/${SHOP}`)).html).not.toContain('/bulky"');
    expect((await get(`/property/${ELSEWHERE}/bulky`)).status).toBe(422);
    expect((await get('/bulky-waste')).html).toContain('Book a bulky waste collection');
  });

  test('one question a page, errors in a GOV.UK summary, answers carried along', async () => {
    const items = await get(`/property/${HOME}/bulky`);
    expect(items.status).toBe(200);
    expect(items.html).toContain('What do you want collected?');
    expect(items.html).toContain('£30.00 covers up to 3 items; each further item costs £10.00.');

    const none = await post(`/property/${HOME}/bulky`, { step: 'items' });
    expect(none.status).toBe(400);
    expect(none.html).toContain('govuk-error-summary');
    expect(none.html).toContain('<a href="#items">Enter how many of at least one item</a>');
    expect(none.html).toMatch(/<title>Error: /);
    expect((await post(`/property/${HOME}/bulky`, { step: 'items', 'qty-sofa': '7' })).html).toContain('You can book up to 6 items');
    expect((await post(`/property/${HOME}/bulky`, { step: 'items', 'qty-sofa': 'two' })).html).toContain('whole number');

    const date = await post(`/property/${HOME}/bulky`, { step: 'items', 'qty-sofa': '1', 'qty-table': '3' });
    expect(date.html).toContain('Choose a collection date');
    expect(date.html).toContain('value="2026-09-08"');
    expect(date.html).toContain('8 places left');
    expect(date.html).toContain('name="qty-table" value="3"');
    expect((await post(`/property/${HOME}/bulky`, { step: 'date', 'qty-sofa': '1' })).html).toContain('<a href="#date">Choose a collection date</a>');

    const location = await post(`/property/${HOME}/bulky`, { step: 'date', 'qty-sofa': '1', date: '2026-09-10' });
    expect(location.html).toContain('Where will the items be?');
    const contact = await post(`/property/${HOME}/bulky`, { step: 'location', 'qty-sofa': '1', date: '2026-09-10', location: 'By the gate' });
    expect(contact.html).toContain('Your contact details');
    const bad = await post(`/property/${HOME}/bulky`, { ...ALL, step: 'contact', email: 'nope' });
    expect(bad.html).toContain('Enter an email address in the correct format');

    const check = await post(`/property/${HOME}/bulky`, { ...ALL, step: 'contact' });
    expect(check.html).toContain('Check your answers before paying');
    expect(check.html).toContain('Table × 3');
    expect(check.html).toContain('£40.00');
    const change = await post(`/property/${HOME}/bulky`, { ...ALL, step: 'check', goto: 'date' });
    expect(change.html).toContain('Choose a collection date');
    expect(change.html).toMatch(/value="2026-09-10" checked/);
    expect(await database.db.select().from(residentRequests)).toEqual([]);
  });

  test('the check page books and sends the resident to pay; a cross-origin post is refused', async () => {
    expect((await post(`/property/${HOME}/bulky`, { ...ALL, step: 'check' }, { origin: 'https://evil.example' })).status).toBe(403);
    const res = await post(`/property/${HOME}/bulky`, { ...ALL, step: 'check' });
    expect(res.status).toBe(303);
    expect(res.location).toMatch(/\/pay\/[0-9a-f-]{36}$/);
    const [row] = await database.db.select().from(residentRequests);
    expect(row).toMatchObject({ kind: 'bulky_booking', amountPence: 4000, channel: 'web', email: 'ann@example.test' });
  });

  test('a date gone while answering comes back to the date question', async () => {
    await database.db.update(councils).set({ requests: (await import('./bulky-setup.ts')).bulkyConfig(1) });
    expect((await t.app.request('/api/v1/bulky-bookings', json(booking()))).status).toBe(201);
    const res = await post(`/property/${HOME}/bulky`, { ...ALL, step: 'check' });
    expect(res.status).toBe(400); // the date question's own check sees the day is full
    expect(res.html).toContain('That date is no longer available');
  });

  test('Welsh', async () => {
    await database.db.update(councils).set({ languages: ['en', 'cy'] }).where(eq(councils.slug, 'demo'));
    const page = await get(`/property/${HOME}/bulky?lang=cy`);
    expect(page.html).toContain('Beth ydych chi am ei gael wedi’i gasglu?');
    expect(page.html).toContain('Soffa');
  });
});

describe('change or cancel', () => {
  async function confirmed() {
    const res = await t.app.request('/api/v1/bulky-bookings', json(booking()));
    const body = (await res.json()) as any;
    await payFor(t, body.payment.nextUrl);
    return body.reference as string;
  }

  test('the request page links to it; the email is checked; date and location change; cancel refunds', async () => {
    const reference = await confirmed();
    const status = (await get(`/requests/${reference}`)).html;
    expect(status).toContain(`href="/requests/${reference}/change"`);
    // The kind's describe(): date, items, where.
    expect(status).toContain('Collection: Thursday 10 September 2026');
    expect(status).toContain('Sofa × 1');
    expect(status).toContain('Where: Front garden');
    const page = await get(`/requests/${reference}/change`);
    expect(page.html).toContain('Change or cancel your bulky waste collection');
    const wrong = await post(`/requests/${reference}/change`, { action: 'change', email: 'x@example.test', date: '2026-09-15', location: 'Back' });
    expect(wrong.status).toBe(403);
    expect(wrong.html).toContain('Enter the email address you booked with');
    const ok = await post(`/requests/${reference}/change`, { action: 'change', email: 'ann@example.test', date: '2026-09-15', location: 'Back lane' });
    expect(ok.html).toContain('Your booking has been changed.');
    expect((await get(`/requests/${reference}`)).html).toContain('Booking changed to Tuesday 15 September 2026: Sofa × 1.');
    const [b] = await database.db.select().from(bulkyBookings);
    expect([b.date, b.location]).toEqual(['2026-09-15', 'Back lane']);
    const cancel = await post(`/requests/${reference}/change`, { action: 'cancel', email: 'ann@example.test' });
    expect(cancel.html).toContain('Your booking has been cancelled.');
    const [r] = await database.db.select().from(residentRequests);
    expect([r.status, r.refundedPence]).toEqual(['cancelled', 3000]);
  });

  test('after the cut-off nothing can change', async () => {
    const reference = await confirmed();
    t.clock.set('2026-09-09T12:00:00+01:00');
    expect((await get(`/requests/${reference}/change`)).html).toContain('can no longer be changed or cancelled');
    expect((await get('/requests/BW-26-999999/change')).status).toBe(404);
  });
});
