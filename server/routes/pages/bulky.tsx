/**
 * Bulky waste pages: `/bulky-waste` (start: find your address) and `/property/{uprn}/bulky` (the
 * booking questions, web/pages/requests/bulky/steps.tsx). Each POST checks the answers up to the
 * page it came from and shows the first page with a problem, or the next one; the check page books
 * (holding the place) and sends the resident to pay. The confirmation and the request page are
 * the shared lifecycle's (`/requests/{reference}`).
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../context.ts';
import { DomainError } from '../../errors.ts';
import { clientIp } from '../../middleware/client-ip.ts';
import { publicContext } from '../../middleware/auth.ts';
import { languagesInUse, useLanguage } from '../../middleware/language.ts';
import { bulkyPrice, itemName } from '../../domain/requests/bulky.ts';
import type { BulkyConfig } from '../../domain/requests/config.ts';
import { requireUprn } from '../../services/property-view.ts';
import { enforceLimit } from '../../services/rate-limit.ts';
import { amendBulky, bookBulky, bookingByReference, bulkyProperty, bulkySlots } from '../../services/requests/bulky/index.ts';
import { bookingChangeable } from '../../services/requests/bulky/bookings.ts';
import { cancelRequest, formatPence } from '../../services/requests/lifecycle.ts';
import { councilToday, getCouncil } from '../../services/schedule.ts';
import type { FieldErrors } from '../../../web/pages/components.tsx';
import { BulkyChangePage, BulkyStartPage, BulkyStepPage, STEPS, type BulkyAnswers, type BulkyPageProps, type Step } from '../../../web/pages/requests/bulky/steps.tsx';
import type { Translate } from '../../../web/i18n/index.ts';
import { readBody } from '../body.ts';
import { render } from './render.tsx';

const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PHONE_RE = /^[0-9+() .-]{6,40}$/;
const LIMITS = { location: 500, name: 200, email: 320, phone: 40 };

function answersFrom(body: Record<string, unknown>, config: BulkyConfig): BulkyAnswers {
  const text = (k: string, max: number) => (typeof body[k] === 'string' ? (body[k] as string).trim().slice(0, max + 1) : '');
  const items: Record<string, string> = {};
  for (const i of config.items) {
    const v = text(`qty-${i.id}`, 3);
    if (v) items[i.id] = v;
  }
  return { items, date: text('date', 10), location: text('location', LIMITS.location), name: text('name', LIMITS.name), email: text('email', LIMITS.email), phone: text('phone', LIMITS.phone) };
}

/** The problems with the answers on one page (empty: fine). */
function problems(step: Step, a: BulkyAnswers, config: BulkyConfig, slots: Array<{ date: string }>, t: Translate): FieldErrors {
  const e: FieldErrors = {};
  if (step === 'items') {
    const values = Object.values(a.items);
    if (values.some((v) => !/^[0-9]{1,2}$/.test(v))) e.items = t('bulky.err_quantity');
    else {
      const count = values.reduce((n, v) => n + Number(v), 0);
      if (count === 0) e.items = t('bulky.err_no_items');
      else if (count > config.maxItems) e.items = t('bulky.err_too_many', { max: config.maxItems });
    }
  }
  if (step === 'date' && !slots.some((s) => s.date === a.date)) e.date = a.date ? t('bulky.err_date_gone') : t('bulky.err_date');
  if (step === 'location') {
    if (!a.location) e.location = t('bulky.err_location');
    else if (a.location.length > LIMITS.location) e.location = t('bulky.err_location_long', { max: LIMITS.location });
  }
  if (step === 'contact') {
    if (!a.name) e.name = t('bulky.err_name');
    else if (a.name.length > LIMITS.name) e.name = t('bulky.err_name_long', { max: LIMITS.name });
    if (!a.email) e.email = t('bulky.err_email');
    else if (!EMAIL_RE.test(a.email) || a.email.length > LIMITS.email) e.email = t('bulky.err_email_format');
    if (a.phone && !PHONE_RE.test(a.phone)) e.phone = t('bulky.err_phone');
  }
  return e;
}

const bookedItems = (a: BulkyAnswers) =>
  Object.entries(a.items).filter(([, q]) => Number(q) > 0).map(([id, q]) => ({ id, quantity: Number(q) }));

async function pageFor(c: Context<AppEnv>) {
  const ctx = publicContext(c);
  const uprn = requireUprn(c.req.param('uprn')!);
  const { property, council, config } = await bulkyProperty(ctx, uprn);
  const language = useLanguage(c, council.languages);
  const slots = await bulkySlots(ctx, uprn);
  const base = (step: Step, answers: BulkyAnswers, errors: FieldErrors): BulkyPageProps => ({
    step, uprn: String(uprn), address: property.address, council: { name: council.name, slug: council.slug },
    today: councilToday(ctx, council), maxItems: config.maxItems, slots, answers, errors,
    items: config.items.map((i) => ({ id: i.id, name: itemName(config, i.id, language.lang) })),
    priceText: language.t('bulky.price_rule', {
      price: formatPence(config.pricePence), included: config.itemsIncluded, extra: formatPence(config.extraItemPence),
    }),
    total: step === 'check' ? formatPence(bulkyPrice(config, bookedItems(answers)).pence) : undefined,
  });
  return { ctx, uprn, config, slots, language, base };
}

const EMPTY: BulkyAnswers = { items: {}, date: '', location: '', name: '', email: '', phone: '' };

export const bulkyPages = new Hono<AppEnv>()
  .get('/bulky-waste', async (c) => {
    useLanguage(c, await languagesInUse(c));
    return render(c, <BulkyStartPage />);
  })
  .get('/property/:uprn/bulky', async (c) => {
    const { base } = await pageFor(c);
    return render(c, <BulkyStepPage {...base('items', EMPTY, {})} />);
  })
  .post('/property/:uprn/bulky', async (c) => {
    const { ctx, uprn, config, slots, language, base } = await pageFor(c);
    const { t } = language;
    const body = await readBody(c);
    const answers = answersFrom(body, config);
    const from = STEPS.includes(body.step as Step) ? (body.step as Step) : 'items';
    const goto = STEPS.includes(body.goto as Step) ? (body.goto as Step) : undefined;
    // "Change" and "Previous" go back without checking; "Continue" checks every page up to this one.
    if (goto && STEPS.indexOf(goto) <= STEPS.indexOf(from)) return render(c, <BulkyStepPage {...base(goto, answers, {})} />);
    for (const step of STEPS.slice(0, STEPS.indexOf(from) + 1)) {
      if (step === 'check') break;
      const errors = problems(step, answers, config, slots, t);
      if (Object.keys(errors).length) return render(c, <BulkyStepPage {...base(step, answers, errors)} />, 400);
    }
    if (from !== 'check') return render(c, <BulkyStepPage {...base(STEPS[STEPS.indexOf(from) + 1], answers, {})} />);

    const { config: appConfig } = c.var.deps;
    await enforceLimit(ctx, `public-write:${clientIp(c, appConfig.trustedProxies)}`, appConfig.rateLimitPerMinute);
    try {
      const { request, payment } = await bookBulky(ctx, {
        uprn, date: answers.date, items: bookedItems(answers), location: answers.location,
        name: answers.name, email: answers.email, phone: answers.phone || null, language: language.lang, channel: 'web',
      });
      return c.redirect(payment.nextUrl ?? `/requests/${request.reference}`, 303);
    } catch (err) {
      // The last place went, or the cut-off passed, while the resident was answering: choose again.
      if (err instanceof DomainError && ['slot_full', 'past_cutoff', 'not_bookable'].includes(err.code)) {
        const fresh = await bulkySlots(ctx, uprn);
        return render(c, <BulkyStepPage {...base('date', { ...answers, date: '' }, { date: t('bulky.err_date_gone') })} slots={fresh} />, err.status as 409 | 422);
      }
      throw err;
    }
  })
  .get('/requests/:reference/change', async (c) => changePage(c, {}))
  .post('/requests/:reference/change', async (c) => {
    const body = await readBody(c);
    const text = (k: string, max: number) => (typeof body[k] === 'string' ? (body[k] as string).trim().slice(0, max) : '');
    const values = { email: text('email', LIMITS.email), date: text('date', 10), location: text('location', LIMITS.location + 1) };
    const reference = c.req.param('reference');
    const ctx = publicContext(c);
    const { booking, council } = await loadBooking(c);
    const { t } = useLanguage(c, council.languages);
    const errors: FieldErrors = {};
    if (!values.email) errors.email = t('bulky.err_change_email');
    if (body.action !== 'cancel' && !values.location) errors.location = t('bulky.err_location');
    if (Object.keys(errors).length) return changePage(c, { values, errors }, 400);
    try {
      if (body.action === 'cancel') {
        await cancelRequest(ctx, booking.request.reference, { email: values.email }, 'bulky_booking');
        return changePage(c, { done: 'cancelled' });
      }
      await amendBulky(ctx, reference, {
        email: values.email, location: values.location, ...(values.date && values.date !== booking.booking.date ? { date: values.date } : {}),
      });
      return changePage(c, { done: 'changed' });
    } catch (err) {
      if (!(err instanceof DomainError) || err.status >= 500 || err.status === 404) throw err;
      const field = err.code === 'forbidden' ? 'email' : ['slot_full', 'not_bookable'].includes(err.code) ? 'date' : 'email';
      const message = err.code === 'forbidden' ? t('bulky.err_change_email') : err.code === 'slot_full' || err.code === 'not_bookable' ? t('bulky.err_date_gone') : err.message;
      return changePage(c, { values, errors: { [field]: message } }, err.status as 400);
    }
  });

async function loadBooking(c: Context<AppEnv>) {
  const ctx = publicContext(c);
  const booking = await bookingByReference(ctx, c.req.param('reference')!.toUpperCase());
  return { booking, council: await getCouncil(ctx, booking.request.councilId) };
}

async function changePage(
  c: Context<AppEnv>,
  state: { values?: { email: string; date: string; location: string }; errors?: FieldErrors; done?: 'changed' | 'cancelled' },
  status: 200 | 400 | 403 | 409 | 422 = 200,
) {
  const ctx = publicContext(c);
  const { booking, council } = await loadBooking(c);
  useLanguage(c, council.languages);
  const closed = !(await bookingChangeable(ctx, booking.request, booking.booking));
  const slots = closed ? [] : await bulkySlots(ctx, booking.booking.uprn).catch(() => []);
  const dates = [booking.booking.date, ...slots.map((s) => s.date).filter((d) => d !== booking.booking.date)];
  return render(c, (
    <BulkyChangePage
      reference={booking.request.reference} council={{ name: council.name, slug: council.slug }} today={councilToday(ctx, council)}
      dates={dates} closed={closed} done={state.done} errors={state.errors ?? {}}
      values={state.values ?? { email: '', date: booking.booking.date, location: booking.booking.location }}
    />
  ), status);
}
