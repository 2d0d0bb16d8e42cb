/**
 * The "email me" form: on the property page and, with errors, on its own page (POST /alerts).
 * Plain GOV.UK checkboxes, a select and a text input: works without JavaScript.
 */
import { ErrorMessage, TextInput, type FieldErrors } from '../components.tsx';
import { useLang } from '../../i18n/context.ts';

export interface AlertFormValues {
  email?: string;
  kinds?: string[];
  remindAt?: string;
}

/** Half-hourly choices from the afternoon to late evening: the evening before a collection. */
export const REMIND_TIMES = Array.from({ length: 15 }, (_, i) => `${String(15 + Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`);

export function AlertKindsFields(props: { idPrefix?: string; kinds: string[]; remindAt: string; error?: string }) {
  const { t } = useLang();
  const p = props.idPrefix ?? 'kinds';
  const options = [
    { value: 'reminder', label: t('alerts.kind_reminder') },
    { value: 'changes', label: t('alerts.kind_changes') },
    { value: 'reports', label: t('alerts.kind_reports') },
  ];
  return (
    <>
      <div class={`govuk-form-group${props.error ? ' govuk-form-group--error' : ''}`}>
        <fieldset class="govuk-fieldset" aria-describedby={props.error ? `${p}-error` : undefined}>
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{t('alerts.kinds_legend')}</legend>
          <ErrorMessage id={p} message={props.error} />
          <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
            {options.map((o, i) => (
              <div class="govuk-checkboxes__item">
                <input class="govuk-checkboxes__input" id={i === 0 ? p : `${p}-${o.value}`} name="kinds" type="checkbox" value={o.value} checked={props.kinds.includes(o.value)} />
                <label class="govuk-label govuk-checkboxes__label" for={i === 0 ? p : `${p}-${o.value}`}>
                  {o.label}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      <div class="govuk-form-group">
        <label class="govuk-label" for={`${p}-remind-at`}>
          {t('alerts.remind_at_label')}
        </label>
        <select class="govuk-select" id={`${p}-remind-at`} name="remindAt">
          {[...new Set([...REMIND_TIMES, props.remindAt])].sort().map((time) => (
            <option value={time} selected={time === props.remindAt}>
              {time}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}

export function AlertForm(props: { uprn: number | string; values?: AlertFormValues; errors?: FieldErrors }) {
  const { t, lang } = useLang();
  const v = props.values ?? {};
  return (
    <section aria-labelledby="alerts-heading" class="kb-section">
      <h2 class="govuk-heading-m" id="alerts-heading">
        {t('alerts.form_heading')}
      </h2>
      <p class="govuk-body">{t('alerts.form_intro')}</p>
      <form method="post" action="/alerts" novalidate>
        <input type="hidden" name="uprn" value={String(props.uprn)} />
        <input type="hidden" name="language" value={lang} />
        <TextInput id="alert-email" name="email" type="email" label={t('alerts.email_label')} hint={t('alerts.email_hint')} value={v.email} error={props.errors?.['alert-email']} autocomplete="email" spellcheck={false} />
        <AlertKindsFields kinds={v.kinds ?? ['reminder', 'changes']} remindAt={v.remindAt ?? '18:00'} error={props.errors?.kinds} />
        <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
          {t('alerts.form_submit')}
        </button>
      </form>
      <p class="govuk-body-s">
        <a class="govuk-link" href="/alerts/manage">
          {t('alerts.manage_request_link')}
        </a>
      </p>
    </section>
  );
}
