/**
 * Resident pages of the request lifecycle:
 *   GET  /pay/{id}                 the sandbox provider's card page (KERBSIDE_PAYMENTS=sandbox)
 *   POST /pay/{id}                 take a card: success goes back to Kerbside, a decline stays here
 *   POST /pay/{id}/cancel          "Cancel payment" (GOV.UK Pay's P0030), back to Kerbside
 *   GET  /requests/{ref}/return    where every provider sends the resident back: only a hint to ask
 *                                  the provider (settlePayment); then the request's page (or `next`)
 *   GET  /requests/{ref}           status, confirmation panel once paid, "Try again" after a failure
 *   POST /requests/{ref}/pay       a new payment (retryPayment) and off to its page
 * Forms are same-origin posts (the app-wide CSRF check) and need no JavaScript.
 */
import { Hono, type Context } from 'hono';
import { and, eq, isNull } from 'drizzle-orm';
import { payments } from '../../../db/schema/index.ts';
import type { AppEnv } from '../../context.ts';
import { DomainError, notFound } from '../../errors.ts';
import { publicContext } from '../../middleware/auth.ts';
import { limitPublicWrites } from '../../middleware/client-ip.ts';
import { useLanguage } from '../../middleware/language.ts';
import { cancelSandboxPayment, loadSandboxPayment, payWithCard, type SandboxCardError } from '../../services/payments/sandbox.ts';
import { findRequest, formatPence, retryPayment, settlePayment } from '../../services/requests/lifecycle.ts';
import { residentRequestPage } from '../../services/requests/resident-view.ts';
import { LANGS, isLang, type Lang } from '../../../web/i18n/index.ts';
import type { FieldErrors } from '../../../web/pages/components.tsx';
import { SandboxPayPage } from '../../../web/pages/pay/sandbox.tsx';
import { RequestStatusPage } from '../../../web/pages/requests/status.tsx';
import { readBody } from '../body.ts';
import { render } from './render.tsx';
import { defaultToday } from './resident.tsx';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const REF = /^[A-Za-z]{2}-\d{2}-\d{6,9}$/;
/** `next` may only be a path on this site (never another host: no open redirect). */
const SAFE_NEXT = /^\/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@/%?]*$/;

function sandboxOnly(c: Context<AppEnv>) {
  // The card page exists only while the sandbox is the provider: never beside a real one.
  if (publicContext(c).payments.provider.name !== 'sandbox') throw notFound('We could not find that page.');
}

function paymentId(c: Context<AppEnv>): string {
  const id = c.req.param('id') ?? '';
  if (!UUID.test(id)) throw notFound('We could not find that payment.');
  return id;
}

function reference(c: Context<AppEnv>): string {
  const ref = (c.req.param('reference') ?? '').toUpperCase();
  if (!REF.test(ref)) throw new DomainError('invalid_reference', 'A request reference looks like GW-26-000123.', 400);
  return ref;
}

const pageLanguage = (c: Context<AppEnv>, first: string) => {
  const lang: Lang = isLang(first) ? first : 'en';
  return useLanguage(c, [lang, ...LANGS.filter((l) => l !== lang)]);
};

export const payPages = new Hono<AppEnv>()
  .get('/pay/:id', async (c) => {
    sandboxOnly(c);
    const row = await loadSandboxPayment(c.var.deps.db, paymentId(c));
    if (!row) throw notFound('We could not find that payment.');
    if (!row.open) return c.redirect(row.returnUrl, 303);
    pageLanguage(c, row.language);
    return render(c, <SandboxPayPage id={row.id} description={row.description} amount={formatPence(row.amountPence)} />);
  })
  .post('/pay/:id', async (c) => {
    sandboxOnly(c);
    const id = paymentId(c);
    const row = await loadSandboxPayment(c.var.deps.db, id);
    if (!row) throw notFound('We could not find that payment.');
    const { t } = pageLanguage(c, row.language);
    const body = await readBody(c);
    const text = (k: string, max: number) => (typeof body[k] === 'string' ? (body[k] as string).trim().slice(0, max) : '');
    const values = { cardNumber: text('cardNumber', 40), expiryMonth: text('expiryMonth', 4), expiryYear: text('expiryYear', 6), cardholderName: text('cardholderName', 200) };
    const outcome = await payWithCard(c.var.deps.db, id, {
      cardNumber: values.cardNumber.replace(/[\s-]/g, ''),
      month: /^\d{1,2}$/.test(values.expiryMonth) ? Number(values.expiryMonth) : NaN,
      year: /^\d{4}$/.test(values.expiryYear) ? Number(values.expiryYear) : NaN,
      name: values.cardholderName,
      cvc: text('cvc', 8),
    });
    if (!outcome) throw notFound('We could not find that payment.');
    if (outcome.result === 'success' || outcome.result === 'closed') return c.redirect(outcome.returnUrl, 303);
    const messages: Record<SandboxCardError, [string, string]> = {
      card_number: ['cardNumber', t('pay.sandbox.err_card_number')],
      expiry: ['expiryMonth', t('pay.sandbox.err_expiry')],
      name: ['cardholderName', t('pay.sandbox.err_name')],
      cvc: ['cvc', t('pay.sandbox.err_cvc')],
    };
    const errors: FieldErrors = outcome.result === 'declined'
      ? { cardNumber: t('pay.sandbox.err_declined') }
      : Object.fromEntries(outcome.errors.map((e) => messages[e]));
    // The card number is never sent back into the page after a decline (as GOV.UK Pay does).
    const shown = outcome.result === 'declined' ? { ...values, cardNumber: '' } : values;
    return render(c, <SandboxPayPage id={id} description={row.description} amount={formatPence(row.amountPence)} values={shown} errors={errors} />, outcome.result === 'declined' ? 402 : 400);
  })
  .post('/pay/:id/cancel', async (c) => {
    sandboxOnly(c);
    const back = await cancelSandboxPayment(c.var.deps.db, paymentId(c));
    if (!back) throw notFound('We could not find that payment.');
    return c.redirect(back, 303);
  })
  .get('/requests/:reference/return', async (c) => {
    const ctx = publicContext(c);
    const r = await findRequest(ctx, reference(c));
    // Never trust the return itself: ask the provider about every payment still open.
    const open = await ctx.db.select({ id: payments.id }).from(payments).where(and(eq(payments.requestId, r.id), isNull(payments.finishedAt)));
    for (const p of open) await settlePayment(ctx, p.id).catch(() => undefined); // provider down: the page says pending; reconciliation follows
    const next = c.req.query('next');
    return c.redirect(next && SAFE_NEXT.test(next) ? next : `/requests/${r.reference}`, 303);
  })
  .get('/requests/:reference', async (c) => {
    const page = await residentRequestPage(publicContext(c), reference(c));
    useLanguage(c, page.council.languages);
    return render(c, <RequestStatusPage page={page} today={defaultToday(c)} />);
  })
  .post('/requests/:reference/pay', limitPublicWrites, async (c) => {
    const ref = reference(c);
    try {
      const r = await retryPayment(publicContext(c), ref);
      return c.redirect(r.payment.nextUrl ?? `/requests/${r.request.reference}`, 303);
    } catch (err) {
      // Too late or already settled: the request's page explains where it stands.
      if (err instanceof DomainError && err.status === 409) return c.redirect(`/requests/${ref}`, 303);
      throw err;
    }
  });
