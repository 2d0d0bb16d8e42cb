/**
 * Bin and container request pages (no JavaScript needed):
 *   GET  /bins/request                          postcode → address (for those not coming from their property page)
 *   GET  /property/{uprn}/bins/request          which container
 *   GET  …/reason, …/quantity, …/details         why, how many, your details (answers so far in the query)
 *   POST …/details                               the details form again, filled in (from "Change" on the check page)
 *   POST …/check                                 check your answers, with the charge and the delivery day
 *   POST …/confirm                               makes the request → the payment page, or the confirmation when free
 * Each step checks the answers before it and sends the resident back to the first wrong one, with the
 * GOV.UK error summary. Posts pass the app's CSRF (Origin) check like every form.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../context.ts';
import { DomainError } from '../../errors.ts';
import { clientIp } from '../../middleware/client-ip.ts';
import { publicContext } from '../../middleware/auth.ts';
import { languagesInUse, useLanguage } from '../../middleware/language.ts';
import { normalisePostcode } from '../../domain/postcode.ts';
import { isContainerReason } from '../../domain/requests/containers.ts';
import { findAddresses, requireUprn } from '../../services/property-view.ts';
import { enforceLimit } from '../../services/rate-limit.ts';
import { containerOptions, createContainerRequest, quoteContainerRequest, type ContainerOption } from '../../services/requests/containers/index.ts';
import { getCouncil, getProperty } from '../../services/schedule.ts';
import type { FieldErrors } from '../../../web/pages/components.tsx';
import type { Translate } from '../../../web/i18n/index.ts';
import { CheckPage } from '../../../web/pages/requests/containers/check.tsx';
import type { BinAnswers, RequestFrame } from '../../../web/pages/requests/containers/shared.tsx';
import { CannotRequestPage, StartPage } from '../../../web/pages/requests/containers/start.tsx';
import { ContainerStep, DetailsStep, QuantityStep, ReasonStep } from '../../../web/pages/requests/containers/steps.tsx';
import { readBody } from '../body.ts';
import { render } from './render.tsx';

const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PHONE_RE = /^[0-9+() .-]{6,40}$/;

interface Loaded {
  frame: RequestFrame;
  options?: ContainerOption[];
  /** Why this property cannot ask (not_served, not_domestic), in the page's language. */
  cannot?: string;
  t: Translate;
  lang: 'en' | 'cy';
}

/** The property, its council's language and the containers it can ask for (404 page for an unknown UPRN). */
async function load(c: Context<AppEnv>): Promise<Loaded> {
  const ctx = publicContext(c);
  const uprn = requireUprn(c.req.param('uprn') ?? '');
  const property = await getProperty(ctx, uprn);
  const council = await getCouncil(ctx, property.councilId);
  const { t, lang } = useLanguage(c, council.languages);
  const frame = { uprn: String(uprn), address: property.address, councilName: council.name, councilSlug: council.slug };
  try {
    const { options } = await containerOptions(ctx, uprn, lang);
    return { frame, options, t, lang };
  } catch (err) {
    if (err instanceof DomainError && err.code === 'not_served') return { frame, cannot: t('containers.err_not_served'), t, lang };
    if (err instanceof DomainError && err.code === 'not_domestic') return { frame, cannot: t('containers.err_not_domestic'), t, lang };
    throw err;
  }
}

const text = (v: unknown, max: number) => (typeof v === 'string' ? v.trim().slice(0, max) : '');

function answersFrom(source: Record<string, unknown>): BinAnswers {
  return {
    container: text(source.container, 64), reason: text(source.reason, 32), quantity: text(source.quantity, 4),
    name: text(source.name, 201), email: text(source.email, 321), phone: text(source.phone, 41),
  };
}

type Step = 'container' | 'reason' | 'quantity' | 'contact';
type Checked =
  | { ok: true; option: ContainerOption; quantity: number }
  | { ok: false; step: Step; errors: FieldErrors; option?: ContainerOption };

/** Checks the answers up to `upTo`, in page order; the first wrong one names its step. */
function check(l: Loaded, a: BinAnswers, upTo: Step): Checked {
  const { t } = l;
  const option = l.options!.find((o) => o.id === a.container);
  if (!option) return { ok: false, step: 'container', errors: { container: t('containers.err_container') } };
  if (option.openReference) return { ok: false, step: 'container', errors: { container: t('containers.err_request_open', { reference: option.openReference }) } };
  if (upTo === 'container') return { ok: true, option, quantity: 1 };
  if (!isContainerReason(a.reason) || !option.reasons.includes(a.reason)) return { ok: false, step: 'reason', option, errors: { reason: t('containers.err_reason') } };
  if (upTo === 'reason') return { ok: true, option, quantity: 1 };
  let quantity = 1;
  if (option.maxQuantity > 1) {
    quantity = /^\d{1,3}$/.test(a.quantity ?? '') ? Number(a.quantity) : NaN;
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > option.maxQuantity) {
      return { ok: false, step: 'quantity', option, errors: { quantity: t('containers.err_quantity', { max: option.maxQuantity }) } };
    }
  }
  if (upTo === 'quantity') return { ok: true, option, quantity };
  const errors: FieldErrors = {};
  if (!a.name) errors.name = t('containers.err_name');
  else if (a.name.length > 200) errors.name = t('containers.err_name_long');
  if (!a.email) errors.email = t('containers.err_email');
  else if (a.email.length > 320 || !EMAIL_RE.test(a.email)) errors.email = t('containers.err_email_format');
  if (a.phone && !PHONE_RE.test(a.phone)) errors.phone = t('containers.err_phone');
  if (Object.keys(errors).length) return { ok: false, step: 'contact', option, errors };
  return { ok: true, option, quantity };
}

/** The page for a step, with its errors. */
function stepPage(c: Context<AppEnv>, l: Loaded, a: BinAnswers, step: Step, option: ContainerOption | undefined, errors?: FieldErrors, status: 200 | 400 | 409 | 422 = 200) {
  if (step === 'container' || !option) return render(c, <ContainerStep frame={l.frame} answers={a} options={l.options!} errors={errors} />, status);
  if (step === 'reason') return render(c, <ReasonStep frame={l.frame} answers={a} option={option} errors={errors} />, status);
  if (step === 'quantity') return render(c, <QuantityStep frame={l.frame} answers={a} option={option} errors={errors} />, status);
  return render(c, <DetailsStep frame={l.frame} answers={a} option={option} errors={errors} />, status);
}

/** A refusal from the service, in the page's words. */
function refusalText(t: Translate, err: DomainError): string {
  switch (err.code) {
    case 'request_open': return t('containers.err_request_open', { reference: String(err.details?.reference ?? '') });
    case 'not_collected': return t('containers.err_not_collected');
    case 'payment_unavailable': return t('containers.err_payment_unavailable');
    default: return t('containers.err_changed');
  }
}

/** Shows a step: `previous` is the step whose answer this page follows. */
async function showStep(c: Context<AppEnv>, step: Step, previous: Step | undefined) {
  const l = await load(c);
  if (l.cannot) return render(c, <CannotRequestPage frame={l.frame} message={l.cannot} />, 422);
  const a = answersFrom(c.req.query());
  if (!previous) return stepPage(c, l, a, 'container', undefined);
  const checked = check(l, a, previous);
  if (!checked.ok) return stepPage(c, l, a, checked.step, checked.option, checked.errors, 400);
  // No "how many" question for a container that comes one at a time.
  if (step === 'quantity' && checked.option.maxQuantity === 1) return stepPage(c, l, a, 'contact', checked.option);
  return stepPage(c, l, a, step, checked.option);
}

export const containerPages = new Hono<AppEnv>()
  .get('/bins/request', async (c) => {
    const { t } = useLanguage(c, await languagesInUse(c));
    const typed = c.req.query('postcode');
    if (typed === undefined) return render(c, <StartPage />);
    const shown = typed.slice(0, 20);
    const postcode = normalisePostcode(typed.slice(0, 40));
    if (!postcode) return render(c, <StartPage postcode={shown} errors={{ postcode: shown.trim() ? t('containers.err_postcode_format') : t('containers.err_postcode') }} />, 400);
    const addresses = await findAddresses(publicContext(c), { postcode });
    if (!addresses.length) return render(c, <StartPage postcode={shown} errors={{ postcode: t('containers.err_no_addresses', { postcode }) }} />, 404);
    return render(c, <StartPage postcode={postcode} addresses={addresses} />);
  })
  .get('/property/:uprn/bins/request', (c) => showStep(c, 'container', undefined))
  .get('/property/:uprn/bins/request/reason', (c) => showStep(c, 'reason', 'container'))
  .get('/property/:uprn/bins/request/quantity', (c) => showStep(c, 'quantity', 'reason'))
  .get('/property/:uprn/bins/request/details', (c) => showStep(c, 'contact', 'quantity'))
  .post('/property/:uprn/bins/request/details', async (c) => {
    const l = await load(c);
    if (l.cannot) return render(c, <CannotRequestPage frame={l.frame} message={l.cannot} />, 422);
    const a = answersFrom(await readBody(c));
    const checked = check(l, a, 'quantity');
    if (!checked.ok) return stepPage(c, l, a, checked.step, checked.option, checked.errors, 400);
    return stepPage(c, l, a, 'contact', checked.option);
  })
  .post('/property/:uprn/bins/request/check', async (c) => {
    const l = await load(c);
    if (l.cannot) return render(c, <CannotRequestPage frame={l.frame} message={l.cannot} />, 422);
    const a = answersFrom(await readBody(c));
    return checkAnswers(c, l, a);
  })
  .post('/property/:uprn/bins/request/confirm', async (c) => {
    const { config } = c.var.deps;
    const l = await load(c);
    if (l.cannot) return render(c, <CannotRequestPage frame={l.frame} message={l.cannot} />, 422);
    const a = answersFrom(await readBody(c));
    const checked = check(l, a, 'contact');
    if (!checked.ok) return stepPage(c, l, a, checked.step, checked.option, checked.errors, 400);
    const ctx = publicContext(c);
    await enforceLimit(ctx, `public-write:${clientIp(c, config.trustedProxies)}`, config.rateLimitPerMinute);
    try {
      const made = await createContainerRequest(ctx, {
        uprn: Number(l.frame.uprn), container: checked.option.id, reason: a.reason!, quantity: checked.quantity,
        name: a.name!, email: a.email!, phone: a.phone || null, language: l.lang, channel: 'web',
      });
      return c.redirect(made.payment.nextUrl ?? `/requests/${made.request.reference}`, 303);
    } catch (err) {
      if (err instanceof DomainError && [409, 422, 503].includes(err.status)) {
        return checkAnswers(c, l, a, { container: refusalText(l.t, err) }, err.status as 409 | 422 | 503);
      }
      throw err;
    }
  });

/** The check page (or the first step with a wrong answer); `errors` when the request could not be made. */
async function checkAnswers(c: Context<AppEnv>, l: Loaded, a: BinAnswers, errors?: FieldErrors, status: 200 | 409 | 422 | 503 = 200) {
  const checked = check(l, a, 'contact');
  if (!checked.ok) return stepPage(c, l, a, checked.step, checked.option, checked.errors, 400);
  let quote;
  try {
    quote = await quoteContainerRequest(publicContext(c), { uprn: Number(l.frame.uprn), container: checked.option.id, reason: a.reason!, quantity: checked.quantity }, l.lang);
  } catch (err) {
    if (err instanceof DomainError && [409, 422].includes(err.status)) {
      // Something changed since the first page (another request made, the round withdrawn): say so on the first step.
      return stepPage(c, { ...l, options: (await containerOptions(publicContext(c), Number(l.frame.uprn), l.lang)).options }, a, 'container', undefined,
        { container: refusalText(l.t, err) }, err.status as 409 | 422);
    }
    throw err;
  }
  return render(c, <CheckPage frame={l.frame} answers={{ ...a, quantity: String(checked.quantity) }} option={checked.option} quantity={checked.quantity}
    amountPence={quote.choice.amountPence} deliveryDate={quote.plan.date} errors={errors} />, status);
}
