/**
 * KERBSIDE_PAYMENTS=govukpay against a local GOV.UK Pay stand-in (test/support/govukpay-test-server.ts):
 * creating with an Idempotency-Key, settling only from GET /v1/payments/{id} (the return route is a
 * hint), declines and retries, refunds with refund_amount_available, and a provider that refuses
 * the key, is down or is slow: 503 payment_unavailable and nothing stored.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import type { Database } from '../../db/client.ts';
import { paymentsFor } from '../../server/services/payments/index.ts';
import { cancelRequest, getRequestView, reconcilePayments, retryPayment } from '../../server/services/requests/lifecycle.ts';
import { requestJobs } from '../../server/services/requests/jobs.ts';
import { runJobSlot } from '../../server/services/jobs/runner.ts';
import { startGovukPayTestServer, type GovukPayTestServer } from '../support/govukpay-test-server.ts';
import { buildTestApp } from '../support/app.ts';
import { openTestDatabase } from '../support/db.ts';
import { count, seedCouncils, WEDNESDAY } from './reports-setup.ts';
import { councilId, kindLog, makeRequest, resetRequests } from './requests-setup.ts';

let database: Database;
let gov: GovukPayTestServer;
let council: number;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedCouncils(database);
  council = await councilId(database);
  gov = startGovukPayTestServer();
});
afterAll(async () => {
  await gov.stop();
  await database.close();
});
beforeEach(async () => {
  await resetRequests(database);
  gov.mode = 'up';
  gov.calls.length = 0;
});

function setup(over: { apiKey?: string; timeoutMs?: number } = {}) {
  const t = buildTestApp(database, WEDNESDAY, {
    payments: 'govukpay', govukPayUrl: gov.url, govukPayApiKey: over.apiKey ?? gov.apiKey, paymentsTimeoutMs: over.timeoutMs ?? 2000, publicUrl: 'http://kerbside.test',
  });
  const ctx = { db: database.db, clock: t.clock, payments: paymentsFor(t.deps) };
  return { ...t, ctx };
}
const onlyPayment = () => [...gov.payments.values()].at(-1)!;

describe('govukpay', () => {
  test('create sends amount, reference, description, return_url, language, email and an Idempotency-Key; next_url is GOV.UK Pay’s', async () => {
    const { ctx } = setup();
    const { request, payment } = await makeRequest(ctx, { councilId: council, language: 'cy' });
    const p = onlyPayment();
    expect(payment.nextUrl).toBe(`${gov.url}/secure/${p.payment_id}`);
    expect(p).toMatchObject({ amount: 2500, reference: request.reference, description: `Cais am fin ${request.reference}`, language: 'cy', email: 'ada@example.org' });
    expect(p.return_url).toBe(`http://kerbside.test/requests/${request.reference}/return`);
    const call = gov.calls.find((c) => c.method === 'POST')!;
    expect(call.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('the return is only a hint: nothing is active until GET /v1/payments/{id} says success, then exactly once', async () => {
    const { app, ctx } = setup();
    const { request } = await makeRequest(ctx, { councilId: council });
    const back = await app.request(`/requests/${request.reference}/return`);
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(`/requests/${request.reference}`);
    expect((await getRequestView(ctx, request.reference)).status).toBe('pending_payment');
    gov.complete(onlyPayment().payment_id, 'success');
    await Promise.all([app.request(`/requests/${request.reference}/return`), app.request(`/requests/${request.reference}/return`)]);
    await app.request(`/requests/${request.reference}/return`);
    const view = await getRequestView(ctx, request.reference);
    expect(view).toMatchObject({ status: 'active', paidPence: 2500 });
    expect(kindLog.filter((k) => k.hook === 'activate')).toHaveLength(1);
    expect(await count(database, "outbox where kind = 'request.paid'")).toBe(1);
    const page = await (await app.request(`/requests/${request.reference}`)).text();
    expect(page).toContain('govuk-panel--confirmation');
    expect(page).toContain(request.reference);
  });

  test('declined: nothing active, the page offers Try again, which makes a new payment that can succeed', async () => {
    const { app, ctx } = setup();
    const { request } = await makeRequest(ctx, { councilId: council });
    const first = onlyPayment().payment_id;
    gov.complete(first, 'declined');
    await app.request(`/requests/${request.reference}/return`);
    expect((await getRequestView(ctx, request.reference)).payments).toEqual([expect.objectContaining({ state: 'failed' })]);
    const page = await (await app.request(`/requests/${request.reference}`)).text();
    expect(page).toContain('Try again');
    const retry = await app.request(`/requests/${request.reference}/pay`, { method: 'POST', headers: { origin: 'http://localhost' } });
    expect(retry.status).toBe(303);
    const second = onlyPayment().payment_id;
    expect(second).not.toBe(first);
    expect(retry.headers.get('location')).toBe(`${gov.url}/secure/${second}`);
    gov.complete(second, 'success');
    await app.request(`/requests/${request.reference}/return`);
    const view = await getRequestView(ctx, request.reference);
    expect(view.status).toBe('active');
    expect(view.payments.map((p) => p.state)).toEqual(['failed', 'success']);
  });

  test('reconciliation settles a payment whose resident never came back', async () => {
    const { ctx } = setup();
    const { request } = await makeRequest(ctx, { councilId: council });
    gov.complete(onlyPayment().payment_id, 'success');
    expect(await reconcilePayments(ctx, { nowMs: Date.now() + 10 * 60_000 })).toBe(1);
    expect((await getRequestView(ctx, request.reference)).status).toBe('active');
  });

  test('two payments for one request both taken: one success (payments_one_success), the other refunded in full', async () => {
    const { ctx } = setup();
    const { request } = await makeRequest(ctx, { councilId: council });
    const a = onlyPayment();
    await retryPayment(ctx, request.reference); // GOV.UK Pay: a new payment while the first is still open
    const b = onlyPayment();
    expect(b.payment_id).not.toBe(a.payment_id);
    gov.complete(a.payment_id, 'success');
    gov.complete(b.payment_id, 'success');
    await reconcilePayments(ctx, { nowMs: Date.now() + 10 * 60_000 });
    const view = await getRequestView(ctx, request.reference);
    expect(view).toMatchObject({ status: 'active', paidPence: 2500 });
    expect(view.payments.map((p) => p.state).sort()).toEqual(['error', 'success']);
    expect(kindLog.filter((k) => k.hook === 'activate')).toHaveLength(1);
    expect(a.refunded + b.refunded).toBe(2500);
  });

  test('jobs are claimed per slot: a second instance in the same slot skips', async () => {
    const { ctx } = setup();
    const { request } = await makeRequest(ctx, { councilId: council });
    gov.complete(onlyPayment().payment_id, 'success');
    const [, reconcile] = requestJobs(ctx, { everyMs: 60_000 });
    const job = { ...reconcile, run: () => reconcilePayments(ctx, { olderThanMs: 0 }) };
    const nowMs = () => 1_800_000_000_000;
    const outcomes = await Promise.all([runJobSlot(database.db, job, { holder: 'a', nowMs }), runJobSlot(database.db, job, { holder: 'b', nowMs })]);
    expect(outcomes.sort()).toEqual(['ok', 'skipped']);
    expect((await getRequestView(ctx, request.reference)).status).toBe('active');
  });

  test('cancel refunds through POST /v1/payments/{id}/refunds with refund_amount_available', async () => {
    const { ctx } = setup();
    const { request } = await makeRequest(ctx, { councilId: council });
    const p = onlyPayment();
    gov.complete(p.payment_id, 'success');
    await reconcilePayments(ctx, { nowMs: Date.now() + 10 * 60_000 });
    await cancelRequest(ctx, request.reference, { email: 'ada@example.org' });
    expect(p.refunds).toEqual([expect.objectContaining({ amount: 2500 })]);
    expect(p.refunded).toBe(2500);
  });

  for (const [name, arrange] of [
    ['a wrong API key (401)', () => setup({ apiKey: 'api_test_wrong' })],
    ['GOV.UK Pay down (503)', () => { gov.mode = 'down'; return setup(); }],
    ['GOV.UK Pay slower than the timeout', () => { gov.mode = 'slow'; gov.slowMs = 1500; return setup({ timeoutMs: 250 }); }],
  ] as const) {
    test(`${name}: 503 payment_unavailable, nothing stored, the place freed`, async () => {
      const { ctx } = arrange();
      const started = Date.now();
      const e = await makeRequest(ctx, { councilId: council }).catch((x) => x);
      expect(e).toMatchObject({ code: 'payment_unavailable', status: 503 });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(await count(database, 'resident_requests')).toBe(0);
      expect(await count(database, 'payments')).toBe(0);
      expect(kindLog).toEqual([{ hook: 'expire', reference: 'BR-26-000001' }]);
    });
  }
});
