/**
 * The sandbox's card page, `/pay/{id}` (server/routes/pages/pay.tsx): laid out like GOV.UK Pay's
 * "Enter card details" page with the same labels ("Card number", "Month", "Year", "Name on card",
 * "Card security code", "Continue"), so the journey and its tests look as they will with the real
 * provider. A decline or a mistake comes back on the same page with a GOV.UK error summary.
 */
import { ErrorMessage, ErrorSummary, TextInput, type FieldErrors } from '../components.tsx';
import { Layout } from '../layout.tsx';
import { useLang } from '../../i18n/context.ts';

export interface SandboxPageProps {
  id: string;
  description: string;
  amount: string;
  values?: { cardNumber?: string; expiryMonth?: string; expiryYear?: string; cardholderName?: string };
  errors?: FieldErrors;
}

export function SandboxPayPage(p: SandboxPageProps) {
  const { t } = useLang();
  const errors = p.errors ?? {};
  const v = p.values ?? {};
  const expiryError = errors.expiryMonth;
  return (
    <Layout title={t('pay.sandbox.title')} serviceName={t('pay.sandbox.service')} hasErrors={Object.keys(errors).length > 0}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <h1 class="govuk-heading-l">{t('pay.sandbox.title')}</h1>
          <div class="govuk-inset-text">{t('pay.sandbox.test_notice')}</div>
          <form method="post" action={`/pay/${p.id}`} novalidate>
            <TextInput id="cardNumber" label={t('pay.sandbox.card_number')} value={v.cardNumber} error={errors.cardNumber}
              autocomplete="cc-number" inputmode="numeric" spellcheck={false} inputClass="govuk-input--width-20" />
            <div class={`govuk-form-group${expiryError ? ' govuk-form-group--error' : ''}`}>
              <fieldset class="govuk-fieldset" role="group" aria-describedby={`expiry-hint${expiryError ? ' expiryMonth-error' : ''}`}>
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{t('pay.sandbox.expiry')}</legend>
                <div id="expiry-hint" class="govuk-hint">{t('pay.sandbox.expiry_hint')}</div>
                <ErrorMessage id="expiryMonth" message={expiryError} />
                <div class="govuk-date-input">
                  <div class="govuk-date-input__item">
                    <div class="govuk-form-group">
                      <label class="govuk-label govuk-date-input__label" for="expiryMonth">{t('pay.sandbox.month')}</label>
                      <input class={`govuk-input govuk-date-input__input govuk-input--width-2${expiryError ? ' govuk-input--error' : ''}`}
                        id="expiryMonth" name="expiryMonth" type="text" inputmode="numeric" autocomplete="cc-exp-month" value={v.expiryMonth ?? ''} />
                    </div>
                  </div>
                  <div class="govuk-date-input__item">
                    <div class="govuk-form-group">
                      <label class="govuk-label govuk-date-input__label" for="expiryYear">{t('pay.sandbox.year')}</label>
                      <input class={`govuk-input govuk-date-input__input govuk-input--width-4${expiryError ? ' govuk-input--error' : ''}`}
                        id="expiryYear" name="expiryYear" type="text" inputmode="numeric" autocomplete="cc-exp-year" value={v.expiryYear ?? ''} />
                    </div>
                  </div>
                </div>
              </fieldset>
            </div>
            <TextInput id="cardholderName" label={t('pay.sandbox.name')} value={v.cardholderName} error={errors.cardholderName}
              autocomplete="cc-name" spellcheck={false} />
            <TextInput id="cvc" label={t('pay.sandbox.cvc')} hint={t('pay.sandbox.cvc_hint')} error={errors.cvc}
              autocomplete="cc-csc" inputmode="numeric" inputClass="govuk-input--width-4" />
            <button type="submit" class="govuk-button" data-module="govuk-button">{t('pay.sandbox.continue')}</button>
          </form>
          <form method="post" action={`/pay/${p.id}/cancel`}>
            <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">{t('pay.sandbox.cancel')}</button>
          </form>
        </div>
        <div class="govuk-grid-column-one-third">
          <h2 class="govuk-heading-m">{t('pay.sandbox.summary')}</h2>
          <p class="govuk-body">{p.description}</p>
          <p class="govuk-body">
            {t('pay.sandbox.total')} <strong>{p.amount}</strong>
          </p>
        </div>
      </div>
    </Layout>
  );
}
