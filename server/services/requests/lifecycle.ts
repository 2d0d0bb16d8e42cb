/**
 * The shared lifecycle of resident requests (DESIGN.md "Requests and payments", docs/requests.md):
 * references, holds, payments, history, confirmation emails, cancelling and refunds. A kind
 * (garden, bulky, containers) validates its own input, then calls
 *
 *   submitRequest(ctx, (tx) => { const r = await insertRequest(tx, ctx, {...}); insert its row; return r; })
 *
 * and the lifecycle does the rest, calling the kind's hooks (kinds.ts) at the right moments.
 *
 * Rules kept here:
 * - A request is active only once its payment's state, asked of the provider (never taken from a
 *   return URL), is `success`; that step is one transaction: payment, request, history, the
 *   kind's `activate`, the email. The partial unique index `payments_one_success` makes a second
 *   successful payment for one request impossible; a conditional update makes settling twice a no-op.
 * - The provider is called outside any transaction (no lock held over HTTP). If creating the
 *   payment fails, the request is removed again (the kind's row goes with it: kinds' tables
 *   reference resident_requests `on delete cascade`) and the caller gets 503 `payment_unavailable`.
 * - Holds are real elapsed time (DESIGN.md "Clock"): `holdUntil` is 30 minutes of wall-clock
 *   time even under a fixed KERBSIDE_NOW; dates and history times follow ctx.clock.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../../db/client.ts';
import { councils, payments, referenceCounters, requestHistory, residentRequests } from '../../../db/schema/index.ts';
import type { RequestKind, RequestStatus } from '../../../db/schema/requests.ts';
import type { ServiceContext } from '../../context.ts';
import { localDateAt } from '../../domain/dates.ts';
import { DomainError, forbidden, notFound } from '../../errors.ts';
import { log } from '../../ops/log.ts';
import { isLang, translate, type Lang, type MessageKey } from '../../../web/i18n/index.ts';
import { recordAudit } from '../audit/record.ts';
import { enqueue, PUBLIC_URL_TOKEN } from '../outbox.ts';
import { FINISHED_STATES, type Payments, type PaymentState, type ProviderStatus } from '../payments/provider.ts';
import { requestCreated, requestUpdated } from './events.ts';
import { kindHooks, type KindHooks, type RequestRow } from './kinds.ts';
import { KIND_KEY } from './words.ts';

/** How long an unpaid request holds what it asked for (real time). */
export const HOLD_MINUTES = 30;

export type RequestChannel = 'web' | 'api' | 'open311' | 'officer';

export interface NewRequest {
  councilId: number;
  kind: RequestKind;
  uprn: number;
  /** What it costs, fixed now; 0 (a free container): no payment, active at once. */
  amountPence: number;
  name: string | null;
  email: string | null;
  phone?: string | null;
  language: string;
  channel: RequestChannel | string;
}

/** The whole stored row (a superset of kinds.ts RequestRow). */
export type StoredRequest = typeof residentRequests.$inferSelect;

export interface RequestView {
  reference: string;
  status: RequestStatus;
  uprn: string;
  amountPence: number;
  paidPence: number;
  payments: Array<{ id: string; state: PaymentState; amountPence: number }>;
  history: Array<{ at: string; status: string; note?: string }>;
}

export interface SubmitResult {
  request: RequestRow;
  payment: { nextUrl: string | null };
}

const realNow = () => new Date();
const langOf = (l: string): Lang => (isLang(l) ? l : 'en');
export const formatPence = (p: number) => `£${(p / 100).toFixed(2)}`;
const kindName = (lang: Lang, kind: RequestKind) => translate(lang, KIND_KEY[kind]);

export function paymentsOf(ctx: ServiceContext): Payments {
  if (!ctx.payments) throw new Error('ctx.payments is not set: build the context with publicContext/serviceContext');
  return ctx.payments;
}

export const paymentUnavailable = () =>
  new DomainError('payment_unavailable', 'Payments cannot be taken at the moment. Nothing has been charged; please try again.', 503);

const SAFE_PATH = /^\/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@/%?]*$/;

// ---- making a request ------------------------------------------------------------------------

/**
 * Inserts the common row (reference, pending_payment, hold) and its first history step, inside the
 * kind's transaction. References are `GW-26-000001`: the kind's prefix, the council-local year,
 * one counter per prefix and year.
 */
export async function insertRequest(tx: Tx, ctx: ServiceContext, input: NewRequest): Promise<RequestRow> {
  const hooks = kindHooks(input.kind);
  const [council] = await tx.select({ timezone: councils.timezone }).from(councils).where(eq(councils.id, input.councilId));
  if (!council) throw notFound('No such council');
  const now = ctx.clock.now();
  const yy = String(+localDateAt(now, council.timezone).slice(0, 4) % 100).padStart(2, '0');
  const key = `${hooks.prefix}-${yy}`;
  const [counter] = await tx
    .insert(referenceCounters)
    .values({ prefix: key, value: 1 })
    .onConflictDoUpdate({ target: referenceCounters.prefix, set: { value: sql`${referenceCounters.value} + 1` } })
    .returning({ value: referenceCounters.value });
  const reference = `${key}-${String(counter.value).padStart(6, '0')}`;
  // Invoice requests wait for an officer, however long; free ones are activated at once.
  const holds = input.amountPence > 0 && ctx.payments?.provider.name !== 'invoice';
  const [row] = await tx
    .insert(residentRequests)
    .values({
      reference,
      councilId: input.councilId,
      kind: input.kind,
      uprn: input.uprn,
      status: 'pending_payment',
      amountPence: input.amountPence,
      name: input.name || null,
      email: input.email || null,
      phone: input.phone || null,
      language: langOf(input.language),
      channel: input.channel,
      holdUntil: holds ? new Date(realNow().getTime() + HOLD_MINUTES * 60_000) : null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await history(tx, ctx, row, 'pending_payment', translate(langOf(row.language), 'pay.history.received'));
  return row as RequestRow;
}

/**
 * Runs `build` (the kind's inserts) in one transaction, then creates the payment with the
 * provider outside it. Provider down or slow: the request is removed again and 503
 * `payment_unavailable` is thrown. amountPence 0: activated at once, no payment.
 */
export async function submitRequest(
  ctx: ServiceContext,
  build: (tx: Tx) => Promise<RequestRow>,
  opts: { returnPath?: string } = {},
): Promise<SubmitResult> {
  const pay = paymentsOf(ctx);
  const paymentId = crypto.randomUUID();
  const request = await ctx.db.transaction(async (tx) => {
    const r = await build(tx);
    if (r.amountPence > 0) await insertPaymentRow(tx, ctx, pay, r, paymentId);
    else {
      // Free: it exists for good now, and is announced once, as it ends up (active).
      const done = await activate(tx, ctx, r as StoredRequest, kindHooks(r.kind), 'pay.history.free', 0, { announce: false });
      const [now] = await tx.select().from(residentRequests).where(eq(residentRequests.id, r.id));
      await requestCreated({ ...ctx, db: tx }, now ?? done ?? (r as StoredRequest));
    }
    return r;
  });
  if (request.amountPence === 0) return { request: await reload(ctx, request.id), payment: { nextUrl: null } };
  try {
    const nextUrl = await createWithProvider(ctx, pay, await reload(ctx, request.id), paymentId, opts.returnPath, { announce: true });
    return { request: await reload(ctx, request.id), payment: { nextUrl } };
  } catch (err) {
    log('warn', 'payment provider refused a new payment; request removed', { reference: request.reference, error: err instanceof Error ? err.message : String(err) });
    await discard(ctx, request);
    throw paymentUnavailable();
  }
}

async function insertPaymentRow(tx: Tx, _ctx: ServiceContext, pay: Payments, r: RequestRow, id: string) {
  // Payment rows are operational records: their times are real (reconciliation asks about payments
  // a few real minutes old), like the hold, even under a fixed KERBSIDE_NOW.
  const now = realNow();
  await tx.insert(payments).values({
    id, councilId: r.councilId, requestId: r.id, provider: pay.provider.name, state: 'created', amountPence: r.amountPence, createdAt: now, updatedAt: now,
  });
}

export function returnUrl(pay: Payments, reference: string, returnPath?: string): string {
  const next = returnPath && SAFE_PATH.test(returnPath) ? `?next=${encodeURIComponent(returnPath)}` : '';
  return `${pay.publicUrl}/requests/${encodeURIComponent(reference)}/return${next}`;
}

/**
 * `announce`: the request's first payment. `request.created` is queued with the payment's provider
 * details, not with the request's insert: a request whose payment cannot be created is removed
 * again (discard), and must not have been announced.
 */
async function createWithProvider(ctx: ServiceContext, pay: Payments, r: StoredRequest, paymentId: string, returnPath?: string, opts: { announce?: boolean } = {}): Promise<string | null> {
  const lang = langOf(r.language);
  const created = await pay.provider.create({
    paymentId,
    amountPence: r.amountPence,
    reference: r.reference,
    description: translate(lang, 'pay.description', { kind: kindName(lang, r.kind), reference: r.reference }),
    returnUrl: returnUrl(pay, r.reference, returnPath),
    language: lang,
    email: r.email,
    expiresAt: r.holdUntil,
  });
  await ctx.db.transaction(async (tx) => {
    await tx.update(payments)
      .set({ providerId: created.providerId, nextUrl: created.nextUrl, state: created.state, updatedAt: realNow() })
      .where(eq(payments.id, paymentId));
    if (opts.announce) await requestCreated({ ...ctx, db: tx }, r);
  });
  return created.nextUrl;
}

/** Undoes a request whose payment could not be created: frees what it held, removes every trace. */
async function discard(ctx: ServiceContext, request: RequestRow) {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(residentRequests).where(eq(residentRequests.id, request.id));
    if (!row) return;
    await kindHooks(row.kind).expire?.(tx, ctx, row as RequestRow);
    await tx.delete(residentRequests).where(eq(residentRequests.id, request.id));
  });
}

async function reload(ctx: ServiceContext, id: number): Promise<StoredRequest> {
  const [row] = await ctx.db.select().from(residentRequests).where(eq(residentRequests.id, id));
  if (!row) throw notFound('No such request');
  return row;
}

async function history(tx: Tx | ServiceContext['db'], ctx: ServiceContext, r: Pick<StoredRequest, 'id' | 'councilId'>, status: string, note: string | null, detail?: unknown) {
  await tx.insert(requestHistory).values({
    councilId: r.councilId, requestId: r.id, at: ctx.clock.now(), status, note, userId: ctx.user?.id ?? null, detail: detail ?? null,
  });
}

/** Finds a request by reference within ctx's council (when set) and, when given, of one kind. */
export async function findRequest(ctx: ServiceContext, reference: string, kind?: RequestKind): Promise<StoredRequest> {
  const ref = typeof reference === 'string' ? reference.trim().toUpperCase() : '';
  const [row] = await ctx.db.select().from(residentRequests).where(eq(residentRequests.reference, ref));
  if (!row || (kind && row.kind !== kind) || (ctx.councilId !== undefined && row.councilId !== ctx.councilId)) {
    throw notFound(`No request with reference ${ref}`);
  }
  return row;
}

// ---- settling ----------------------------------------------------------------------------------

/** The moment of payment (or of a free request): paid status, history, the kind's activate, the email. */
async function activate(tx: Tx, ctx: ServiceContext, r: StoredRequest, hooks: KindHooks, note: MessageKey, paidPence = 0, opts: { announce?: boolean } = {}): Promise<StoredRequest | null> {
  const now = ctx.clock.now();
  const [req] = await tx.update(residentRequests)
    .set({ status: hooks.paidStatus, paidPence: sql`${residentRequests.paidPence} + ${paidPence}`, holdUntil: null, updatedAt: now })
    .where(and(eq(residentRequests.id, r.id), eq(residentRequests.status, 'pending_payment')))
    .returning();
  if (!req) return null;
  const lang = langOf(req.language);
  await history(tx, ctx, req, hooks.paidStatus, translate(lang, note));
  await hooks.activate(tx, ctx, req as RequestRow);
  if (opts.announce !== false) {
    // As the kind left it: a second paid garden subscription for one year is cancelled by its hook.
    const [after] = await tx.select().from(residentRequests).where(eq(residentRequests.id, req.id));
    await requestUpdated({ ...ctx, db: tx }, after ?? req, 'pending_payment', after && after.status === 'cancelled' ? { refundPence: after.refundDuePence } : {});
  }
  if (req.email) {
    const lines = await hooks.describe(tx, ctx, req as RequestRow);
    const kind = kindName(lang, req.kind);
    await enqueue({ ...ctx, db: tx }, {
      councilId: req.councilId,
      kind: 'request.paid',
      recipient: req.email,
      subject: translate(lang, 'pay.email.paid_subject', { kind, reference: req.reference }),
      body: [
        translate(lang, 'pay.email.paid_intro', { kind }),
        '',
        ...lines,
        '',
        translate(lang, 'pay.email.reference', { reference: req.reference }),
        translate(lang, 'pay.email.amount', { amount: formatPence(paidPence) }),
        translate(lang, 'pay.email.track', { url: `${PUBLIC_URL_TOKEN}/requests/${req.reference}` }),
      ].join('\n'),
      payload: { reference: req.reference, status: req.status },
    });
  }
  return req;
}

const isUniqueViolation = (err: unknown): boolean => {
  for (let e: any = err; e; e = e.cause) if (e.code === '23505' || /payments_one_success/.test(String(e.message))) return true;
  return false;
};

type PaymentRow = typeof payments.$inferSelect;

export interface SettleResult {
  paymentId: string;
  state: PaymentState;
  code?: string | null;
  /** The request's status after settling. */
  requestStatus: RequestStatus;
  reference: string;
}

/**
 * Asks the provider for a payment's state and records it; on `success` the request is paid and
 * activated (once, however many times this is called, concurrently or not).
 */
export async function settlePayment(ctx: ServiceContext, paymentId: string): Promise<SettleResult> {
  const p = await loadPayment(ctx, paymentId);
  if (FINISHED_STATES.has(p.state as PaymentState) || !p.providerId) return settleResult(ctx, p);
  const pay = paymentsOf(ctx);
  if (pay.provider.name !== p.provider) return settleResult(ctx, p); // made under another provider: nothing to ask
  let status: ProviderStatus;
  try {
    status = await pay.provider.status(p.providerId);
  } catch (err) {
    log('warn', 'payment status unavailable', { paymentId, error: err instanceof Error ? err.message : String(err) });
    throw paymentUnavailable();
  }
  await applyState(ctx, p, status);
  return settleResult(ctx, await loadPayment(ctx, paymentId));
}

async function loadPayment(ctx: ServiceContext, paymentId: string): Promise<PaymentRow> {
  const [p] = await ctx.db.select().from(payments).where(eq(payments.id, String(paymentId)));
  if (!p || (ctx.councilId !== undefined && p.councilId !== ctx.councilId)) throw notFound('No such payment');
  return p;
}

async function settleResult(ctx: ServiceContext, p: PaymentRow): Promise<SettleResult> {
  const r = await reload(ctx, p.requestId);
  return { paymentId: p.id, state: p.state as PaymentState, code: p.failureCode, requestStatus: r.status, reference: r.reference };
}

/** Records what the provider (or, for invoices, the officer) says. `audit`: an officer's write, recorded in the same transaction. */
async function applyState(ctx: ServiceContext, p: PaymentRow, status: ProviderStatus, audit?: { action: string }): Promise<void> {
  const now = realNow();
  if (!FINISHED_STATES.has(status.state)) {
    if (status.state !== p.state) {
      await ctx.db.update(payments).set({ state: status.state, updatedAt: now }).where(and(eq(payments.id, p.id), isNull(payments.finishedAt)));
    }
    return;
  }
  if (status.state !== 'success') {
    await ctx.db.transaction(async (tx) => {
      const won = await tx.update(payments)
        .set({ state: status.state, failureCode: status.code ?? null, finishedAt: now, updatedAt: now })
        .where(and(eq(payments.id, p.id), isNull(payments.finishedAt)))
        .returning({ id: payments.id });
      if (won.length === 0) return;
      const r = await tx.select().from(residentRequests).where(eq(residentRequests.id, p.requestId)).then((x) => x[0]);
      if (r?.status === 'pending_payment') await history(tx, ctx, r, 'pending_payment', translate(langOf(r.language), 'pay.history.payment_failed'), { paymentId: p.id, code: status.code ?? null });
    });
    return;
  }
  let late = false;
  try {
    await ctx.db.transaction(async (tx) => {
      const won = await tx.update(payments)
        .set({ state: 'success', failureCode: null, finishedAt: now, updatedAt: now })
        .where(and(eq(payments.id, p.id), isNull(payments.finishedAt)))
        .returning({ id: payments.id });
      if (won.length === 0) return; // settled already (by another return, the job, another instance)
      const [r] = await tx.select().from(residentRequests).where(eq(residentRequests.id, p.requestId));
      const hooks = kindHooks(r.kind);
      const paid = await activate(tx, ctx, r, hooks, audit ? 'pay.history.marked_paid' : 'pay.history.paid', p.amountPence);
      if (!paid) {
        // Paid after the request expired or was cancelled: the money goes back.
        late = true;
        await tx.update(residentRequests)
          .set({ paidPence: sql`${residentRequests.paidPence} + ${p.amountPence}`, refundDuePence: sql`${residentRequests.refundDuePence} + ${p.amountPence}`, updatedAt: ctx.clock.now() })
          .where(eq(residentRequests.id, r.id));
        await history(tx, ctx, r, r.status, translate(langOf(r.language), 'pay.history.late_payment'), { paymentId: p.id });
      }
      if (audit) await recordAudit(tx, ctx, { councilId: r.councilId, action: audit.action, entity: 'request', entityId: r.reference, before: { status: r.status }, after: { status: paid?.status ?? r.status, paymentId: p.id } });
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // Another payment for this request succeeded first: this one was taken twice, so it is refunded in full.
    await ctx.db.update(payments)
      .set({ state: 'error', failureCode: 'duplicate', finishedAt: now, updatedAt: now })
      .where(and(eq(payments.id, p.id), isNull(payments.finishedAt)));
    await refundDuplicate(ctx, p);
    return;
  }
  if (late) await processRefunds(ctx, p.requestId);
}

async function refundDuplicate(ctx: ServiceContext, p: PaymentRow) {
  const pay = paymentsOf(ctx);
  if (!p.providerId || pay.provider.name !== p.provider) return;
  try {
    await pay.provider.refund(p.providerId, p.amountPence, p.amountPence);
    await ctx.db.update(payments).set({ refundedPence: p.amountPence, updatedAt: realNow() }).where(and(eq(payments.id, p.id), eq(payments.refundedPence, 0)));
  } catch (err) {
    log('warn', 'refund of a duplicate payment failed; reconciliation retries', { paymentId: p.id, error: err instanceof Error ? err.message : String(err) });
  }
}

/**
 * Sends what a request is owed (`refund_due_pence` − `refunded_pence`) through the provider, from its
 * successful payments. Failures are left for the reconciliation job; the provider's
 * `refund_amount_available` check keeps two attempts from refunding twice.
 */
export async function processRefunds(ctx: ServiceContext, requestId: number): Promise<void> {
  const pay = paymentsOf(ctx);
  const r = await reload(ctx, requestId);
  let owed = r.refundDuePence - r.refundedPence;
  if (owed <= 0) return;
  const paid = await ctx.db.select().from(payments)
    .where(and(eq(payments.requestId, requestId), eq(payments.state, 'success'))).orderBy(asc(payments.createdAt));
  for (const p of paid) {
    const available = p.amountPence - p.refundedPence;
    const take = Math.min(owed, available);
    if (take <= 0 || !p.providerId || p.provider !== pay.provider.name) continue;
    try {
      await pay.provider.refund(p.providerId, take, available);
    } catch (err) {
      log('warn', 'refund failed; reconciliation retries', { reference: r.reference, error: err instanceof Error ? err.message : String(err) });
      return;
    }
    await ctx.db.transaction(async (tx) => {
      await tx.update(payments).set({ refundedPence: sql`${payments.refundedPence} + ${take}`, updatedAt: realNow() }).where(eq(payments.id, p.id));
      await tx.update(residentRequests).set({ refundedPence: sql`${residentRequests.refundedPence} + ${take}`, updatedAt: ctx.clock.now() }).where(eq(residentRequests.id, requestId));
    });
    owed -= take;
    if (owed <= 0) return;
  }
}

// ---- retrying, reading, cancelling, marking paid ----------------------------------------------

/**
 * A pending request whose payment failed or was abandoned: a new payment (after asking the
 * provider about the open ones, which may have succeeded after all). The sandbox's open page is
 * reused. Refused once the hold has run out.
 */
export async function retryPayment(ctx: ServiceContext, reference: string, opts: { returnPath?: string } = {}): Promise<{ request: RequestRow; payment: { nextUrl: string | null } }> {
  const pay = paymentsOf(ctx);
  let r = await findRequest(ctx, reference);
  const open = await ctx.db.select().from(payments).where(and(eq(payments.requestId, r.id), isNull(payments.finishedAt)));
  for (const p of open) await settlePayment(ctx, p.id).catch(() => undefined);
  r = await reload(ctx, r.id);
  if (r.status !== 'pending_payment') {
    if (r.status === 'active' || r.status === 'confirmed') return { request: r as RequestRow, payment: { nextUrl: null } };
    throw new DomainError('request_not_pending', `Request ${r.reference} is ${r.status}: it cannot be paid.`, 409);
  }
  if (r.holdUntil && r.holdUntil.getTime() <= realNow().getTime()) {
    throw new DomainError('hold_expired', `Request ${r.reference} was not paid in time. Please make a new request.`, 409);
  }
  const stillOpen = await ctx.db.select().from(payments).where(and(eq(payments.requestId, r.id), isNull(payments.finishedAt)));
  const reusable = stillOpen.find((p) => p.provider === 'sandbox' && pay.provider.name === 'sandbox' && p.nextUrl);
  if (reusable) return { request: r as RequestRow, payment: { nextUrl: reusable.nextUrl } };
  if (pay.provider.name === 'invoice' && stillOpen.length) return { request: r as RequestRow, payment: { nextUrl: null } };
  const paymentId = crypto.randomUUID();
  await ctx.db.transaction((tx) => insertPaymentRow(tx, ctx, pay, r as RequestRow, paymentId));
  try {
    const nextUrl = await createWithProvider(ctx, pay, r, paymentId, opts.returnPath);
    return { request: r as RequestRow, payment: { nextUrl } };
  } catch {
    await ctx.db.delete(payments).where(eq(payments.id, paymentId));
    throw paymentUnavailable();
  }
}

/** DESIGN's public view of a request: no personal data. */
export async function getRequestView(ctx: ServiceContext, reference: string, kind?: RequestKind): Promise<RequestView> {
  const r = await findRequest(ctx, reference, kind);
  return viewOf(ctx, r);
}

export async function viewOf(ctx: ServiceContext, r: StoredRequest): Promise<RequestView> {
  const [ps, hs] = await Promise.all([
    ctx.db.select().from(payments).where(eq(payments.requestId, r.id)).orderBy(asc(payments.createdAt), asc(payments.id)),
    ctx.db.select().from(requestHistory).where(eq(requestHistory.requestId, r.id)).orderBy(asc(requestHistory.at), asc(requestHistory.id)),
  ]);
  return {
    reference: r.reference,
    status: r.status,
    uprn: String(r.uprn),
    amountPence: r.amountPence,
    paidPence: r.paidPence,
    payments: ps.map((p) => ({ id: p.id, state: p.state as PaymentState, amountPence: p.amountPence })),
    history: hs.map((h) => ({ at: h.at.toISOString(), status: h.status, ...(h.note ? { note: h.note } : {}) })),
  };
}

const isStaffOf = (ctx: ServiceContext, councilId: number) =>
  !!ctx.user && (ctx.user.role === 'officer' || ctx.user.role === 'admin') && ctx.user.councilId === councilId;

/**
 * Cancels a request: by the resident (the email on the request) or an officer of its council.
 * A paid request's kind says what to refund (`hooks.cancel`, which may refuse, e.g. `past_cutoff`);
 * an unpaid one just frees its hold. The refund goes through the provider after the commit.
 */
export async function cancelRequest(ctx: ServiceContext, reference: string, by: { email?: string | null } = {}, kind?: RequestKind): Promise<RequestView> {
  const scoped = ctx.councilId !== undefined && !isStaffOf(ctx, ctx.councilId) ? { ...ctx, councilId: undefined } : ctx;
  const r = await findRequest(scoped, reference, kind);
  const officer = isStaffOf(ctx, r.councilId);
  if (!officer) {
    const given = (by.email ?? '').trim().toLowerCase();
    if (!given || !r.email || given !== r.email.trim().toLowerCase()) throw forbidden('The email address does not match the request.');
  }
  if (!['pending_payment', 'active', 'confirmed'].includes(r.status)) {
    throw new DomainError('not_cancellable', `Request ${r.reference} is ${r.status}: it cannot be cancelled.`, 409);
  }
  const hooks = kindHooks(r.kind);
  const now = ctx.clock.now();
  const also: number[] = [];
  await ctx.db.transaction(async (tx) => {
    let refund = 0;
    if (r.status === 'pending_payment') await hooks.expire?.(tx, ctx, r as RequestRow);
    else {
      const said = await hooks.cancel(tx, ctx, r as RequestRow);
      refund = Math.max(0, Math.min(said.refundPence, r.paidPence - r.refundDuePence));
      also.push(...(said.alsoCancelled ?? []));
    }
    const [done] = await tx.update(residentRequests)
      .set({ status: 'cancelled', holdUntil: null, refundDuePence: sql`${residentRequests.refundDuePence} + ${refund}`, updatedAt: now })
      .where(and(eq(residentRequests.id, r.id), eq(residentRequests.status, r.status)))
      .returning();
    if (!done) throw new DomainError('conflict', 'The request changed meanwhile; please try again.', 409);
    const lang = langOf(r.language);
    const note = refund > 0 ? translate(lang, 'pay.history.cancelled_refund', { amount: formatPence(refund) }) : translate(lang, 'pay.history.cancelled');
    await history(tx, ctx, r, 'cancelled', note, { by: officer ? 'officer' : 'resident', refundPence: refund });
    await requestUpdated({ ...ctx, db: tx }, done, r.status, { refundPence: refund, by: officer ? 'officer' : 'resident' });
    if (officer) await recordAudit(tx, ctx, { councilId: r.councilId, action: 'request.cancel', entity: 'request', entityId: r.reference, before: { status: r.status }, after: { status: 'cancelled', refundPence: refund } });
    if (r.email) {
      const k = kindName(lang, r.kind);
      await enqueue({ ...ctx, db: tx }, {
        councilId: r.councilId,
        kind: 'request.cancelled',
        recipient: r.email,
        subject: translate(lang, 'pay.email.cancelled_subject', { kind: k, reference: r.reference }),
        body: [
          translate(lang, 'pay.email.cancelled_intro', { kind: k, reference: r.reference }),
          note,
          translate(lang, 'pay.email.track', { url: `${PUBLIC_URL_TOKEN}/requests/${r.reference}` }),
        ].join('\n'),
        payload: { reference: r.reference, status: 'cancelled' },
      });
    }
  });
  await processRefunds(ctx, r.id);
  for (const id of also) await processRefunds(ctx, id);
  return viewOf(ctx, await reload(ctx, r.id));
}

/** Invoice payments: an officer of the council records the money as received; settles as success. */
export async function markPaid(ctx: ServiceContext, reference: string): Promise<RequestView> {
  const r = await findRequest(ctx, reference);
  if (!isStaffOf(ctx, r.councilId)) throw forbidden();
  if (r.status !== 'pending_payment') throw new DomainError('request_not_pending', `Request ${r.reference} is ${r.status}: it cannot be marked paid.`, 409);
  const open = await ctx.db.select().from(payments)
    .where(and(eq(payments.requestId, r.id), eq(payments.provider, 'invoice'), isNull(payments.finishedAt)));
  if (open.length === 0) throw new DomainError('not_invoice', 'This request is paid online, not by invoice.', 409);
  await applyState(ctx, open[0], { state: 'success' }, { action: 'request.mark_paid' });
  return viewOf(ctx, await reload(ctx, r.id));
}

// ---- jobs' verbs (server/services/requests/jobs.ts runs them) ------------------------------------

/**
 * Pending requests past their hold become `expired` and free what they held. Each is first settled
 * with the provider (the resident may have paid in the last seconds). `nowMs`: real time unless a test says.
 */
export async function expireHolds(ctx: ServiceContext, opts: { nowMs?: number; limit?: number } = {}): Promise<number> {
  const now = new Date(opts.nowMs ?? Date.now());
  const due = await ctx.db.select().from(residentRequests)
    .where(and(eq(residentRequests.status, 'pending_payment'), sql`${residentRequests.holdUntil} <= ${now.toISOString()}`))
    .orderBy(asc(residentRequests.holdUntil)).limit(opts.limit ?? 200);
  let expired = 0;
  for (const r of due) {
    const open = await ctx.db.select().from(payments).where(and(eq(payments.requestId, r.id), isNull(payments.finishedAt)));
    for (const p of open) await settlePayment(ctx, p.id).catch(() => undefined);
    const done = await ctx.db.transaction(async (tx) => {
      const [row] = await tx.update(residentRequests).set({ status: 'expired', holdUntil: null, updatedAt: ctx.clock.now() })
        .where(and(eq(residentRequests.id, r.id), eq(residentRequests.status, 'pending_payment'), sql`${residentRequests.holdUntil} <= ${now.toISOString()}`))
        .returning();
      if (!row) return false;
      await kindHooks(row.kind).expire?.(tx, ctx, row as RequestRow);
      await history(tx, ctx, row, 'expired', translate(langOf(row.language), 'pay.history.expired'));
      await requestUpdated({ ...ctx, db: tx }, row, 'pending_payment');
      return true;
    });
    if (done) expired++;
  }
  return expired;
}

/**
 * Payments not finished and older than `olderThanMs` (real time): ask the provider and settle, so a
 * resident who paid but never came back still gets their request. Also retries refunds still owed.
 */
export async function reconcilePayments(ctx: ServiceContext, opts: { olderThanMs?: number; nowMs?: number; limit?: number } = {}): Promise<number> {
  const pay = paymentsOf(ctx);
  const cutoff = new Date((opts.nowMs ?? Date.now()) - (opts.olderThanMs ?? 3 * 60_000));
  const open = await ctx.db.select().from(payments)
    .where(and(isNull(payments.finishedAt), eq(payments.provider, pay.provider.name), sql`${payments.createdAt} <= ${cutoff.toISOString()}`, sql`${payments.providerId} is not null`))
    .orderBy(asc(payments.createdAt)).limit(opts.limit ?? 200);
  let settled = 0;
  for (const p of open) {
    const r = await settlePayment(ctx, p.id).catch(() => null);
    if (r && FINISHED_STATES.has(r.state)) settled++;
  }
  const owing = await ctx.db.select({ id: residentRequests.id }).from(residentRequests)
    .where(sql`${residentRequests.refundDuePence} > ${residentRequests.refundedPence}`).limit(opts.limit ?? 200);
  for (const o of owing) await processRefunds(ctx, o.id).catch(() => undefined);
  const dupes = await ctx.db.select().from(payments)
    .where(and(eq(payments.failureCode, 'duplicate'), sql`${payments.refundedPence} < ${payments.amountPence}`)).limit(opts.limit ?? 200);
  for (const d of dupes) await refundDuplicate(ctx, d);
  return settled;
}
