/**
 * The lifecycle over HTTP with the sandbox (the default provider): the sandbox card page, the return
 * route, the public view and cancel for each kind's path, retry, and the officer API and pages
 * (council scoping, roles, CSV, invoice mark-paid, audit).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { paymentsFor } from '../../server/services/payments/index.ts';
import { buildTestApp } from '../support/app.ts';
import { openTestDatabase } from '../support/db.ts';
import { count, formPost, jsonPost, rows, seedCouncils, signIn, WEDNESDAY } from './reports-setup.ts';
import { councilId, kindLog, makeRequest, resetRequests } from './requests-setup.ts';

let database: Database;
let testshire: number;
let otherton: number;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedCouncils(database);
  testshire = await councilId(database);
  otherton = await councilId(database, 'otherton');
});
afterAll(() => database.close());
beforeEach(() => resetRequests(database));

function setup(config: Record<string, unknown> = {}) {
  const t = buildTestApp(database, WEDNESDAY, { publicUrl: 'http://localhost', ...config });
  return { ...t, ctx: { db: database.db, clock: t.clock, payments: paymentsFor(t.deps) } };
}
const year = String(new Date().getUTCFullYear() + 1);
const cardForm = (cardNumber: string, over: Record<string, string> = {}) =>
  formPost({ cardNumber, expiryMonth: '12', expiryYear: year, cardholderName: 'Ada Resident', cvc: '123', ...over });

describe('sandbox page and return', () => {
  test('the page has GOV.UK Pay’s fields; a decline stays on it with an error summary; the success card returns and confirms', async () => {
    const { app, ctx } = setup();
    const { request, payment } = await makeRequest(ctx, { councilId: testshire });
    const path = new URL(payment.nextUrl!).pathname;
    const page = await (await app.request(path)).text();
    for (const label of ['Card number', 'Month', 'Year', 'Name on card', 'Card security code', 'Continue', '£25.00', `Bin request ${request.reference}`]) expect(page).toContain(label);

    const declined = await app.request(path, cardForm('4000 0000 0000 0002'));
    expect(declined.status).toBe(402);
    const html = await declined.text();
    expect(html).toContain('govuk-error-summary');
    expect(html).toContain('Your payment was declined');
    expect((await getView(app, request.reference)).status).toBe('pending_payment');

    const bad = await app.request(path, cardForm('4444333322221111', { expiryMonth: '13', cvc: '12' }));
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('href="#expiryMonth"');
    expect(badHtml).toContain('href="#cvc"');

    const ok = await app.request(path, cardForm('4444333322221111'));
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`http://localhost/requests/${request.reference}/return`);
    const back = await app.request(`/requests/${request.reference}/return`);
    expect(back.headers.get('location')).toBe(`/requests/${request.reference}`);
    const view = await getView(app, request.reference);
    expect(view).toMatchObject({ status: 'active', paidPence: 2500 });
    const confirmation = await (await app.request(`/requests/${request.reference}`)).text();
    expect(confirmation).toContain('Request confirmed');
    expect(confirmation).toContain('Test container × 1 (en)');
    // The page once paid is a link back, not a second payment.
    expect((await app.request(path)).status).toBe(303);
  });

  test('Welsh: the card page follows the payment’s language', async () => {
    const { app, ctx } = setup();
    const { payment } = await makeRequest(ctx, { councilId: testshire, language: 'cy' });
    const page = await (await app.request(new URL(payment.nextUrl!).pathname)).text();
    expect(page).toContain('lang="cy"');
    expect(page).toContain('Rhif y cerdyn');
  });

  test('the return goes on to a safe next path only', async () => {
    const { app, ctx } = setup();
    const { request } = await makeRequest(ctx, { councilId: testshire }, { returnPath: '/garden-waste/done' });
    expect((await app.request(`/requests/${request.reference}/return?next=%2Fgarden-waste%2Fdone`)).headers.get('location')).toBe('/garden-waste/done');
    expect((await app.request(`/requests/${request.reference}/return?next=%2F%2Fevil.example`)).headers.get('location')).toBe(`/requests/${request.reference}`);
    expect((await app.request(`/requests/${request.reference}/return?next=https://evil.example`)).headers.get('location')).toBe(`/requests/${request.reference}`);
  });

  test('the card page is not there when another provider is configured', async () => {
    const { app, ctx } = setup({ payments: 'invoice' });
    await makeRequest(ctx, { councilId: testshire });
    const [p] = rows(await database.db.execute(sql`select id from payments`));
    expect((await app.request(`/pay/${p.id}`)).status).toBe(404);
  });
});

async function getView(app: any, reference: string, path = 'container-requests') {
  const res = await app.request(`/api/v1/${path}/${reference}`);
  expect(res.status).toBe(200);
  return res.json();
}

describe('public API', () => {
  test('GET by each kind’s path: the right kind only; no personal data', async () => {
    const { app, ctx } = setup();
    const { request } = await makeRequest(ctx, { councilId: testshire });
    const res = await app.request(`/api/v1/container-requests/${request.reference.toLowerCase()}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ reference: request.reference, status: 'pending_payment', uprn: '100090000001', amountPence: 2500, paidPence: 0 });
    expect(text).not.toContain('ada');
    expect((await app.request(`/api/v1/garden-subscriptions/${request.reference}`)).status).toBe(404);
    expect((await app.request('/api/v1/bulky-bookings/BW-26-999999')).status).toBe(404);
  });

  test('retry: POST /requests/{ref}/payments gives the open page again; 409 once it is over', async () => {
    const { app, ctx } = setup();
    const { request, payment } = await makeRequest(ctx, { councilId: testshire });
    const res = await app.request(`/api/v1/requests/${request.reference}/payments`, { method: 'POST', headers: { origin: 'http://localhost' } });
    expect(res.status).toBe(201);
    expect((await res.json()).payment.nextUrl).toBe(payment.nextUrl);
    await database.db.execute(sql`update resident_requests set hold_until = now() - interval '1 minute'`);
    const late = await app.request(`/api/v1/requests/${request.reference}/payments`, { method: 'POST', headers: { origin: 'http://localhost' } });
    expect(late.status).toBe(409);
    expect((await late.json()).error.code).toBe('hold_expired');
  });

  test('cancel: 403 with another email, 200 with the right one, 409 again; an officer needs no email', async () => {
    const t = setup();
    const a = await makeRequest(t.ctx, { councilId: testshire, amountPence: 0 });
    const wrong = await t.app.request(`/api/v1/container-requests/${a.request.reference}/cancel`, jsonPost({ email: 'x@example.org' }, { origin: 'http://localhost' }));
    expect(wrong.status).toBe(403);
    const ok = await t.app.request(`/api/v1/container-requests/${a.request.reference}/cancel`, jsonPost({ email: 'ADA@example.org' }, { origin: 'http://localhost' }));
    expect(ok.status).toBe(200);
    expect((await ok.json()).status).toBe('cancelled');
    const again = await t.app.request(`/api/v1/container-requests/${a.request.reference}/cancel`, jsonPost({ email: 'ada@example.org' }, { origin: 'http://localhost' }));
    expect(again.status).toBe(409);

    const b = await makeRequest(t.ctx, { councilId: testshire, amountPence: 0 });
    const cookie = await signIn(t, 'testshire', 'officer');
    const byOfficer = await t.app.request(`/api/v1/container-requests/${b.request.reference}/cancel`, { method: 'POST', headers: { cookie, origin: 'http://localhost' } });
    expect(byOfficer.status).toBe(200);
    const [audit] = rows(await database.db.execute(sql`select action, entity, entity_id from audit_log where entity = 'request'`));
    expect(audit).toEqual({ action: 'request.cancel', entity: 'request', entity_id: b.request.reference });
    expect(await count(database, "outbox where kind = 'request.cancelled'")).toBe(2);
  });
});

describe('officers', () => {
  test('list and CSV are the council’s own, filtered by kind and status; crews are refused', async () => {
    const t = setup();
    const mine = await makeRequest(t.ctx, { councilId: testshire });
    await makeRequest(t.ctx, { councilId: testshire, amountPence: 0 });
    const theirs = await makeRequest(t.ctx, { councilId: otherton, uprn: 200000000001 });
    const cookie = await signIn(t, 'testshire', 'officer');
    const list = await (await t.app.request('/api/v1/requests', { headers: { cookie } })).json();
    expect(list.map((r: any) => r.reference).sort()).toEqual(['BR-26-000001', 'BR-26-000002']);
    expect(list.find((r: any) => r.reference === mine.request.reference)).toMatchObject({ email: 'ada@example.org', name: 'Ada Resident', status: 'pending_payment' });
    const active = await (await t.app.request('/api/v1/requests?kind=container_request&status=active', { headers: { cookie } })).json();
    expect(active.map((r: any) => r.reference)).toEqual(['BR-26-000002']);
    expect((await (await t.app.request('/api/v1/requests?kind=garden_subscription', { headers: { cookie } })).json())).toEqual([]);
    expect((await t.app.request('/api/v1/requests?status=nonsense', { headers: { cookie } })).status).toBe(400);
    const csv = await t.app.request('/api/v1/requests.csv?status=pending_payment', { headers: { cookie } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('reference,kind,status,uprn,amountPence,paidPence,refundedPence,name,email,phone,channel,createdAt,updatedAt');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([mine.request.reference]);
    expect(lines.join('\n')).not.toContain(theirs.request.reference);
    expect((await t.app.request('/api/v1/requests')).status).toBe(401);
    const crew = await signIn(t, 'testshire', 'crew');
    expect((await t.app.request('/api/v1/requests', { headers: { cookie: crew } })).status).toBe(403);
    // Another council's request is not found through the officer's pages either.
    expect((await t.app.request(`/officer/requests/${theirs.request.reference}`, { headers: { cookie } })).status).toBe(404);
  });

  test('pages: the list filters and links to CSV; the detail shows contacts, payments, history and the kind’s actions', async () => {
    const t = setup();
    const { request } = await makeRequest(t.ctx, { councilId: testshire });
    const cookie = await signIn(t, 'testshire', 'officer');
    const list = await (await t.app.request('/officer/requests?status=pending_payment', { headers: { cookie } })).text();
    expect(list).toContain(request.reference);
    expect(list).toContain('href="/api/v1/requests.csv?status=pending_payment"');
    const detail = await (await t.app.request(`/officer/requests/${request.reference}`, { headers: { cookie } })).text();
    for (const s of ['ada@example.org', 'Test container × 1 (en)', 'sandbox', 'Request received.', 'Mark test delivered', 'Cancel request']) expect(detail).toContain(s);
    expect(detail).not.toContain('Mark as paid');
    expect((await t.app.request('/officer/requests')).status).toBe(303);
  });

  test('invoice: the request waits with no hold; an officer marks it paid (API and page), audited; not twice', async () => {
    const t = setup({ payments: 'invoice' });
    const { request, payment } = await makeRequest(t.ctx, { councilId: testshire });
    expect(payment.nextUrl).toBeNull();
    expect((request as any).holdUntil).toBeNull();
    expect(await count(database, 'payments')).toBe(1);
    const crew = await signIn(t, 'testshire', 'crew');
    expect((await t.app.request(`/api/v1/requests/${request.reference}/mark-paid`, { method: 'POST', headers: { cookie: crew, origin: 'http://localhost' } })).status).toBe(403);
    const cookie = await signIn(t, 'testshire', 'officer');
    const page = await (await t.app.request(`/officer/requests/${request.reference}`, { headers: { cookie } })).text();
    expect(page).toContain('Mark as paid');
    const res = await t.app.request(`/api/v1/requests/${request.reference}/mark-paid`, { method: 'POST', headers: { cookie, origin: 'http://localhost' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'active', paidPence: 2500, payments: [{ state: 'success', amountPence: 2500 }] });
    expect(kindLog.filter((k) => k.hook === 'activate')).toHaveLength(1);
    const again = await t.app.request(`/api/v1/requests/${request.reference}/mark-paid`, { method: 'POST', headers: { cookie, origin: 'http://localhost' } });
    expect(again.status).toBe(409);
    const [audit] = rows(await database.db.execute(sql`select action, entity, entity_id from audit_log where entity = 'request'`));
    expect(audit).toEqual({ action: 'request.mark_paid', entity: 'request', entity_id: request.reference });

    const second = await makeRequest(t.ctx, { councilId: testshire });
    const viaPage = await t.app.request(`/officer/requests/${second.request.reference}/mark-paid`, { method: 'POST', headers: { cookie, origin: 'http://localhost' } });
    expect(viaPage.status).toBe(303);
    expect((await getView(t.app, second.request.reference)).status).toBe('active');
  });

  test('mark-paid is refused for a card payment (not_invoice)', async () => {
    const t = setup();
    const { request } = await makeRequest(t.ctx, { councilId: testshire });
    const cookie = await signIn(t, 'testshire', 'officer');
    const res = await t.app.request(`/api/v1/requests/${request.reference}/mark-paid`, { method: 'POST', headers: { cookie, origin: 'http://localhost' } });
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe('not_invoice');
  });
});
