/**
 * `request.created` and `request.updated` (DESIGN.md "Notifications", docs/webhooks.md) for a bulky
 * booking through its whole life, delivered to a real receiver on 127.0.0.1 and checked with the
 * `standardwebhooks` package, as in webhooks.test.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { Webhook } from 'standardwebhooks';
import type { Database } from '../../db/client.ts';
import { paymentsFor } from '../../server/services/payments/index.ts';
import { ProviderUnavailable } from '../../server/services/payments/provider.ts';
import { expireHolds, settlePayment } from '../../server/services/requests/lifecycle.ts';
import { deliverWebhooks } from '../../server/services/webhooks/deliver.ts';
import { httpTransport } from '../../server/services/webhooks/transport.ts';
import { openTestDatabase, resetDatabase } from '../support/db.ts';
import { signInAs } from '../support/sign-in.ts';
import { webhookReceiver } from '../support/webhook-receiver.ts';
import { booking, HOME, HOME2, json, payFor, setupBulky } from './bulky-setup.ts';

let database: Database;
let rx: ReturnType<typeof webhookReceiver>;
let t: Awaited<ReturnType<typeof setupBulky>>;
let secret: string;
beforeAll(async () => {
  database = await openTestDatabase();
  rx = webhookReceiver();
});
afterAll(async () => {
  rx.stop();
  await database.close();
});
beforeEach(async () => {
  await resetDatabase(database);
  rx.received.length = 0;
  t = await setupBulky(database, 8, { webhookAllowPrivate: true });
  const cookie = await signInAs(t, 'officer@demo.test', 'officer', 'demo');
  const res = await t.app.request('/api/v1/webhooks', json({ url: rx.url, events: ['request.created', 'request.updated'] }, { cookie, origin: 'http://localhost' }));
  expect(res.status).toBe(201);
  secret = ((await res.json()) as any).secret;
});

/** Sends what is queued and returns every event received so far, verified, in the order queued. */
async function events() {
  await deliverWebhooks(t.deps, httpTransport({ timeoutMs: 3000 }), { allowPrivate: true });
  return rx.received.map((r) => {
    const { type, timestamp, data } = new Webhook(secret).verify(r.body, r.headers) as { type: string; timestamp: string; data: any };
    expect(timestamp).toMatch(/^2026-09-/); // the service clock
    return { type, data };
  });
}
const book = async (over: Record<string, unknown> = {}) => {
  const res = await t.app.request('/api/v1/bulky-bookings', json(booking(over)));
  expect(res.status).toBe(201);
  return (await res.json()) as { reference: string; payment: { nextUrl: string } };
};

describe('request webhooks', () => {
  test('created when made, updated when paid, collected by the crew, and cancelled (with the refund)', async () => {
    const a = await book();
    let got = await events();
    expect(got).toEqual([{
      type: 'request.created',
      data: { reference: a.reference, kind: 'bulky_booking', uprn: String(HOME), status: 'pending_payment', amountPence: 3000, channel: 'api', createdAt: expect.any(String) },
    } as any]);
    expect(JSON.stringify(got)).not.toContain('ann@example.test');
    expect(JSON.stringify(got)).not.toContain('Ann Resident');

    await payFor(t, a.payment.nextUrl);
    // Settling again (a second return, the reconciliation job) announces nothing more.
    await settlePayment({ db: t.deps.db, clock: t.deps.clock, payments: paymentsFor(t.deps) }, a.payment.nextUrl.split('/pay/')[1]);
    got = await events();
    expect(got.slice(1)).toEqual([{
      type: 'request.updated',
      data: { reference: a.reference, kind: 'bulky_booking', uprn: String(HOME), status: 'confirmed', previousStatus: 'pending_payment', updatedAt: expect.any(String) },
    } as any]);

    // The crew collect it on its day (twice: a retried batch): completed, announced once.
    const crew = await signInAs(t, 'crew@demo.test', 'crew', 'demo');
    const event = { id: crypto.randomUUID(), uprn: String(HOME), service: 'bulky', date: '2026-09-10', outcome: 'collected', recordedAt: '2026-09-10T09:00:00Z' };
    for (let i = 0; i < 2; i++) expect((await t.app.request('/api/v1/crew/events', json({ events: [event] }, { cookie: crew }))).status).toBeLessThan(300);
    got = await events();
    expect(got.slice(2)).toEqual([{
      type: 'request.updated',
      data: { reference: a.reference, kind: 'bulky_booking', uprn: String(HOME), status: 'completed', previousStatus: 'confirmed', updatedAt: expect.any(String), event: 'collected' },
    } as any]);
    const view = (await (await t.app.request(`/api/v1/bulky-bookings/${a.reference}`)).json()) as any;
    expect(view.status).toBe('completed');
    expect(view.history.at(-1)).toMatchObject({ status: 'completed', note: 'Collected by the crew.' });

    const b = await book({ uprn: String(HOME2), date: '2026-09-15' });
    await events();
    await payFor(t, b.payment.nextUrl);
    await events();
    const cancelled = await t.app.request(`/api/v1/bulky-bookings/${b.reference}/cancel`, json({ email: 'ann@example.test' }));
    expect(cancelled.status).toBe(200);
    got = await events();
    expect(got.slice(3).map((e) => [e.type, e.data.reference, e.data.previousStatus ?? null, e.data.status])).toEqual([
      ['request.created', b.reference, null, 'pending_payment'],
      ['request.updated', b.reference, 'pending_payment', 'confirmed'],
      ['request.updated', b.reference, 'confirmed', 'cancelled'],
    ]);
    expect(got.at(-1)!.data).toMatchObject({ refundPence: 3000, by: 'resident' });
  });

  test('an unpaid booking that expires is announced; one whose payment could not be created never was', async () => {
    const a = await book();
    await events(); // delivered one at a time: a receiver may otherwise see them in any order
    const ctx = { db: t.deps.db, clock: t.deps.clock, payments: paymentsFor(t.deps) };
    expect(await expireHolds(ctx, { nowMs: Date.now() + 31 * 60_000 })).toBe(1);
    const got = await events();
    expect(got.map((e) => [e.type, e.data.reference, e.data.status])).toEqual([
      ['request.created', a.reference, 'pending_payment'],
      ['request.updated', a.reference, 'expired'],
    ]);

    // The provider is down: the booking is removed again (503), and nothing was queued for it.
    const down = { ...paymentsFor(t.deps) };
    down.provider = { ...down.provider, create: async () => { throw new ProviderUnavailable('down'); } };
    const { bookBulky } = await import('../../server/services/requests/bulky/index.ts');
    await expect(bookBulky({ ...ctx, payments: down }, { ...booking({ uprn: HOME2 }), uprn: HOME2 } as any)).rejects.toMatchObject({ code: 'payment_unavailable' });
    expect((await events()).length).toBe(2);
  });
});
