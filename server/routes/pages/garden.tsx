/**
 * Garden waste subscription pages: `/garden-waste` (postcode) → `/garden-waste/addresses` →
 * `/property/{uprn}/garden-waste` (how many bins → contact details → check your answers) → the
 * payment's `nextUrl` → the request's confirmation page (`/requests/{reference}`, the lifecycle's).
 * One POST route takes every step (`step` says which); nothing is stored until "Accept and pay".
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../context.ts';
import { DomainError } from '../../errors.ts';
import { publicContext } from '../../middleware/auth.ts';
import { clientIp } from '../../middleware/client-ip.ts';
import { languagesInUse, useLanguage } from '../../middleware/language.ts';
import { normalisePostcode } from '../../domain/postcode.ts';
import { yearBought } from '../../domain/requests/garden.ts';
import { findAddresses, requireUprn } from '../../services/property-view.ts';
import { enforceLimit } from '../../services/rate-limit.ts';
import { createGardenSubscription, gardenFacts, gardenOffer, type GardenOffer } from '../../services/requests/garden/index.ts';
import type { FieldErrors } from '../../../web/pages/components.tsx';
import {
  GARDEN_FIELDS, GardenAddressesPage, GardenBinsPage, GardenCheckPage, GardenDetailsPage, GardenFindPage, GardenRefusedPage,
  type GardenOfferView, type GardenValues,
} from '../../../web/pages/requests/garden/pages.tsx';
import type { Translate } from '../../../web/i18n/index.ts';
import { readBody } from '../body.ts';
import { render } from './render.tsx';
import { longDate } from '../../../web/i18n/dates.ts';

const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PHONE_RE = /^[0-9+() .-]{6,40}$/;

const view = (o: GardenOffer): GardenOfferView => ({
  uprn: String(o.uprn), address: o.address, councilName: o.council.name, councilSlug: o.council.slug,
  maxBins: o.config.maxBins, pricePencePerBin: o.config.pricePencePerBin, concessionPencePerBin: o.config.concessionPencePerBin,
  year: o.year, renewal: o.renewal,
});

/** The offer for the page, or a page saying why there is none (in the council's language when known). */
async function offerOrRefusal(c: Context<AppEnv>, uprnText: string): Promise<GardenOffer | Response> {
  const ctx = publicContext(c);
  const uprn = requireUprn(uprnText);
  const facts = await gardenFacts(ctx, uprn).catch((err) => err as Error);
  if (facts instanceof DomainError && facts.status === 404) throw facts;
  const councilLangs = !(facts instanceof Error) ? facts.council.languages : await languagesInUse(c);
  const { t, lang } = useLanguage(c, councilLangs ?? ['en']);
  const refuse = (message: string, status: 409 | 422) =>
    render(c, <GardenRefusedPage uprn={String(uprn)} address={facts instanceof Error ? undefined : facts.property.address} councilName={facts instanceof Error ? undefined : facts.council.name} councilSlug={facts instanceof Error ? undefined : facts.council.slug} message={message} />, status);
  if (facts instanceof DomainError && facts.code === 'not_served') return refuse(t('garden.not_offered'), 422);
  if (facts instanceof DomainError && facts.code === 'not_domestic') return refuse(t('garden.not_domestic'), 422);
  if (facts instanceof Error) throw facts;
  try {
    return await gardenOffer(ctx, uprn);
  } catch (err) {
    if (err instanceof DomainError && err.code === 'already_subscribed') {
      return refuse(t('garden.already', { end: longDate(lang, yearEndFor(facts), true) }), 409);
    }
    throw err;
  }
}

/** The year a payment today would buy is the one the property is already covered for. */
const yearEndFor = (facts: Awaited<ReturnType<typeof gardenFacts>>) => yearBought(facts.today, facts.config).end;

function formValues(body: Record<string, unknown>): GardenValues {
  const text = (k: string, max: number) => (typeof body[k] === 'string' ? (body[k] as string).trim().slice(0, max + 1) : '');
  return {
    bins: text('bins', 4),
    concession: body.concession === 'on',
    name: text('name', 200),
    email: text('email', 320),
    phone: text('phone', 40),
  };
}

function binsErrors(v: GardenValues, o: GardenOffer, t: Translate): FieldErrors {
  const n = Number(v.bins);
  if (!v.bins || !Number.isInteger(n) || n < 1) return { bins: t('garden.err_bins') };
  if (n > o.config.maxBins) return { bins: t('garden.err_too_many', { max: o.config.maxBins }) };
  return {};
}

function detailErrors(v: GardenValues, t: Translate): FieldErrors {
  const errors: FieldErrors = {};
  if (!v.name) errors.name = t('garden.err_name');
  else if (v.name.length > 200) errors.name = t('garden.err_name_long', { max: 200 });
  if (!v.email) errors.email = t('garden.err_email');
  else if (v.email.length > 320 || !EMAIL_RE.test(v.email)) errors.email = t('garden.err_email_format');
  if (v.phone && !PHONE_RE.test(v.phone)) errors.phone = t('garden.err_phone');
  return Object.fromEntries(GARDEN_FIELDS.filter((f) => errors[f]).map((f) => [f, errors[f]]));
}

export const gardenPages = new Hono<AppEnv>()
  .get('/garden-waste', async (c) => {
    useLanguage(c, await languagesInUse(c));
    return render(c, <GardenFindPage postcode={(c.req.query('postcode') ?? '').slice(0, 20)} />);
  })
  .get('/garden-waste/addresses', async (c) => {
    const { t } = useLanguage(c, await languagesInUse(c));
    const typed = (c.req.query('postcode') ?? '').slice(0, 40);
    if (!typed.trim()) return render(c, <GardenFindPage postcode={typed} errors={{ postcode: t('find.enter_postcode') }} />, 400);
    const postcode = normalisePostcode(typed);
    if (!postcode) return render(c, <GardenFindPage postcode={typed} errors={{ postcode: t('find.invalid_postcode') }} />, 400);
    const addresses = await findAddresses(publicContext(c), { postcode });
    if (!addresses.length) return render(c, <GardenFindPage postcode={typed} errors={{ postcode: t('find.no_addresses', { postcode }) }} />, 404);
    return render(c, <GardenAddressesPage postcode={postcode} addresses={addresses} />);
  })
  .get('/property/:uprn/garden-waste', async (c) => {
    const offer = await offerOrRefusal(c, c.req.param('uprn'));
    if (offer instanceof Response) return offer;
    // A back link from the details step brings the choice back.
    const values: GardenValues = { bins: (c.req.query('bins') ?? '').slice(0, 4), concession: c.req.query('concession') === 'on' };
    return render(c, <GardenBinsPage offer={view(offer)} values={values} />);
  })
  .post('/property/:uprn/garden-waste', async (c) => {
    const offer = await offerOrRefusal(c, c.req.param('uprn'));
    if (offer instanceof Response) return offer;
    const t = c.var.language!.t;
    const body = await readBody(c);
    const step = typeof body.step === 'string' ? body.step : 'bins';
    const v = formValues(body);
    const o = view(offer);
    const concession = v.concession === true && offer.config.concessionPencePerBin !== undefined;
    const price = () => offer.price(Number(v.bins), concession);

    if (step === 'change_bins') return render(c, <GardenBinsPage offer={o} values={v} />);
    const bins = binsErrors(v, offer, t);
    if (Object.keys(bins).length) return render(c, <GardenBinsPage offer={o} values={v} errors={bins} />, 400);
    if (step === 'bins' && !(v.name && v.email)) return render(c, <GardenDetailsPage offer={o} values={v} />);
    if (step === 'change_details') return render(c, <GardenDetailsPage offer={o} values={v} />);
    const details = detailErrors(v, t);
    if (Object.keys(details).length) return render(c, <GardenDetailsPage offer={o} values={v} errors={details} />, 400);
    if (step !== 'confirm') return render(c, <GardenCheckPage offer={o} values={v} amountPence={price()} />);

    const { config } = c.var.deps;
    await enforceLimit(publicContext(c), `public-write:${clientIp(c, config.trustedProxies)}`, config.rateLimitPerMinute);
    const shown = typeof body.amountPence === 'string' && /^[0-9]{1,9}$/.test(body.amountPence) ? Number(body.amountPence) : undefined;
    try {
      const answer = await createGardenSubscription(publicContext(c), {
        uprn: offer.uprn, bins: Number(v.bins), concession, name: v.name!, email: v.email!, phone: v.phone || null,
        language: c.var.language?.lang ?? 'en', channel: 'web', expectedAmountPence: shown,
      });
      return c.redirect(answer.payment.nextUrl ?? `/requests/${answer.request.reference}`, 303);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      if (err.code === 'amount_changed') {
        return render(c, <GardenCheckPage offer={o} values={v} amountPence={price()} errors={{ bins: t('garden.err_price_changed') }} />, 409);
      }
      if (err.code === 'too_many_bins') return render(c, <GardenBinsPage offer={o} values={v} errors={{ bins: t('garden.err_too_many', { max: offer.config.maxBins }) }} />, 422);
      if (err.code === 'payment_unavailable') {
        return render(c, <GardenCheckPage offer={o} values={v} amountPence={price()} errors={{ bins: t('garden.err_payment_down') }} />, 503);
      }
      if (err.code === 'already_subscribed') {
        return render(c, <GardenRefusedPage uprn={o.uprn} address={o.address} councilName={o.councilName} councilSlug={o.councilSlug} message={t('garden.already', { end: longDate(c.var.language!.lang, o.year.end, true) })} />, 409);
      }
      throw err;
    }
  });
