/** `/`: "Find your bin collection day" — postcode, then the address list. */
import { ErrorSummary, TextInput, type FieldErrors } from './components.tsx';
import { Layout } from './layout.tsx';
import type { AddressView } from './types.ts';
import { useLang } from '../i18n/context.ts';

export function FindPage(props: { postcode?: string; errors?: FieldErrors }) {
  const errors = props.errors ?? {};
  const { t } = useLang();
  return (
    <Layout title={t('find.title')} hasErrors={Object.keys(errors).length > 0} current="find">
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <form method="get" action="/addresses" novalidate>
            <TextInput
              id="postcode"
              label={t('find.title')}
              labelAsHeading
              hint={t('find.hint')}
              value={props.postcode}
              error={errors.postcode}
              autocomplete="postal-code"
              spellcheck={false}
              inputClass="govuk-input--width-10"
            />
            <button type="submit" class="govuk-button" data-module="govuk-button">
              {t('find.submit')}
            </button>
          </form>
          <p class="govuk-body">
            {t('find.track_before')} <a class="govuk-link" href="/reports">{t('find.track_link')}</a>.
          </p>
          {/* Filled in by site.js from this device's recently viewed addresses; stays hidden without JavaScript. */}
          <div id="recent-addresses" class="kb-recent" hidden>
            <h2 class="govuk-heading-m">{t('find.recent_heading')}</h2>
            <ul class="govuk-list" id="recent-addresses-list"></ul>
            <button type="button" class="govuk-button govuk-button--secondary" id="recent-addresses-clear">
              {t('find.recent_forget')}
            </button>
          </div>
        </div>
      </div>
    </Layout>
  );
}

export function AddressListPage(props: { postcode: string; addresses: AddressView[] }) {
  const count = props.addresses.length;
  const { t } = useLang();
  return (
    <Layout title={t('addresses.title', { postcode: props.postcode })} current="find" back={{ href: `/?postcode=${encodeURIComponent(props.postcode)}`, text: t('addresses.change') }}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <span class="govuk-caption-l">{props.postcode}</span>
          <h1 class="govuk-heading-l">{t('addresses.heading')}</h1>
          <p class="govuk-body">
            {t('addresses.found', { count, postcode: props.postcode })}
          </p>
          <ul class="govuk-list kb-address-list">
            {props.addresses.map((a) => (
              <li>
                <a class="govuk-link" href={`/property/${a.uprn}`}>
                  {a.address}
                </a>
              </li>
            ))}
          </ul>
          <p class="govuk-body">
            {t('addresses.missing_before')}{' '}
            <a class="govuk-link" href="/">
              {t('addresses.missing_link')}
            </a>{' '}
            {t('addresses.missing_after')}
          </p>
        </div>
      </div>
    </Layout>
  );
}
