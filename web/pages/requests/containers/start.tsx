/**
 * `/bins/request`: the way in for someone who has not come from their property page — postcode,
 * then their address, then the questions. And the page a property gets when it cannot ask at all
 * (a council that does not deliver bins on request, a business address).
 */
import { ErrorSummary, TextInput, type FieldErrors } from '../../components.tsx';
import { Layout } from '../../layout.tsx';
import type { AddressView } from '../../types.ts';
import { useLang } from '../../../i18n/context.ts';
import { BASE, Frame, type RequestFrame } from './shared.tsx';

export function StartPage(props: { postcode?: string; addresses?: AddressView[]; errors?: FieldErrors }) {
  const { t } = useLang();
  const errors = props.errors ?? {};
  return (
    <Layout title={t('containers.start_title')} hasErrors={Object.keys(errors).length > 0} back={{ href: '/', text: t('containers.back') }}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <h1 class="govuk-heading-l">{t('containers.start_title')}</h1>
          <p class="govuk-body">{t('containers.start_body')}</p>
          <form method="get" action="/bins/request" novalidate>
            <TextInput id="postcode" label={t('containers.postcode')} hint={t('containers.postcode_hint')} value={props.postcode}
              error={errors.postcode} autocomplete="postal-code" spellcheck={false} inputClass="govuk-input--width-10" />
            <button type="submit" class="govuk-button" data-module="govuk-button">{t('containers.find_address')}</button>
          </form>
          {props.addresses && props.addresses.length > 0 && (
            <section class="kb-section" aria-labelledby="addresses-heading">
              <h2 class="govuk-heading-m" id="addresses-heading">{t('containers.choose_address')}</h2>
              <ul class="govuk-list kb-address-list">
                {props.addresses.map((a) => (
                  <li><a class="govuk-link" href={BASE(String(a.uprn))}>{a.address}</a></li>
                ))}
              </ul>
            </section>
          )}
        </div>
      </div>
    </Layout>
  );
}

export function CannotRequestPage(props: { frame: RequestFrame; message: string }) {
  const { t } = useLang();
  return (
    <Frame frame={props.frame} title={t('containers.cannot_title')} back={`/property/${props.frame.uprn}`}>
      <h1 class="govuk-heading-l">{t('containers.cannot_title')}</h1>
      <p class="govuk-body">{props.message}</p>
      <p class="govuk-body"><a class="govuk-link" href={`/property/${props.frame.uprn}`}>{t('containers.back_to_property')}</a></p>
    </Frame>
  );
}
