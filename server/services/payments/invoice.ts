/**
 * The invoice provider (KERBSIDE_PAYMENTS=invoice): no card. The request waits, with no hold
 * expiry, until an officer marks it paid (`POST /api/v1/requests/{reference}/mark-paid`); the
 * officer's word is the payment's state, so `status()` never finishes a payment by itself.
 */
import type { CreatePaymentInput, PaymentProvider } from './provider.ts';

export function invoiceProvider(): PaymentProvider {
  return {
    name: 'invoice',
    async create(input: CreatePaymentInput) {
      return { providerId: input.paymentId, nextUrl: null, state: 'created' as const };
    },
    async status() {
      return { state: 'created' as const };
    },
    async refund(providerId: string) {
      // Money taken outside Kerbside goes back outside it; the refund is recorded for the officer.
      return { refundId: `${providerId}-invoice-refund` };
    },
  };
}
