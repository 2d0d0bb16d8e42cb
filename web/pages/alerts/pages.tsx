/**
 * The alert pages (server/routes/alerts/): ask again with errors, "check your email", confirmed,
 * "manage my alerts" (ask for a link; the list with a form per alert), unsubscribe and its result.
 * All plain forms: nothing needs JavaScript.
 */
import { ErrorSummary, SuccessBanner, TextInput, type FieldErrors } from '../components.tsx';
import { Layout } from '../layout.tsx';
import { useLang } from '../../i18n/context.ts';
import { AlertForm, AlertKindsFields, type AlertFormValues } from './form.tsx';

export interface AlertItem {
  id: number;
  uprn: number;
  address: string;
  kinds: string[];
  remindAt: string;
  confirmed: boolean;
  active: boolean;
}

export function AlertSubscribePage(props: { uprn: number | string; address: string; values: AlertFormValues; errors: FieldErrors }) {
  const { t } = useLang();
  return (
    <Layout title={t('alerts.form_heading')} hasErrors={Object.keys(props.errors).length > 0} back={{ href: `/property/${props.uprn}` }}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={props.errors} />
          <span class="govuk-caption-l">{props.address}</span>
          <AlertForm uprn={props.uprn} values={props.values} errors={props.errors} />
        </div>
      </div>
    </Layout>
  );
}

/** After asking (alerts or a manage link): the same page whatever the address's state. */
export function CheckEmailPage(props: { manage?: boolean }) {
  const { t } = useLang();
  return (
    <Layout title={t('alerts.check_email_title')}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <div class="govuk-panel govuk-panel--confirmation">
            <h1 class="govuk-panel__title">{t('alerts.check_email_title')}</h1>
          </div>
          <p class="govuk-body">{props.manage ? t('alerts.check_email_manage') : t('alerts.check_email_body')}</p>
          <p class="govuk-body">{t('alerts.check_email_hour')}</p>
        </div>
      </div>
    </Layout>
  );
}

export function ConfirmedPage(props: { alerts: AlertItem[] }) {
  const { t } = useLang();
  return (
    <Layout title={t('alerts.confirmed_title')}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <div class="govuk-panel govuk-panel--confirmation">
            <h1 class="govuk-panel__title">{t('alerts.confirmed_title')}</h1>
          </div>
          <ul class="govuk-list govuk-list--bullet">
            {props.alerts.filter((a) => a.active).map((a) => (
              <li>{a.address}</li>
            ))}
          </ul>
          <p class="govuk-body">{t('alerts.confirmed_body')}</p>
        </div>
      </div>
    </Layout>
  );
}

export function ManageRequestPage(props: { email?: string; errors?: FieldErrors }) {
  const { t } = useLang();
  const errors = props.errors ?? {};
  return (
    <Layout title={t('alerts.manage_title')} hasErrors={Object.keys(errors).length > 0}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <h1 class="govuk-heading-l">{t('alerts.manage_title')}</h1>
          <p class="govuk-body">{t('alerts.manage_request_intro')}</p>
          <form method="post" action="/alerts/manage" novalidate>
            <TextInput id="manage-email" name="email" type="email" label={t('alerts.email_label')} value={props.email} error={errors['manage-email']} autocomplete="email" spellcheck={false} />
            <button type="submit" class="govuk-button" data-module="govuk-button">
              {t('alerts.manage_request_submit')}
            </button>
          </form>
        </div>
      </div>
    </Layout>
  );
}

export function ManagePage(props: { token: string; email: string; alerts: AlertItem[]; saved?: boolean }) {
  const { t } = useLang();
  return (
    <Layout title={t('alerts.manage_title')}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          {props.saved && <SuccessBanner message={t('alerts.manage_saved')} />}
          <h1 class="govuk-heading-l">{t('alerts.manage_title')}</h1>
          <p class="govuk-body">{t('alerts.manage_for', { email: props.email })}</p>
          {props.alerts.length === 0 && <p class="govuk-body">{t('alerts.manage_none')}</p>}
          {props.alerts.map((a) => (
            <section class="govuk-summary-card" aria-labelledby={`alert-${a.id}`}>
              <div class="govuk-summary-card__title-wrapper">
                <h2 class="govuk-summary-card__title" id={`alert-${a.id}`}>
                  {a.address}
                </h2>
              </div>
              <div class="govuk-summary-card__content">
                <p class="govuk-body">
                  {a.active ? t('alerts.status_active') : a.confirmed ? t('alerts.status_ended') : t('alerts.status_pending')}
                </p>
                <form method="post" action={`/alerts/manage/${props.token}`}>
                  <input type="hidden" name="subscription" value={String(a.id)} />
                  <AlertKindsFields idPrefix={`kinds-${a.id}`} kinds={a.active || !a.confirmed ? a.kinds : []} remindAt={a.remindAt} />
                  <div class="govuk-button-group">
                    <button type="submit" class="govuk-button" data-module="govuk-button" name="action" value="save">
                      {t('alerts.manage_save')}
                    </button>
                    {a.active && (
                      <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button" name="action" value="stop">
                        {t('alerts.manage_stop')}
                      </button>
                    )}
                  </div>
                </form>
              </div>
            </section>
          ))}
        </div>
      </div>
    </Layout>
  );
}

export function UnsubscribePage(props: { token: string; alert: AlertItem; done?: boolean }) {
  const { t } = useLang();
  const ended = props.done || !props.alert.active;
  return (
    <Layout title={ended ? t('alerts.unsubscribed_title') : t('alerts.unsubscribe_title')}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l">{ended ? t('alerts.unsubscribed_title') : t('alerts.unsubscribe_title')}</h1>
          <p class="govuk-body">{ended ? t('alerts.unsubscribed_body', { address: props.alert.address }) : t('alerts.unsubscribe_body', { address: props.alert.address })}</p>
          {!ended && (
            <form method="post" action={`/alerts/unsubscribe/${props.token}`}>
              <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button">
                {t('alerts.unsubscribe_submit')}
              </button>
            </form>
          )}
          <p class="govuk-body">
            <a class="govuk-link" href="/alerts/manage">
              {t('alerts.manage_request_link')}
            </a>
          </p>
        </div>
      </div>
    </Layout>
  );
}

/** An unknown, malformed or expired link: 404, nothing changed. */
export function LinkNotValidPage() {
  const { t } = useLang();
  return (
    <Layout title={t('alerts.link_invalid_title')}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l">{t('alerts.link_invalid_title')}</h1>
          <p class="govuk-body">{t('alerts.link_invalid_body')}</p>
          <p class="govuk-body">
            <a class="govuk-link" href="/alerts/manage">
              {t('alerts.manage_request_link')}
            </a>
          </p>
        </div>
      </div>
    </Layout>
  );
}
