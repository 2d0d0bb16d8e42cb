/**
 * A local stand-in for GOV.UK Pay's public API, started by the tests (real HTTP, no mocks of our
 * code). It implements what Kerbside calls, as GOV.UK Pay documents it:
 *   POST /v1/payments                 201 { payment_id, amount, reference, description, return_url, language,
 *                                     email?, state: { status: 'created', finished: false }, _links: { self, next_url } };
 *                                     `Idempotency-Key` with the same body answers the same payment (200)
 *   GET  /v1/payments/{id}            the payment with its `state` ({ status, finished, code?, message? })
 *   POST /v1/payments/{id}/refunds    202 { refund_id, amount, status: 'submitted' } — 412 P0604 if
 *                                     `refund_amount_available` is not what is available; 400 P0603 when
 *                                     the payment cannot be refunded (not success, or too much)
 * A missing or wrong bearer key is 401 (P0920); validation failures 422 P0102 / 400 P0101, with
 * GOV.UK Pay's error shape `{ field?, code, description }`. `mode` makes it down (503) or slow.
 * Tests play the paying user with `complete(id, outcome)`.
 */
export type Outcome = 'success' | 'declined' | 'cancelled' | 'expired' | 'started';

interface FakePayment {
  payment_id: string;
  amount: number;
  reference: string;
  description: string;
  return_url: string;
  language: string;
  email?: string;
  created_date: string;
  state: { status: string; finished: boolean; code?: string; message?: string };
  refunded: number;
  refunds: Array<{ refund_id: string; amount: number }>;
  idempotencyKey?: string;
  bodyText: string;
}

export interface GovukPayTestServer {
  url: string;
  apiKey: string;
  mode: 'up' | 'down' | 'slow';
  slowMs: number;
  payments: Map<string, FakePayment>;
  /** Every request the server saw (method, path, idempotency key). */
  calls: Array<{ method: string; path: string; idempotencyKey: string | null }>;
  complete(id: string, outcome: Outcome): void;
  stop(): Promise<void>;
}

const err = (status: number, code: string, description: string, field?: string) =>
  Response.json({ ...(field ? { field } : {}), code, description }, { status });

export function startGovukPayTestServer(apiKey = 'api_test_kerbside_key'): GovukPayTestServer {
  const payments = new Map<string, FakePayment>();
  const byKey = new Map<string, string>();
  let n = 0;
  const self: GovukPayTestServer = {
    url: '',
    apiKey,
    mode: 'up',
    slowMs: 2000,
    payments,
    calls: [],
    complete(id, outcome) {
      const p = payments.get(id);
      if (!p) throw new Error(`no payment ${id}`);
      p.state = outcome === 'success' ? { status: 'success', finished: true }
        : outcome === 'declined' ? { status: 'failed', finished: true, code: 'P0010', message: 'Payment method rejected' }
        : outcome === 'cancelled' ? { status: 'cancelled', finished: true, code: 'P0030', message: 'Payment was cancelled by the user' }
        : outcome === 'expired' ? { status: 'failed', finished: true, code: 'P0020', message: 'Payment expired' }
        : { status: 'started', finished: false };
    },
    stop: async () => {
      server.stop(true);
    },
  };
  const view = (p: FakePayment, base: string) => ({
    payment_id: p.payment_id, amount: p.amount, reference: p.reference, description: p.description, return_url: p.return_url,
    language: p.language, ...(p.email ? { email: p.email } : {}), created_date: p.created_date, state: p.state, payment_provider: 'sandbox',
    refund_summary: { status: p.state.status === 'success' ? (p.refunded < p.amount ? 'available' : 'full') : 'unavailable', amount_available: p.amount - p.refunded, amount_submitted: p.refunded },
    _links: {
      self: { href: `${base}/v1/payments/${p.payment_id}`, method: 'GET' },
      ...(p.state.finished ? {} : { next_url: { href: `${base}/secure/${p.payment_id}`, method: 'GET' } }),
      refunds: { href: `${base}/v1/payments/${p.payment_id}/refunds`, method: 'GET' },
    },
  });
  const server = Bun.serve({
    port: 0,
    async fetch(req) {
      const url = new URL(req.url);
      const base = url.origin;
      self.calls.push({ method: req.method, path: url.pathname, idempotencyKey: req.headers.get('idempotency-key') });
      if (self.mode === 'down') return new Response('Service Unavailable', { status: 503 });
      if (self.mode === 'slow') await Bun.sleep(self.slowMs);
      if (req.headers.get('authorization') !== `Bearer ${apiKey}`) return err(401, 'P0920', 'Credentials are required to access this service');
      const parts = url.pathname.split('/').filter(Boolean);
      if (parts[0] !== 'v1' || parts[1] !== 'payments') return err(404, 'P0200', 'Not found');
      if (req.method === 'POST' && parts.length === 2) {
        const text = await req.text();
        let b: any;
        try {
          b = JSON.parse(text);
        } catch {
          return err(400, 'P0197', 'Unable to parse JSON');
        }
        for (const f of ['amount', 'reference', 'description', 'return_url']) if (b[f] === undefined) return err(400, 'P0101', `Missing mandatory attribute: ${f}`, f);
        if (!Number.isInteger(b.amount) || b.amount < 0 || b.amount > 10_000_000) return err(422, 'P0102', 'Invalid attribute value: amount', 'amount');
        if (typeof b.reference !== 'string' || b.reference.length > 255) return err(422, 'P0102', 'Invalid attribute value: reference', 'reference');
        if (typeof b.return_url !== 'string' || !/^https?:\/\//.test(b.return_url)) return err(422, 'P0102', 'Invalid attribute value: return_url', 'return_url');
        if (b.language !== undefined && !['en', 'cy'].includes(b.language)) return err(422, 'P0102', 'Invalid attribute value: language', 'language');
        const key = req.headers.get('idempotency-key');
        if (key && byKey.has(key)) {
          const existing = payments.get(byKey.get(key)!)!;
          if (existing.bodyText !== text) return err(409, 'P0191', 'Idempotency-Key reused with a different body');
          return Response.json(view(existing, base), { status: 200 });
        }
        const id = `pay${String(++n).padStart(6, '0')}${Math.random().toString(36).slice(2, 10)}`;
        const p: FakePayment = {
          payment_id: id, amount: b.amount, reference: b.reference, description: b.description, return_url: b.return_url,
          language: b.language ?? 'en', email: b.email, created_date: new Date().toISOString(), state: { status: 'created', finished: false },
          refunded: 0, refunds: [], idempotencyKey: key ?? undefined, bodyText: text,
        };
        payments.set(id, p);
        if (key) byKey.set(key, id);
        return Response.json(view(p, base), { status: 201 });
      }
      const p = payments.get(parts[2] ?? '');
      if (!p) return err(404, 'P0200', 'Not found');
      if (req.method === 'GET' && parts.length === 3) return Response.json(view(p, base));
      if (req.method === 'POST' && parts.length === 4 && parts[3] === 'refunds') {
        let b: any;
        try {
          b = await req.json();
        } catch {
          return err(400, 'P0197', 'Unable to parse JSON');
        }
        if (!Number.isInteger(b.amount) || b.amount < 1) return err(422, 'P0602', 'Invalid attribute value: amount', 'amount');
        const available = p.amount - p.refunded;
        if (p.state.status !== 'success') return err(400, 'P0603', 'The payment is not available for refund');
        if (b.refund_amount_available !== undefined && b.refund_amount_available !== available) return err(412, 'P0604', 'Refund amount available mismatch');
        if (b.amount > available) return err(400, 'P0603', 'The payment is not available for refund');
        p.refunded += b.amount;
        const refund = { refund_id: `rf${p.refunds.length + 1}${p.payment_id}`, amount: b.amount };
        p.refunds.push(refund);
        return Response.json({ ...refund, status: 'submitted', created_date: new Date().toISOString() }, { status: 202 });
      }
      return err(404, 'P0200', 'Not found');
    },
  });
  self.url = `http://127.0.0.1:${server.port}`;
  return self;
}
