/**
 * Bin and container requests through the JSON API on a real database: every refusal code, the
 * one-open rule (also under concurrent duplicates), free vs paid, the delivery job on the round
 * sheet and the officer's list, marking delivered (roles, council scoping, audit).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { paymentsFor } from '../../server/services/payments/index.ts';
import { roundJobs } from '../../server/services/requests/round-jobs.ts';
import { openTestDatabase } from '../support/db.ts';
import { signInAs } from '../support/sign-in.ts';
import { app, count, HOME, jsonPost, NEIGHBOUR, OTHER_HOME, rows, signIn, WEDNESDAY } from './reports-setup.ts';
import { COMMERCIAL, payAndSettle, resetContainerRequests, seedContainerCouncils } from './containers-setup.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedContainerCouncils(database);
});
afterAll(() => database.close());
beforeEach(() => resetContainerRequests(database));

const body = (over: Record<string, unknown> = {}) => ({
  uprn: HOME, container: 'refuse-240', reason: 'damaged', quantity: 1, name: 'Ada Resident', email: 'ada@example.org', ...over,
});
const post = (t: ReturnType<typeof app>, over: Record<string, unknown> = {}, query = '') =>
  t.app.request(`/api/v1/container-requests${query}`, jsonPost(body(over)));
const councilIdOf = async (slug: string) => Number(rows(await database.db.execute(sql.raw(`select id from councils where slug = '${slug}'`)))[0].id);
const detail = async (reference: string) =>
  rows(await database.db.execute(sql.raw(
    `select c.* , r.status from container_requests c join resident_requests r on r.id = c.request_id where r.reference = '${reference}'`,
  )))[0];

describe('asking', () => {
  test('a paid container: pending with a payment page; paying makes it active with a delivery on the next refuse day', async () => {
    const t = app(database);
    const res = await post(t);
    expect(res.status).toBe(201);
    const made = await res.json();
    expect(made).toMatchObject({ reference: 'BR-26-000001', status: 'pending_payment', amountPence: 2500 });
    expect(made.payment.nextUrl).toStartWith('http://localhost:3000/pay/');
    expect(res.headers.get('location')).toBe('/api/v1/container-requests/BR-26-000001');
    expect((await detail(made.reference)).delivery_date).toBeNull();

    const ctx = { db: database.db, clock: t.clock, payments: paymentsFor(t.deps) };
    const settled = await payAndSettle(ctx, made.payment.nextUrl);
    expect(settled.requestStatus).toBe('active');
    const row = await detail(made.reference);
    expect([row.status, String(row.delivery_date).slice(0, 10), row.round_id, row.open]).toEqual(['active', '2026-09-14', 'REF-MON', true]);

    const council = await councilIdOf('testshire');
    const jobs = await roundJobs({ db: database.db, clock: t.clock }, council, 'REF-MON', '2026-09-14');
    expect(jobs).toEqual([{ type: 'delivery', reference: made.reference, uprn: Number(HOME), items: ['240L black wheelie bin × 1'] }]);
    expect(await roundJobs({ db: database.db, clock: t.clock }, council, 'REF-MON', '2026-09-28')).toEqual([]);
  });

  test('a free container is active at once, with no payment; the quantity and the Welsh name are kept', async () => {
    const t = app(database);
    const res = await post(t, { container: 'recycling-240', reason: 'extra' });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ reference: 'BR-26-000001', status: 'active', amountPence: 0, payment: { nextUrl: null } });
    expect(await count(database, 'payments')).toBe(0);
    const row = await detail('BR-26-000001');
    expect([String(row.delivery_date).slice(0, 10), row.round_id]).toEqual(['2026-09-07', 'REC-MON']);

    // On the crew's round sheet for that day, at the property's stop.
    const crew = await signIn(t, 'testshire', 'crew');
    const sheet = await (await t.app.request('/api/v1/crew/rounds/REC-MON/2026-09-07', { headers: { cookie: crew } })).json();
    const stop = sheet.stops.find((s: any) => String(s.uprn) === HOME);
    expect(stop.jobs).toEqual([{ type: 'delivery', reference: 'BR-26-000001', items: ['240L blue wheelie bin × 1'] }]);

    const two = await post(t, { container: 'food-caddy', reason: 'missing', quantity: '2' });
    expect(two.status).toBe(201);
    expect((await two.json()).amountPence).toBe(1000);
  });

  test('refusals: each with its code, nothing stored', async () => {
    const t = app(database);
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ uprn: '999999999999' }, 404, 'not_found'],
      [{ uprn: 'abc' }, 400, 'invalid_uprn'],
      [{ email: 'nope' }, 400, 'invalid_email'],
      [{ quantity: 0 }, 400, 'invalid_request'],
      [{ quantity: '1.5' }, 400, 'invalid_request'],
      [{ uprn: OTHER_HOME }, 422, 'not_served'],
      [{ uprn: COMMERCIAL }, 422, 'not_domestic'],
      [{ container: 'skip' }, 422, 'unknown_container'],
      [{ reason: 'extra' }, 422, 'invalid_reason'],
      [{ reason: 'bored' }, 422, 'invalid_reason'],
      [{ quantity: 2 }, 422, 'too_many_bins'],
      [{ uprn: NEIGHBOUR, container: 'garden-240', reason: 'damaged' }, 422, 'not_collected'],
    ];
    for (const [over, status, code] of cases) {
      const res = await post(t, over);
      expect(`${JSON.stringify(over)} → ${res.status} ${(await res.json()).error?.code}`).toBe(`${JSON.stringify(over)} → ${status} ${code}`);
    }
    const reason = await (await post(t, { reason: 'extra' })).json();
    expect(reason.error.allowed).toEqual(['new_property', 'damaged', 'stolen', 'missing']);
    expect(await count(database, 'resident_requests')).toBe(0);
    expect(await count(database, 'container_requests')).toBe(0);
  });
});

describe('one open request per container per property', () => {
  test('a second is 409 request_open naming the first, while pending and while active; other containers and properties are free', async () => {
    const t = app(database);
    const first = await (await post(t)).json();
    const again = await post(t, { reason: 'stolen' });
    expect(again.status).toBe(409);
    expect((await again.json()).error).toMatchObject({ code: 'request_open', reference: first.reference });
    expect((await post(t, { container: 'recycling-240', reason: 'damaged' })).status).toBe(201);
    expect((await post(t, { uprn: NEIGHBOUR })).status).toBe(201);
    // Free and so active at once: still open until delivered.
    expect((await post(t, { container: 'recycling-240', reason: 'damaged' })).status).toBe(409);
  });

  test('a pending request past its hold no longer blocks (before or after the expiry job); a cancelled one neither', async () => {
    const t = app(database);
    const first = await (await post(t)).json();
    await database.db.execute(sql.raw(`update resident_requests set hold_until = now() - interval '1 minute' where reference = '${first.reference}'`));
    const second = await post(t);
    expect(second.status).toBe(201);
    const ref2 = (await second.json()).reference;
    expect((await detail(first.reference)).open).toBe(false);

    const cancelled = await t.app.request(`/api/v1/container-requests/${ref2}/cancel`, jsonPost({ email: 'ada@example.org' }));
    if (cancelled.status === 404) {
      // The generic cancel route is the lifecycle's (branch pay); until it is mounted, cancel through the service.
      const { cancelRequest } = await import('../../server/services/requests/lifecycle.ts');
      const { paymentsFor } = await import('../../server/services/payments/index.ts');
      await cancelRequest({ db: database.db, clock: t.clock, payments: paymentsFor(t.deps) }, ref2, { email: 'ada@example.org' });
    } else expect(cancelled.status).toBe(200);
    expect((await detail(ref2)).open).toBe(false);
    expect((await post(t)).status).toBe(201);
  });

  test('twelve identical requests at once: exactly one 201, the rest 409 request_open', async () => {
    const t = app(database, WEDNESDAY, { rateLimitPerMinute: 1000 });
    const answers = await Promise.all(Array.from({ length: 12 }, () => post(t)));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201).length).toBe(1);
    expect(statuses.filter((s) => s === 409).length).toBe(11);
    expect(await count(database, 'container_requests')).toBe(1);
    expect(await count(database, 'resident_requests')).toBe(1);
  });
});

describe('delivered', () => {
  async function activeRequest(t: ReturnType<typeof app>) {
    const made = await (await post(t, { container: 'recycling-240', reason: 'damaged' })).json();
    expect(made.status).toBe('active');
    return made.reference as string;
  }
  const deliver = (t: ReturnType<typeof app>, ref: string, cookie?: string, payload?: unknown) =>
    t.app.request(`/api/v1/container-requests/${ref}/delivered`, {
      method: 'POST',
      headers: { origin: 'http://localhost', ...(payload ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}) },
      ...(payload ? { body: JSON.stringify(payload) } : {}),
    });

  test('a crew member of the council marks it delivered: completed, history, audit, slot free; repeating changes nothing', async () => {
    const t = app(database);
    const ref = await activeRequest(t);
    const crew = await signIn(t, 'testshire', 'crew');
    const res = await deliver(t, ref, crew, { note: 'Left by the gate' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ reference: ref, status: 'completed' });
    const row = await detail(ref);
    expect([row.status, row.open, row.delivered_at !== null]).toEqual(['completed', false, true]);
    const history = rows(await database.db.execute(sql.raw(`select h.status, h.note from request_history h join resident_requests r on r.id = h.request_id where r.reference = '${ref}' order by h.id`)));
    expect(history.at(-1)).toEqual({ status: 'completed', note: 'Left by the gate' });
    const audit = rows(await database.db.execute(sql.raw(`select action, entity, entity_id from audit_log where action = 'request.delivered'`)));
    expect(audit).toEqual([{ action: 'request.delivered', entity: 'request', entity_id: ref }]);

    expect((await deliver(t, ref, crew)).status).toBe(200);
    expect(await count(database, 'audit_log where action = \'request.delivered\'')).toBe(1);
    // Delivered: the same container can be asked for again.
    expect((await post(t, { container: 'recycling-240', reason: 'damaged' })).status).toBe(201);
  });

  test('roles and councils: 401 without a session, 403 for a customer, 404 for another council, 409 when not paid', async () => {
    const t = app(database);
    const ref = await activeRequest(t);
    expect((await deliver(t, ref)).status).toBe(401);
    expect((await deliver(t, ref, await signInAs(t, 'cafe@testshire.example', 'customer', 'testshire'))).status).toBe(403);
    const otherCrew = await signIn(t, 'otherton', 'crew');
    const other = await deliver(t, ref, otherCrew);
    expect(other.status).toBe(404);
    const officer = await signIn(t, 'testshire', 'officer');
    const pending = (await (await post(t)).json()).reference;
    const notPaid = await deliver(t, pending, officer);
    expect(notPaid.status).toBe(409);
    expect((await notPaid.json()).error.code).toBe('not_active');
    expect((await deliver(t, ref, officer)).status).toBe(200);
  });

  test("the officer's deliveries page lists the day's deliveries and marks one delivered", async () => {
    const t = app(database);
    const ref = await activeRequest(t);
    const officer = await signIn(t, 'testshire', 'officer');
    const page = await t.app.request('/officer/deliveries?date=2026-09-07', { headers: { cookie: officer } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(ref);
    expect(html).toContain('240L blue wheelie bin × 1');
    expect(html).toContain('Mark delivered');
    expect((await t.app.request('/officer/deliveries?date=2026-09-08', { headers: { cookie: officer } })).status).toBe(200);
    expect((await t.app.request('/officer/deliveries?date=nope', { headers: { cookie: officer } })).status).toBe(400);
    // Later days show it as still to deliver.
    expect(await (await t.app.request('/officer/deliveries?date=2026-09-09', { headers: { cookie: officer } })).text()).toContain('Still to deliver');

    const done = await t.app.request(`/officer/deliveries/${ref}/delivered?date=2026-09-07`, {
      method: 'POST', headers: { cookie: officer, origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' }, body: '',
    });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/officer/deliveries?date=2026-09-07&delivered=${ref}`);
    expect((await detail(ref)).status).toBe('completed');
    const crew = await signIn(t, 'testshire', 'crew');
    expect((await t.app.request('/officer/deliveries', { headers: { cookie: crew } })).status).toBe(403);
  });
});
