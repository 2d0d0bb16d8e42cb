/**
 * `/property/{uprn}/report`: report a missed collection. Only services that can be reported now are
 * offered; each other one says why in plain English. Then the confirmation with the reference and the
 * date by which it will be sorted.
 */
import { ColourChip, ErrorMessage, ErrorSummary, Textarea, TextInput, type FieldErrors } from './components.tsx';
import { blockedReasonText, longDate } from './format.ts';
import { Layout } from './layout.tsx';
import type { PropertyView, ServiceView } from './types.ts';
import type { LocalDate } from '../../server/domain/dates.ts';
import { useLang } from '../i18n/context.ts';
import type { Lang } from '../i18n/index.ts';

export interface ReportFormValues {
  service?: string;
  name?: string;
  email?: string;
  phone?: string;
  notes?: string;
}

export interface ReportFormProps {
  property: PropertyView;
  today: LocalDate;
  values?: ReportFormValues;
  errors?: FieldErrors;
}

/** Field order on the page, so the error summary lists errors in the same order. */
export const REPORT_FIELDS = ['service', 'name', 'email', 'phone', 'notes'] as const;

export function blockedText(s: ServiceView, property: PropertyView, today: LocalDate, lang: Lang = 'en'): string {
  return blockedReasonText(
    {
      reportBlockedReason: s.reportBlockedReason ?? undefined,
      last: s.last ? { date: s.last.date, outcome: s.last.outcome ?? undefined } : null,
      next: s.next ?? null,
      reference: s.reportReference ?? undefined,
      collectionDate: s.collectionDate ?? undefined,
      outcome: s.blockedOutcome ?? undefined,
      windowWorkingDays: property.reportWindowWorkingDays,
    },
    today,
    property.sameDayCutoff ?? '17:00',
    lang,
  );
}

export function ReportFormPage(props: ReportFormProps) {
  const { property: p, today } = props;
  const values = props.values ?? {};
  const errors = props.errors ?? {};
  const reportable = p.services.filter((s) => s.reportable);
  const blocked = p.services.filter((s) => !s.reportable);
  const hasErrors = Object.keys(errors).length > 0;
  const { t } = useLang();
  return (
    <Layout title={t('report.title')} councilName={p.council.name} councilSlug={p.council.slug} hasErrors={hasErrors} back={{ href: `/property/${p.uprn}`, text: t('report.back') }}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <span class="govuk-caption-l">{p.address}</span>
          <h1 class="govuk-heading-l">{t('report.title')}</h1>

          {reportable.length === 0 ? (
            <>
              <p class="govuk-body">{t('report.none_now')}</p>
              <BlockedList services={blocked} property={p} today={today} heading={t('report.why_not')} />
              <p class="govuk-body">
                <a class="govuk-link" href={`/property/${p.uprn}`}>
                  {t('report.see_next')}
                </a>
              </p>
            </>
          ) : (
            <>
              <form method="post" action={`/property/${p.uprn}/report`} novalidate>
                <ServiceRadios services={reportable} today={today} value={values.service} error={errors.service} />
                <h2 class="govuk-heading-m">{t('report.your_details')}</h2>
                <p class="govuk-body">{t('report.details_use')}</p>
                <TextInput id="name" label={t('report.name')} value={values.name} error={errors.name} autocomplete="name" spellcheck={false} />
                <TextInput
                  id="email"
                  label={t('report.email')}
                  hint={t('report.email_hint')}
                  type="email"
                  value={values.email}
                  error={errors.email}
                  autocomplete="email"
                  spellcheck={false}
                />
                <TextInput
                  id="phone"
                  label={t('report.phone')}
                  hint={t('report.phone_hint')}
                  type="tel"
                  value={values.phone}
                  error={errors.phone}
                  autocomplete="tel"
                  inputClass="govuk-input--width-20"
                />
                <Textarea
                  id="notes"
                  label={t('report.notes')}
                  hint={t('report.notes_hint')}
                  value={values.notes}
                  error={errors.notes}
                />
                <button type="submit" class="govuk-button" data-module="govuk-button">
                  {t('report.send')}
                </button>
              </form>
              {blocked.length > 0 && <BlockedList services={blocked} property={p} today={today} heading={t('report.cannot_now')} />}
            </>
          )}
        </div>
      </div>
    </Layout>
  );
}

function ServiceRadios(props: { services: ServiceView[]; today: LocalDate; value?: string; error?: string }) {
  const id = 'service';
  const { t, lang } = useLang();
  return (
    <div class={`govuk-form-group${props.error ? ' govuk-form-group--error' : ''}`}>
      <fieldset class="govuk-fieldset" aria-describedby={props.error ? `${id}-error` : undefined}>
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
          <h2 class="govuk-fieldset__heading">{t('report.which')}</h2>
        </legend>
        <ErrorMessage id={id} message={props.error} />
        <div class="govuk-radios" data-module="govuk-radios">
          {props.services.map((s, i) => {
            // The first radio carries the field's id, so the error summary's link lands on it.
            const inputId = i === 0 ? id : `${id}-${s.id}`;
            const date = s.collectionDate ?? s.last?.date;
            return (
              <div class="govuk-radios__item">
                <input class="govuk-radios__input" id={inputId} name="service" type="radio" value={s.id} checked={props.value === s.id} aria-describedby={date ? `${inputId}-hint` : undefined} />
                <label class="govuk-label govuk-radios__label kb-radio-label" for={inputId}>
                  <ColourChip colour={s.colour} />
                  {s.name}
                </label>
                {date && (
                  <div id={`${inputId}-hint`} class="govuk-hint govuk-radios__hint">
                    {t('report.collection_day', { container: s.container, date: longDate(date, props.today, lang) })}
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

function BlockedList(props: { services: ServiceView[]; property: PropertyView; today: LocalDate; heading: string }) {
  const { lang } = useLang();
  if (!props.services.length) return null;
  return (
    <section aria-labelledby="blocked-heading" class="kb-section">
      <h2 class="govuk-heading-m" id="blocked-heading">
        {props.heading}
      </h2>
      <dl class="govuk-summary-list">
        {props.services.map((s) => (
          <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key kb-card-title">
              <ColourChip colour={s.colour} />
              {s.name}
            </dt>
            <dd class="govuk-summary-list__value">{blockedText(s, props.property, props.today, lang)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export interface ConfirmationProps {
  reference: string;
  serviceName: string;
  collectionDate: LocalDate;
  dueByDate: LocalDate;
  today: LocalDate;
  councilName?: string;
}

export function ReportConfirmationPage(props: ConfirmationProps) {
  const { t, lang } = useLang();
  return (
    <Layout title={t('report.sent')} councilName={props.councilName}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <div class="govuk-panel govuk-panel--confirmation">
            <h1 class="govuk-panel__title">{t('report.sent')}</h1>
            <div class="govuk-panel__body">
              {t('report.your_reference')}
              <br />
              <strong id="report-reference">{props.reference}</strong>
            </div>
          </div>
          <p class="govuk-body">
            {t('report.will_sort', { service: props.serviceName.toLowerCase(), date: longDate(props.collectionDate, props.today, lang) })}{' '}
            <strong id="report-due">{longDate(props.dueByDate, props.today, lang)}</strong>.
          </p>
          <h2 class="govuk-heading-m">{t('report.next_heading')}</h2>
          <p class="govuk-body">{t('report.next_body')}</p>
          <p class="govuk-body">
            <a class="govuk-link" href={`/reports/${props.reference}`}>
              {t('report.check_progress')}
            </a>
          </p>
        </div>
      </div>
    </Layout>
  );
}
