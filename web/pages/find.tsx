/** `/`: "Find your bin collection day" — postcode, then the address list. */
import { ErrorSummary, TextInput, type FieldErrors } from './components.tsx';
import { Layout } from './layout.tsx';
import type { AddressView } from './types.ts';

export function FindPage(props: { postcode?: string; errors?: FieldErrors }) {
  const errors = props.errors ?? {};
  return (
    <Layout title="Find your bin collection day" hasErrors={Object.keys(errors).length > 0} current="find">
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <form method="get" action="/addresses" novalidate>
            <TextInput
              id="postcode"
              label="Find your bin collection day"
              labelAsHeading
              hint="Enter your postcode, for example DE1 1AA"
              value={props.postcode}
              error={errors.postcode}
              autocomplete="postal-code"
              spellcheck={false}
              inputClass="govuk-input--width-10"
            />
            <button type="submit" class="govuk-button" data-module="govuk-button">
              Find address
            </button>
          </form>
          <p class="govuk-body">
            You can also <a class="govuk-link" href="/reports">check on a missed collection you reported</a>.
          </p>
          {/* Filled in by site.js from this device's recently viewed addresses; stays hidden without JavaScript. */}
          <div id="recent-addresses" class="kb-recent" hidden>
            <h2 class="govuk-heading-m">Recently viewed on this device</h2>
            <ul class="govuk-list" id="recent-addresses-list"></ul>
            <button type="button" class="govuk-button govuk-button--secondary" id="recent-addresses-clear">
              Forget these addresses
            </button>
          </div>
        </div>
      </div>
    </Layout>
  );
}

export function AddressListPage(props: { postcode: string; addresses: AddressView[] }) {
  const count = props.addresses.length;
  return (
    <Layout title={`Addresses in ${props.postcode}`} current="find" back={{ href: `/?postcode=${encodeURIComponent(props.postcode)}`, text: 'Change postcode' }}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <span class="govuk-caption-l">{props.postcode}</span>
          <h1 class="govuk-heading-l">Choose your address</h1>
          <p class="govuk-body">
            {count === 1 ? '1 address found' : `${count} addresses found`} for {props.postcode}.
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
            If your address is not listed,{' '}
            <a class="govuk-link" href="/">
              search with a different postcode
            </a>{' '}
            or contact your council.
          </p>
        </div>
      </div>
    </Layout>
  );
}
