/**
 * Garden waste subscription pages (server/routes/pages/garden.tsx): find the address, how many bins,
 * contact details, check your answers (with the price), then the payment page. No JavaScript and
 * no session: each step posts what came before as hidden fields, and the check page's "Change"
 * buttons post them back to the step they change.
 */
import { ErrorSummary, TextInput, type FieldErrors } from '../../components.tsx';
import { Layout } from '../../layout.tsx';
import type { AddressView } from '../../types.ts';
import { useLang } from '../../../i18n/context.ts';
import { longDate } from '../../../i18n/dates.ts';

/** £55.00: integer pence, never a float. */
export const money = (pence: number): string => `£${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, '0')}`;

export interface GardenOfferView {
  uprn: string;
  address: string;
  councilName: string;
  councilSlug: string;
  maxBins: number;
  pricePencePerBin: number;
  concessionPencePerBin?: number;
  year: { start: string; end: string };
  /** The coming year (renewal) rather than the current one. */
  renewal: boolean;
}

export interface GardenValues {
  bins?: string;
  concession?: boolean;
  name?: string;
  email?: string;
  phone?: string;
}

/** The steps' fields, in page order (the error summary lists them so). */
export const GARDEN_FIELDS = ['bins', 'concession', 'name', 'email', 'phone'] as const;

function Hidden(props: { values: GardenValues; only?: Array<keyof GardenValues> }) {
  const v = props.values;
  const keep = (k: keyof GardenValues) => !props.only || props.only.includes(k);
  return (
    <>
      {keep('bins') && v.bins && <input type="hidden" name="bins" value={v.bins} />}
      {keep('concession') && v.concession && <input type="hidden" name="concession" value="on" />}
      {keep('name') && v.name && <input type="hidden" name="name" value={v.name} />}
      {keep('email') && v.email && <input type="hidden" name="email" value={v.email} />}
      {keep('phone') && v.phone && <input type="hidden" name="phone" value={v.phone} />}
    </>
  );
}

function Frame(props: { offer: GardenOfferView; errors?: FieldErrors; back: { href: string; text: string }; children?: unknown }) {
  const { t } = useLang();
  const title = props.offer.renewal ? t('garden.renew_title') : t('garden.title');
  const errors = props.errors ?? {};
  return (
    <Layout title={title} councilName={props.offer.councilName} councilSlug={props.offer.councilSlug} hasErrors={Object.keys(errors).length > 0} back={props.back}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <span class="govuk-caption-l">{props.offer.address}</span>
          {props.children as any}
        </div>
      </div>
    </Layout>
  );
}

const action = (o: GardenOfferView) => `/property/${o.uprn}/garden-waste`;

export function GardenBinsPage(props: { offer: GardenOfferView; values?: GardenValues; errors?: FieldErrors }) {
  const { t, lang } = useLang();
  const o = props.offer;
  const v = props.values ?? {};
  const errors = props.errors ?? {};
  const counts = Array.from({ length: o.maxBins }, (_, i) => i + 1);
  const error = errors.bins;
  return (
    <Frame offer={o} errors={errors} back={{ href: `/property/${o.uprn}`, text: t('garden.back_property') }}>
      <h1 class="govuk-heading-l">{o.renewal ? t('garden.renew_title') : t('garden.title')}</h1>
      <p class="govuk-body">
        {t('garden.year_intro', { start: longDate(lang, o.year.start, true), end: longDate(lang, o.year.end, true), price: money(o.pricePencePerBin) })}
      </p>
      <form method="post" action={action(o)} novalidate>
        <input type="hidden" name="step" value="bins" />
        <Hidden values={v} only={['name', 'email', 'phone']} />
        <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
          <fieldset class="govuk-fieldset" aria-describedby={error ? 'bins-error' : undefined}>
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
              <h2 class="govuk-fieldset__heading">{t('garden.bins_legend')}</h2>
            </legend>
            {error && (
              <p id="bins-error" class="govuk-error-message">
                <span class="govuk-visually-hidden">{t('components.error_prefix')}</span> {error}
              </p>
            )}
            <div class="govuk-radios" data-module="govuk-radios">
              {counts.map((n, i) => {
                const id = i === 0 ? 'bins' : `bins-${n}`;
                return (
                  <div class="govuk-radios__item">
                    <input class="govuk-radios__input" id={id} name="bins" type="radio" value={String(n)} checked={v.bins === String(n)} />
                    <label class="govuk-label govuk-radios__label" for={id}>{t('garden.bins_option', { count: n })}</label>
                  </div>
                );
              })}
            </div>
          </fieldset>
        </div>
        {o.concessionPencePerBin !== undefined && (
          <div class="govuk-form-group">
            <div class="govuk-checkboxes" data-module="govuk-checkboxes">
              <div class="govuk-checkboxes__item">
                <input class="govuk-checkboxes__input" id="concession" name="concession" type="checkbox" value="on" checked={v.concession === true} aria-describedby="concession-hint" />
                <label class="govuk-label govuk-checkboxes__label" for="concession">{t('garden.concession_label', { price: money(o.concessionPencePerBin) })}</label>
                <div id="concession-hint" class="govuk-hint govuk-checkboxes__hint">{t('garden.concession_hint')}</div>
              </div>
            </div>
          </div>
        )}
        <button type="submit" class="govuk-button" data-module="govuk-button">{t('garden.continue')}</button>
      </form>
    </Frame>
  );
}

export function GardenDetailsPage(props: { offer: GardenOfferView; values: GardenValues; errors?: FieldErrors }) {
  const { t } = useLang();
  const o = props.offer;
  const v = props.values;
  const errors = props.errors ?? {};
  return (
    <Frame offer={o} errors={errors} back={{ href: `${action(o)}?bins=${encodeURIComponent(v.bins ?? '')}${v.concession ? '&concession=on' : ''}`, text: t('garden.back') }}>
      <h1 class="govuk-heading-l">{t('garden.details_heading')}</h1>
      <p class="govuk-body">{t('garden.details_use')}</p>
      <form method="post" action={action(o)} novalidate>
        <input type="hidden" name="step" value="details" />
        <Hidden values={v} only={['bins', 'concession']} />
        <TextInput id="name" label={t('garden.name')} value={v.name} error={errors.name} autocomplete="name" spellcheck={false} />
        <TextInput id="email" label={t('garden.email')} hint={t('garden.email_hint')} type="email" value={v.email} error={errors.email} autocomplete="email" spellcheck={false} />
        <TextInput id="phone" label={t('garden.phone')} hint={t('garden.phone_hint')} type="tel" value={v.phone} error={errors.phone} autocomplete="tel" inputClass="govuk-input--width-20" />
        <button type="submit" class="govuk-button" data-module="govuk-button">{t('garden.continue')}</button>
      </form>
    </Frame>
  );
}

export function GardenCheckPage(props: { offer: GardenOfferView; values: GardenValues; amountPence: number; errors?: FieldErrors }) {
  const { t, lang } = useLang();
  const o = props.offer;
  const v = props.values;
  const change = (step: string, what: string) => (
    <dd class="govuk-summary-list__actions">
      <button type="submit" name="step" value={step} class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
        {t('garden.change')}<span class="govuk-visually-hidden"> {what}</span>
      </button>
    </dd>
  );
  const row = (label: string, value: string, step?: string) => (
    <div class="govuk-summary-list__row">
      <dt class="govuk-summary-list__key">{label}</dt>
      <dd class="govuk-summary-list__value">{value}</dd>
      {step ? change(step, label.toLowerCase()) : <dd class="govuk-summary-list__actions"></dd>}
    </div>
  );
  return (
    <Frame offer={o} errors={props.errors} back={{ href: `/property/${o.uprn}`, text: t('garden.back_property') }}>
      <h1 class="govuk-heading-l">{t('garden.check_heading')}</h1>
      <form method="post" action={action(o)} novalidate>
        <Hidden values={v} />
        <dl class="govuk-summary-list">
          {row(t('garden.check_address'), o.address)}
          {row(t('garden.check_bins'), t('garden.bins_option', { count: Number(v.bins) }), 'change_bins')}
          {o.concessionPencePerBin !== undefined && row(t('garden.check_concession'), v.concession ? t('garden.yes') : t('garden.no'), 'change_bins')}
          {row(t('garden.check_year'), t('garden.year_value', { start: longDate(lang, o.year.start, true), end: longDate(lang, o.year.end, true) }))}
          {row(t('garden.name'), v.name ?? '', 'change_details')}
          {row(t('garden.email'), v.email ?? '', 'change_details')}
          {v.phone && row(t('garden.phone'), v.phone, 'change_details')}
          {row(t('garden.check_price'), money(props.amountPence))}
        </dl>
        <h2 class="govuk-heading-m">{t('garden.pay_heading')}</h2>
        <p class="govuk-body">{t('garden.pay_note')}</p>
        <input type="hidden" name="amountPence" value={String(props.amountPence)} />
        <button type="submit" name="step" value="confirm" class="govuk-button" data-module="govuk-button">{t('garden.pay')}</button>
      </form>
    </Frame>
  );
}

/** Why this property cannot subscribe here (not offered, not a home, already subscribed, payment down). */
export function GardenRefusedPage(props: { uprn: string; address?: string; councilName?: string; councilSlug?: string; message: string }) {
  const { t } = useLang();
  return (
    <Layout title={t('garden.title')} councilName={props.councilName} councilSlug={props.councilSlug} back={{ href: `/property/${props.uprn}`, text: t('garden.back_property') }}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          {props.address && <span class="govuk-caption-l">{props.address}</span>}
          <h1 class="govuk-heading-l">{t('garden.title')}</h1>
          <p class="govuk-body" id="garden-refused">{props.message}</p>
          <p class="govuk-body">
            <a class="govuk-link" href={`/property/${props.uprn}`}>{t('garden.back_property')}</a>
          </p>
        </div>
      </div>
    </Layout>
  );
}

export function GardenFindPage(props: { postcode?: string; errors?: FieldErrors }) {
  const { t } = useLang();
  const errors = props.errors ?? {};
  return (
    <Layout title={t('garden.title')} hasErrors={Object.keys(errors).length > 0}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <h1 class="govuk-heading-l">{t('garden.title')}</h1>
          <p class="govuk-body">{t('garden.find_intro')}</p>
          <form method="get" action="/garden-waste/addresses" novalidate>
            <TextInput id="postcode" label={t('garden.postcode')} hint={t('find.hint')} value={props.postcode} error={errors.postcode} autocomplete="postal-code" spellcheck={false} inputClass="govuk-input--width-10" />
            <button type="submit" class="govuk-button" data-module="govuk-button">{t('find.submit')}</button>
          </form>
        </div>
      </div>
    </Layout>
  );
}

export function GardenAddressesPage(props: { postcode: string; addresses: AddressView[] }) {
  const { t } = useLang();
  return (
    <Layout title={t('addresses.title', { postcode: props.postcode })} back={{ href: `/garden-waste?postcode=${encodeURIComponent(props.postcode)}`, text: t('addresses.change') }}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <span class="govuk-caption-l">{props.postcode}</span>
          <h1 class="govuk-heading-l">{t('addresses.heading')}</h1>
          <p class="govuk-body">{t('addresses.found', { count: props.addresses.length, postcode: props.postcode })}</p>
          <ul class="govuk-list kb-address-list">
            {props.addresses.map((a) => (
              <li>
                <a class="govuk-link" href={`/property/${a.uprn}/garden-waste`}>{a.address}</a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </Layout>
  );
}
