/**
 * Booking a bulky waste collection, one question a page (GOV.UK pattern), no JavaScript: items and
 * quantities → date → where the items will be → contact details → check your answers → pay.
 * Every answer so far travels in hidden fields of the one form, so any page can be reloaded, gone
 * back to ("Change" buttons on the check page) or submitted by keyboard alone.
 */
import { ErrorMessage, ErrorSummary, SummaryRow, Textarea, TextInput, type FieldErrors } from '../../components.tsx';
import { longDate } from '../../format.ts';
import { useLang } from '../../../i18n/context.ts';
import { Layout } from '../../layout.tsx';
import type { LocalDate } from '../../../../server/domain/dates.ts';

export const STEPS = ['items', 'date', 'location', 'contact', 'check'] as const;
export type Step = (typeof STEPS)[number];

export interface BulkyAnswers {
  /** item id → quantity as typed. */
  items: Record<string, string>;
  date: string;
  location: string;
  name: string;
  email: string;
  phone: string;
}

export interface BulkyPageProps {
  step: Step;
  uprn: string;
  address: string;
  council: { name: string; slug: string };
  today: LocalDate;
  items: Array<{ id: string; name: string }>;
  maxItems: number;
  priceText: string;
  slots: Array<{ date: LocalDate; remaining: number }>;
  answers: BulkyAnswers;
  errors: FieldErrors;
  /** For the check page: the price of the answers, as money. */
  total?: string;
}

const Hidden = (p: { name: string; value: string }) => <input type="hidden" name={p.name} value={p.value} />;

/** The answers not asked on this page, so the form carries them on. */
function Carried(props: { step: Step; answers: BulkyAnswers; items: Array<{ id: string }> }) {
  const a = props.answers;
  const keep = (s: Step) => props.step !== s;
  return (
    <>
      {keep('items') && props.items.map((i) => (a.items[i.id] ? <Hidden name={`qty-${i.id}`} value={a.items[i.id]} /> : null))}
      {keep('date') && a.date && <Hidden name="date" value={a.date} />}
      {keep('location') && a.location && <Hidden name="location" value={a.location} />}
      {keep('contact') && (
        <>
          {a.name && <Hidden name="name" value={a.name} />}
          {a.email && <Hidden name="email" value={a.email} />}
          {a.phone && <Hidden name="phone" value={a.phone} />}
        </>
      )}
    </>
  );
}

export function BulkyStepPage(p: BulkyPageProps) {
  const { t } = useLang();
  const hasErrors = Object.keys(p.errors).length > 0;
  const title = {
    items: t('bulky.items_title'), date: t('bulky.date_title'), location: t('bulky.location_title'),
    contact: t('bulky.contact_title'), check: t('bulky.check_title'),
  }[p.step];
  const index = STEPS.indexOf(p.step);
  return (
    <Layout title={title} councilName={p.council.name} councilSlug={p.council.slug} hasErrors={hasErrors} back={{ href: `/property/${p.uprn}`, text: t('bulky.back') }}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={p.errors} />
          <span class="govuk-caption-l">{p.address}</span>
          <form method="post" action={`/property/${p.uprn}/bulky`} novalidate>
            <Carried step={p.step} answers={p.answers} items={p.items} />
            <input type="hidden" name="step" value={p.step} />
            {p.step === 'items' && <ItemsStep {...p} title={title} />}
            {p.step === 'date' && <DateStep {...p} title={title} />}
            {p.step === 'location' && (
              <>
                <h1 class="govuk-heading-l">{title}</h1>
                <Textarea id="location" label={t('bulky.location_label')} hint={t('bulky.location_hint')} value={p.answers.location} error={p.errors.location} rows={3} />
              </>
            )}
            {p.step === 'contact' && (
              <>
                <h1 class="govuk-heading-l">{title}</h1>
                <p class="govuk-body">{t('bulky.contact_use')}</p>
                <TextInput id="name" label={t('bulky.name')} value={p.answers.name} error={p.errors.name} autocomplete="name" spellcheck={false} />
                <TextInput id="email" label={t('bulky.email')} hint={t('bulky.email_hint')} type="email" value={p.answers.email} error={p.errors.email} autocomplete="email" spellcheck={false} />
                <TextInput id="phone" label={t('bulky.phone')} hint={t('bulky.phone_hint')} type="tel" value={p.answers.phone} error={p.errors.phone} autocomplete="tel" inputClass="govuk-input--width-20" />
              </>
            )}
            {p.step === 'check' && <CheckStep {...p} title={title} />}
            <button type="submit" class="govuk-button" data-module="govuk-button">
              {p.step === 'check' ? t('bulky.pay') : t('bulky.continue')}
            </button>
            {index > 0 && p.step !== 'check' && (
              <p class="govuk-body">
                <button type="submit" name="goto" value={STEPS[index - 1]} class="govuk-button govuk-button--secondary" data-module="govuk-button">
                  {t('bulky.previous')}
                </button>
              </p>
            )}
          </form>
        </div>
      </div>
    </Layout>
  );
}

function ItemsStep(p: BulkyPageProps & { title: string }) {
  const { t } = useLang();
  return (
    <div class={`govuk-form-group${p.errors.items ? ' govuk-form-group--error' : ''}`}>
      <fieldset class="govuk-fieldset" aria-describedby={`items-hint${p.errors.items ? ' items-error' : ''}`}>
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--l">
          <h1 class="govuk-fieldset__heading">{p.title}</h1>
        </legend>
        <div id="items-hint" class="govuk-hint">{t('bulky.items_hint', { price: p.priceText, max: p.maxItems })}</div>
        <ErrorMessage id="items" message={p.errors.items} />
        {p.items.map((item, i) => {
          const id = i === 0 ? 'items' : `qty-${item.id}`;
          return (
            <div class="govuk-form-group">
              <label class="govuk-label" for={id}>{item.name}</label>
              <input
                class={`govuk-input govuk-input--width-2${p.errors.items ? ' govuk-input--error' : ''}`}
                id={id} name={`qty-${item.id}`} type="text" inputmode="numeric" spellcheck={false}
                value={p.answers.items[item.id] ?? ''}
              />
            </div>
          );
        })}
      </fieldset>
    </div>
  );
}

function DateStep(p: BulkyPageProps & { title: string }) {
  const { t, lang } = useLang();
  if (p.slots.length === 0) {
    return (
      <>
        <h1 class="govuk-heading-l">{p.title}</h1>
        <p class="govuk-body">{t('bulky.no_dates')}</p>
      </>
    );
  }
  return (
    <div class={`govuk-form-group${p.errors.date ? ' govuk-form-group--error' : ''}`}>
      <fieldset class="govuk-fieldset" aria-describedby={`date-hint${p.errors.date ? ' date-error' : ''}`}>
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--l">
          <h1 class="govuk-fieldset__heading">{p.title}</h1>
        </legend>
        <div id="date-hint" class="govuk-hint">{t('bulky.date_hint')}</div>
        <ErrorMessage id="date" message={p.errors.date} />
        <div class="govuk-radios" data-module="govuk-radios">
          {p.slots.map((s, i) => {
            const id = i === 0 ? 'date' : `date-${s.date}`;
            return (
              <div class="govuk-radios__item">
                <input class="govuk-radios__input" id={id} name="date" type="radio" value={s.date} checked={p.answers.date === s.date} aria-describedby={`${id}-hint`} />
                <label class="govuk-label govuk-radios__label" for={id}>{longDate(s.date, p.today, lang)}</label>
                <div id={`${id}-hint`} class="govuk-hint govuk-radios__hint">{t('bulky.places_left', { count: s.remaining })}</div>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

function CheckStep(p: BulkyPageProps & { title: string }) {
  const { t, lang } = useLang();
  const a = p.answers;
  const change = (step: Step, label: string) => (
    <button type="submit" name="goto" value={step} class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
      {t('bulky.change')}<span class="govuk-visually-hidden"> {label}</span>
    </button>
  );
  const chosen = p.items.filter((i) => Number(a.items[i.id]) > 0);
  return (
    <>
      <h1 class="govuk-heading-l">{p.title}</h1>
      <dl class="govuk-summary-list">
        <SummaryRow label={t('bulky.summary_items')}>
          <ul class="govuk-list">{chosen.map((i) => <li>{`${i.name} × ${Number(a.items[i.id])}`}</li>)}</ul>
          {change('items', t('bulky.summary_items'))}
        </SummaryRow>
        <SummaryRow label={t('bulky.summary_date')}>
          <p class="govuk-body">{a.date ? longDate(a.date, p.today, lang) : ''}</p>
          {change('date', t('bulky.summary_date'))}
        </SummaryRow>
        <SummaryRow label={t('bulky.summary_location')}>
          <p class="govuk-body">{a.location}</p>
          {change('location', t('bulky.summary_location'))}
        </SummaryRow>
        <SummaryRow label={t('bulky.summary_contact')}>
          <p class="govuk-body">{[a.name, a.email, a.phone].filter(Boolean).join(', ')}</p>
          {change('contact', t('bulky.summary_contact'))}
        </SummaryRow>
        <SummaryRow label={t('bulky.summary_price')}>
          <strong>{p.total ?? ''}</strong>
        </SummaryRow>
      </dl>
      <p class="govuk-body">{t('bulky.check_pay_next')}</p>
    </>
  );
}

/** `/bulky-waste`: what the service is, and finding the address to book for. */
export function BulkyStartPage() {
  const { t } = useLang();
  return (
    <Layout title={t('bulky.start_title')}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l">{t('bulky.start_title')}</h1>
          <p class="govuk-body">{t('bulky.start_intro')}</p>
          <form method="get" action="/addresses" novalidate>
            <TextInput id="postcode" label={t('bulky.start_postcode')} hint={t('bulky.start_postcode_hint')} autocomplete="postal-code" inputClass="govuk-input--width-10" spellcheck={false} />
            <button type="submit" class="govuk-button" data-module="govuk-button">{t('bulky.start_find')}</button>
          </form>
        </div>
      </div>
    </Layout>
  );
}

export interface ChangePageProps {
  reference: string;
  council: { name: string; slug: string };
  today: LocalDate;
  /** The booking's date first, then the other dates with room. */
  dates: LocalDate[];
  values: { email: string; date: string; location: string };
  errors: FieldErrors;
  /** The cut-off has passed: nothing can change. */
  closed: boolean;
  done?: 'changed' | 'cancelled';
}

/** `/requests/{reference}/change`: move a confirmed booking, say where the items are, or cancel it. */
export function BulkyChangePage(p: ChangePageProps) {
  const { t, lang } = useLang();
  const hasErrors = Object.keys(p.errors).length > 0;
  return (
    <Layout title={t('bulky.change_title')} councilName={p.council.name} councilSlug={p.council.slug} hasErrors={hasErrors} back={{ href: `/requests/${p.reference}`, text: t('bulky.change_back') }}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={p.errors} />
          <span class="govuk-caption-l">{p.reference}</span>
          <h1 class="govuk-heading-l">{t('bulky.change_title')}</h1>
          {p.done && <p class="govuk-body govuk-!-font-weight-bold" role="status">{p.done === 'changed' ? t('bulky.change_done') : t('bulky.cancel_done')}</p>}
          {p.closed ? (
            <p class="govuk-body">{t('bulky.change_closed')}</p>
          ) : (
            <>
              <form method="post" action={`/requests/${p.reference}/change`} novalidate>
                <TextInput id="email" label={t('bulky.email')} hint={t('bulky.change_email_hint')} type="email" value={p.values.email} error={p.errors.email} autocomplete="email" spellcheck={false} />
                <div class={`govuk-form-group${p.errors.date ? ' govuk-form-group--error' : ''}`}>
                  <fieldset class="govuk-fieldset" aria-describedby={p.errors.date ? 'date-error' : undefined}>
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">{t('bulky.summary_date')}</legend>
                    <ErrorMessage id="date" message={p.errors.date} />
                    <div class="govuk-radios" data-module="govuk-radios">
                      {p.dates.map((d, i) => {
                        const id = i === 0 ? 'date' : `date-${d}`;
                        return (
                          <div class="govuk-radios__item">
                            <input class="govuk-radios__input" id={id} name="date" type="radio" value={d} checked={p.values.date === d} />
                            <label class="govuk-label govuk-radios__label" for={id}>{longDate(d, p.today, lang)}</label>
                          </div>
                        );
                      })}
                    </div>
                  </fieldset>
                </div>
                <Textarea id="location" label={t('bulky.location_label')} value={p.values.location} error={p.errors.location} rows={3} />
                <button type="submit" name="action" value="change" class="govuk-button" data-module="govuk-button">{t('bulky.change_save')}</button>
                <h2 class="govuk-heading-m">{t('bulky.cancel_heading')}</h2>
                <p class="govuk-body">{t('bulky.cancel_body')}</p>
                <button type="submit" name="action" value="cancel" class="govuk-button govuk-button--warning" data-module="govuk-button">{t('bulky.cancel_button')}</button>
              </form>
            </>
          )}
        </div>
      </div>
    </Layout>
  );
}
