/**
 * Paying a request in API tests the way the sandbox page does it: the card goes to the sandbox
 * provider (its side of the line), then the lifecycle asks the provider and settles, as the
 * resident's return to Kerbside does. Browser tests use the real page (test/e2e/garden.test.ts).
 */
import { expect } from 'bun:test';
import { paymentsFor } from '../../server/services/payments/index.ts';
import { payWithCard as sandboxCard, SANDBOX_DECLINED_CARD, SANDBOX_SUCCESS_CARD } from '../../server/services/payments/sandbox.ts';
import { settlePayment } from '../../server/services/requests/lifecycle.ts';
import type { buildTestApp } from '../support/app.ts';

export const SUCCESS_CARD = SANDBOX_SUCCESS_CARD;
export const DECLINED_CARD = SANDBOX_DECLINED_CARD;

export async function payWithCard(t: ReturnType<typeof buildTestApp>, nextUrl: string, cardNumber: string) {
  const id = /\/pay\/([^/?#]+)/.exec(nextUrl)?.[1];
  expect(id).toBeDefined();
  const outcome = await sandboxCard(t.deps.db, id!, { cardNumber, month: 12, year: 2099, name: 'Ann Resident', cvc: '123' });
  expect(outcome?.result).toBe(cardNumber === SUCCESS_CARD ? 'success' : 'declined');
  return settlePayment({ db: t.deps.db, clock: t.deps.clock, payments: paymentsFor(t.deps) }, id!);
}
