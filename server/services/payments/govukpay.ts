/**
 * GOV.UK Pay (KERBSIDE_PAYMENTS=govukpay): its public REST API with a bearer API key.
 *   POST /v1/payments              create (Idempotency-Key: our payment id), answer `_links.next_url`
 *   GET  /v1/payments/{id}         `state.status`, `state.code` — the only thing that settles a payment
 *   POST /v1/payments/{id}/refunds `amount`, `refund_amount_available` (GOV.UK Pay refuses with 412 if
 *                                  the available amount has moved: a refund is never made twice)
 * Every call has a timeout. A network failure, timeout, 429 or 5xx is `ProviderUnavailable`;
 * reads (and the create, which carries an Idempotency-Key) are retried once after a short pause.
 */
import { ProviderUnavailable, type CreatePaymentInput, type PaymentProvider, type PaymentState, PAYMENT_STATES } from './provider.ts';

export interface GovukPayOptions {
  apiKey: string;
  baseUrl: string;
  timeoutMs: number;
  /** Pause before the one retry of a safe call. */
  retryDelayMs?: number;
}

export class GovukPayError extends Error {
  constructor(readonly status: number, readonly code: string | undefined, message: string) {
    super(message);
    this.name = 'GovukPayError';
  }
}

export function govukPayProvider(options: GovukPayOptions): PaymentProvider {
  const base = options.baseUrl.replace(/\/$/, '');

  async function call(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}, retry = true): Promise<any> {
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(`${base}${path}`, {
          method,
          headers: {
            Authorization: `Bearer ${options.apiKey}`,
            Accept: 'application/json',
            ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
            ...headers,
          },
          body: body !== undefined ? JSON.stringify(body) : undefined,
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (err) {
        if (retry && attempt === 0) {
          await Bun.sleep(options.retryDelayMs ?? 200);
          continue;
        }
        throw new ProviderUnavailable(`GOV.UK Pay unreachable: ${err instanceof Error ? err.message : String(err)}`);
      }
      const text = await res.text();
      let json: any = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = null;
      }
      if (res.status === 429 || res.status >= 500) {
        if (retry && attempt === 0) {
          await Bun.sleep(options.retryDelayMs ?? 200);
          continue;
        }
        throw new ProviderUnavailable(`GOV.UK Pay answered ${res.status}`);
      }
      if (!res.ok) throw new GovukPayError(res.status, json?.code, json?.description ?? `GOV.UK Pay answered ${res.status}`);
      return json;
    }
  }

  const stateOf = (s: unknown): PaymentState => (PAYMENT_STATES as readonly string[]).includes(String(s)) ? (s as PaymentState) : 'error';

  return {
    name: 'govukpay',
    async create(input: CreatePaymentInput) {
      const json = await call('POST', '/v1/payments', {
        amount: input.amountPence,
        reference: input.reference,
        description: input.description,
        return_url: input.returnUrl,
        language: input.language,
        ...(input.email ? { email: input.email } : {}),
      }, { 'Idempotency-Key': input.paymentId });
      const href = json?._links?.next_url?.href;
      if (typeof json?.payment_id !== 'string' || typeof href !== 'string') throw new ProviderUnavailable('GOV.UK Pay answered without a payment id or next_url');
      return { providerId: json.payment_id, nextUrl: href, state: stateOf(json.state?.status) };
    },
    async status(providerId: string) {
      const json = await call('GET', `/v1/payments/${encodeURIComponent(providerId)}`);
      const code = json?.state?.code;
      return { state: stateOf(json?.state?.status), ...(typeof code === 'string' ? { code } : {}) };
    },
    async refund(providerId: string, amountPence: number, expectedAvailablePence: number) {
      // Not retried on a lost answer: refund_amount_available makes a repeat fail with 412 rather than pay twice,
      // and the reconciliation job comes back to a refund still owed.
      const json = await call('POST', `/v1/payments/${encodeURIComponent(providerId)}/refunds`, {
        amount: amountPence,
        refund_amount_available: expectedAvailablePence,
      }, {}, false);
      return { refundId: String(json?.refund_id ?? '') };
    },
  };
}
