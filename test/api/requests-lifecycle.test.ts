/**
 * The shared request lifecycle over the sandbox provider, at service level: paying, settling twice
 * and concurrently, declines and retries, a provider that is down, expiry, reconciliation, refunds.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import type { Database } from '../../db/client.ts';
import { fixedClock } from '../../server/clock.ts';
import type { ServiceContext } from '../../server/context.ts';
import { sandboxProvider, payWithCard, SANDBOX_DECLINED_CARD, SANDBOX_SUCCESS_CARD } from '../../server/services/payments/sandbox.ts';
import { ProviderUnavailable, type PaymentProvider } from '../../server/services/payments/provider.ts';
import {
  cancelRequest, expireHolds, getRequestView, reconcilePayments, retryPayment, settlePayment,
} from '../../server/services/requests/lifecycle.ts';
import { openTestDatabase } from '../support/db.ts';
import { count, rows, seedCouncils, WEDNESDAY } from './reports-setup.ts';
import { councilId, kindLog, makeRequest, resetRequests, testKind } from './requests-setup.ts';
import { sql } from 'drizzle-orm';

let database: Database;
let ctx: ServiceContext;
let council: number;
const PUBLIC = 'http://kerbside.test';
beforeAll(async () => {
  database = await openTestDatabase();
  await seedCouncils(database);
  council = await councilId(database);
  ctx = { db: database.db, clock: fixedClock(WEDNESDAY), payments: { publicUrl: PUBLIC, provider: sandboxProvider(database.db, PUBLIC) } };
});
afterAll(() => database.close());
beforeEach(() => resetRequests(database));

const card = (cardNumber: string) => ({ cardNumber, month: 12, year: new Date().getUTCFullYear() + 2, name: 'Ada Resident', cvc: '123' });
const paymentIdOf = (nextUrl: string | null) => nextUrl!.split('/pay/')[1];

describe('paying', () => {
  test('a request is pending with a hold and a payment page on PUBLIC_URL', async () => {
    const before = Date.now();
    const { request, payment } = await makeRequest(ctx, { councilId: council });
    expect(request.reference).toBe('BR-26-000001');
    expect(request.status).toBe('pending_payment');
    expect(payment.nextUrl).toMatch(new RegExp(`^${PUBLIC}/pay/[0-9a-f-]{36}$`));
    const hold = (request as any).holdUntil as Date;
    expect(hold.getTime() - before).toBeGreaterThanOrEqual(29 * 60_000);
    expect(hold.getTime() - before).toBeLessThanOrEqual(31 * 60_000);
    const view = await getRequestView(ctx, 'br-26-000001');
    expect(view).toMatchObject({ reference: 'BR-26-000001', status: 'pending_payment', uprn: '100090000001', amountPence: 2500, paidPence: 0 });
    expect(view.payments).toEqual([{ id: paymentIdOf(payment.nextUrl), state: 'created', amountPence: 2500 }]);
    expect(JSON.stringify(view)).not.toContain('ada@');
  });

  test('the same payment confirmed twice, and twice at once, gives one active request and one email', async () => {
    const { request, payment } = await makeRequest(ctx, { councilId: council });
    const id = paymentIdOf(payment.nextUrl);
    expect((await payWithCard(database.db, id, card(SANDBOX_SUCCESS_CARD)))?.result).toBe('success');
    const results = await Promise.all([settlePayment(ctx, id), settlePayment(ctx, id), settlePayment(ctx, id)]);
    for (const r of results) expect(r).toMatchObject({ state: 'success', requestStatus: 'active' });
    await settlePayment(ctx, id);
    const view = await getRequestView(ctx, request.reference);
    expect(view).toMatchObject({ status: 'active', paidPence: 2500 });
    expect(kindLog.filter((k) => k.hook === 'activate')).toHaveLength(1);
    expect(await count(database, "outbox where kind = 'request.paid'")).toBe(1);
    const [mail] = rows(await database.db.execute(sql`select subject, body from outbox`));
    expect(mail.subject).toBe('Bin request BR-26-000001: confirmed');
    expect(mail.body).toContain('Test container × 1 (en)');
    expect(mail.body).toContain('£25.00');
  });

  test('declined leaves nothing active; the same page takes another card', async () => {
    const { request, payment } = await makeRequest(ctx, { councilId: council });
    const id = paymentIdOf(payment.nextUrl);
    expect((await payWithCard(database.db, id, card(SANDBOX_DECLINED_CARD)))?.result).toBe('declined');
    expect((await settlePayment(ctx, id)).requestStatus).toBe('pending_payment');
    expect(kindLog).toEqual([]);
    const retry = await retryPayment(ctx, request.reference);
    expect(retry.payment.nextUrl).toBe(payment.nextUrl);
    expect((await payWithCard(database.db, id, card(SANDBOX_SUCCESS_CARD)))?.result).toBe('success');
    expect((await settlePayment(ctx, id)).requestStatus).toBe('active');
  });

  test('free: active at once, no payment', async () => {
    const { request, payment } = await makeRequest(ctx, { councilId: council, amountPence: 0 });
    expect(payment.nextUrl).toBeNull();
    expect(request.status).toBe('active');
    expect(await count(database, 'payments')).toBe(0);
    expect(kindLog).toEqual([{ hook: 'activate', reference: request.reference }]);
  });
});

describe('a provider that is down', () => {
  test('503 payment_unavailable and nothing stored', async () => {
    const down: PaymentProvider = {
      name: 'sandbox',
      create: async () => { throw new ProviderUnavailable('down'); },
      status: async () => { throw new ProviderUnavailable('down'); },
      refund: async () => { throw new ProviderUnavailable('down'); },
    };
    const err = await makeRequest({ ...ctx, payments: { publicUrl: PUBLIC, provider: down } }, { councilId: council }).catch((e) => e);
    expect(err).toMatchObject({ code: 'payment_unavailable', status: 503 });
    expect(await count(database, 'resident_requests')).toBe(0);
    expect(await count(database, 'payments')).toBe(0);
    expect(await count(database, 'request_history')).toBe(0);
    expect(kindLog).toEqual([{ hook: 'expire', reference: 'BR-26-000001' }]);
  });
});

describe('jobs', () => {
  test('expiry frees the hold; the sandbox page then refuses the card', async () => {
    const { request, payment } = await makeRequest(ctx, { councilId: council });
    expect(await expireHolds(ctx)).toBe(0);
    expect(await expireHolds(ctx, { nowMs: Date.now() + 31 * 60_000 })).toBe(1);
    expect((await getRequestView(ctx, request.reference)).status).toBe('expired');
    expect(kindLog).toEqual([{ hook: 'expire', reference: request.reference }]);
    await database.db.execute(sql`update sandbox_payments set expires_at = now() - interval '1 second'`);
    expect((await payWithCard(database.db, paymentIdOf(payment.nextUrl), card(SANDBOX_SUCCESS_CARD)))?.result).toBe('closed');
    expect((await retryPayment(ctx, request.reference).catch((e) => e)).code).toBe('request_not_pending');
  });

  test('reconciliation settles a payment whose resident never came back', async () => {
    const { request, payment } = await makeRequest(ctx, { councilId: council });
    await payWithCard(database.db, paymentIdOf(payment.nextUrl), card(SANDBOX_SUCCESS_CARD));
    expect(await reconcilePayments(ctx)).toBe(0); // too recent
    expect(await reconcilePayments(ctx, { nowMs: Date.now() + 5 * 60_000 })).toBe(1);
    expect((await getRequestView(ctx, request.reference)).status).toBe('active');
  });
});

describe('cancelling', () => {
  test('by the resident with the email on the request: refunded through the provider', async () => {
    const { request, payment } = await makeRequest(ctx, { councilId: council });
    const id = paymentIdOf(payment.nextUrl);
    await payWithCard(database.db, id, card(SANDBOX_SUCCESS_CARD));
    await settlePayment(ctx, id);
    expect((await cancelRequest(ctx, request.reference, { email: 'someone@else.org' }).catch((e) => e)).code).toBe('forbidden');
    const view = await cancelRequest(ctx, request.reference, { email: ' ADA@example.org' });
    expect(view.status).toBe('cancelled');
    expect(view.history.at(-1)).toMatchObject({ status: 'cancelled', note: 'Cancelled. £25.00 will be refunded.' });
    const [r] = rows(await database.db.execute(sql`select refunded_pence, refund_due_pence from resident_requests`));
    expect(r).toEqual({ refunded_pence: 2500, refund_due_pence: 2500 });
    const [s] = rows(await database.db.execute(sql`select refunded_pence from sandbox_payments`));
    expect(s.refunded_pence).toBe(2500);
    expect((await cancelRequest(ctx, request.reference, { email: 'ada@example.org' }).catch((e) => e)).code).toBe('not_cancellable');
  });

  test('a kind that refuses keeps the request as it was', async () => {
    const { request } = await makeRequest(ctx, { councilId: council, amountPence: 0 });
    testKind.refuseCancel = true;
    expect((await cancelRequest(ctx, request.reference, { email: 'ada@example.org' }).catch((e) => e)).code).toBe('past_cutoff');
    expect((await getRequestView(ctx, request.reference)).status).toBe('active');
  });
});
