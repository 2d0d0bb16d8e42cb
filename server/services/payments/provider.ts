/**
 * The one interface every payment provider sits behind (DESIGN.md "Requests and payments"):
 * `sandbox` (Kerbside's own test-card page, the default), `govukpay` (GOV.UK Pay's REST API) and
 * `invoice` (no card: an officer marks the request paid). Chosen once by `KERBSIDE_PAYMENTS`.
 *
 * Providers only talk to the provider; they never touch requests. The requests lifecycle
 * (server/services/requests/lifecycle.ts) decides what a state means: a request becomes active
 * only when `status()` — asked of the provider, never taken from a return URL — says `success`.
 */

/** GOV.UK Pay's payment states; the sandbox and invoice providers use the same words. */
export const PAYMENT_STATES = ['created', 'started', 'submitted', 'capturable', 'success', 'failed', 'cancelled', 'error'] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];
export const FINISHED_STATES: ReadonlySet<PaymentState> = new Set(['success', 'failed', 'cancelled', 'error']);

export interface CreatePaymentInput {
  /** Our payment id (a UUID): the provider's idempotency key and, for the sandbox, its page. */
  paymentId: string;
  amountPence: number;
  /** The request's reference (GOV.UK Pay `reference`). */
  reference: string;
  /** What the resident is paying for, in their language (GOV.UK Pay `description`). */
  description: string;
  /** Where the resident comes back to (absolute): only a hint that it is time to ask `status()`. */
  returnUrl: string;
  language: 'en' | 'cy';
  email?: string | null;
  /** No card should be taken after this (the request's hold; real time). Providers that cannot enforce it ignore it. */
  expiresAt?: Date | null;
}

export interface ProviderPayment {
  /** The provider's id for the payment (GOV.UK Pay `payment_id`). */
  providerId: string;
  /** Where to send the resident to pay; null when there is nothing to pay online (invoice). */
  nextUrl: string | null;
  state: PaymentState;
}

export interface ProviderStatus {
  state: PaymentState;
  /** The provider's failure code when failed/cancelled/error (GOV.UK Pay `state.code`, e.g. P0010). */
  code?: string;
}

export interface PaymentProvider {
  readonly name: 'sandbox' | 'govukpay' | 'invoice';
  create(input: CreatePaymentInput): Promise<ProviderPayment>;
  status(providerId: string): Promise<ProviderStatus>;
  /** Refunds part or all of a successful payment; resolves once the provider has accepted it. */
  refund(providerId: string, amountPence: number, expectedAvailablePence: number): Promise<{ refundId: string }>;
}

/**
 * The provider could not be reached, timed out or answered with a server error: nothing is known
 * to have happened, so the caller may undo and ask the resident to try again.
 */
export class ProviderUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderUnavailable';
  }
}

/** What services need to take payments: the configured provider and the public base URL for links. */
export interface Payments {
  provider: PaymentProvider;
  /** PUBLIC_URL without a trailing slash: return URLs and the sandbox's `/pay/{id}` are on it. */
  publicUrl: string;
}
