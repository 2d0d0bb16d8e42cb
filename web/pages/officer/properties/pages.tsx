/**
 * Officer property pages (docs/officer.md "Properties and data"): search, a new property, and one
 * property's view with its edit form, the assisted-collection toggle and demolition (preview, then
 * confirm). Text goes through hono/jsx, which escapes it.
 */
import { formatLongDate } from '../../../../server/domain/dates.ts';
import type { AdminProperty, Preview } from '../../../../server/services/properties/admin.ts';
import { ErrorSummary, ScrollBox, SuccessBanner, SummaryRow, Tag, TextInput, type FieldErrors } from '../../components.tsx';
import { Layout } from '../../layout.tsx';
import { OfficerNav } from '../nav.tsx';

const SERVICE_NAME = 'Officer console';
export const KIND_WORDS: Record<string, string> = { domestic: 'Domestic', commercial: 'Commercial', mixed: 'Mixed (home and business)', demolished: 'Demolished' };
export const propertyHref = (uprn: string) => `/officer/properties/${encodeURIComponent(uprn)}`;

interface Common { councilName: string; councilSlug?: string; isAdmin?: boolean }

export function PropertySearchPage(p: Common & { q: string; results: AdminProperty[]; searched: boolean }) {
  return (
    <Layout title="Properties" councilName={p.councilName} councilSlug={p.councilSlug} serviceName={SERVICE_NAME}>
      <OfficerNav current="properties" isAdmin={p.isAdmin} />
      <h1 class="govuk-heading-l">Properties</h1>
      <p class="govuk-body"><a class="govuk-button govuk-button--secondary" href="/officer/properties/new" role="button" draggable="false">Add a property</a></p>
      <form method="get" action="/officer/properties" novalidate role="search">
        <TextInput id="q" label="Find a property" hint="A postcode, a UPRN or part of the address" value={p.q} spellcheck={false} />
        <button type="submit" class="govuk-button">Search</button>
      </form>
      {p.searched && (p.results.length ? (
        <ScrollBox label="Properties found">
          <table class="govuk-table" id="results">
            <caption class="govuk-table__caption govuk-table__caption--m">{p.results.length === 1 ? '1 property' : `${p.results.length} properties`}{p.results.length >= 50 ? ' (the first 50)' : ''}</caption>
            <thead class="govuk-table__head"><tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Address</th>
              <th scope="col" class="govuk-table__header">Postcode</th>
              <th scope="col" class="govuk-table__header">UPRN</th>
              <th scope="col" class="govuk-table__header">Kind</th>
            </tr></thead>
            <tbody class="govuk-table__body">
              {p.results.map((r) => (
                <tr class="govuk-table__row">
                  <td class="govuk-table__cell"><a class="govuk-link" href={propertyHref(r.uprn)}>{r.address}</a>{r.assisted && <> <Tag class="govuk-tag--blue">Assisted</Tag></>}</td>
                  <td class="govuk-table__cell">{r.postcode}</td>
                  <td class="govuk-table__cell">{r.uprn}</td>
                  <td class="govuk-table__cell">{KIND_WORDS[r.kind] ?? r.kind}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      ) : <p class="govuk-body" id="results">No properties match “{p.q}”.</p>)}
    </Layout>
  );
}

function KindSelect(p: { value?: string; error?: string; includeDemolished?: boolean }) {
  return (
    <div class={`govuk-form-group${p.error ? ' govuk-form-group--error' : ''}`}>
      <label class="govuk-label" for="kind">Kind</label>
      {p.error && <p id="kind-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {p.error}</p>}
      <select class="govuk-select" id="kind" name="kind" aria-describedby={p.error ? 'kind-error' : undefined}>
        {['domestic', 'commercial', 'mixed'].map((k) => <option value={k} selected={(p.value ?? 'domestic') === k}>{KIND_WORDS[k]}</option>)}
      </select>
    </div>
  );
}

function AssistedBox(p: { checked: boolean }) {
  return (
    <div class="govuk-form-group">
      <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
        <div class="govuk-checkboxes__item">
          <input class="govuk-checkboxes__input" id="assisted" name="assisted" type="checkbox" value="yes" checked={p.checked} aria-describedby="assisted-hint" />
          <label class="govuk-label govuk-checkboxes__label" for="assisted">Assisted collection</label>
          <div id="assisted-hint" class="govuk-hint govuk-checkboxes__hint">The crew collect the bins from the property and return them</div>
        </div>
      </div>
    </div>
  );
}

function DetailFields(p: { v: Record<string, string>; errors: FieldErrors }) {
  return (
    <>
      <TextInput id="address" label="Address" value={p.v.address} error={p.errors.address} />
      <TextInput id="postcode" label="Postcode" value={p.v.postcode} error={p.errors.postcode} inputClass="govuk-input--width-10" autocomplete="postal-code" />
      <TextInput id="lat" label="Latitude" hint="For example 52.9225" value={p.v.lat} error={p.errors.lat} inputClass="govuk-input--width-10" inputmode="decimal" />
      <TextInput id="lon" label="Longitude" hint="For example -1.4746" value={p.v.lon} error={p.errors.lon} inputClass="govuk-input--width-10" inputmode="decimal" />
    </>
  );
}

export interface NewPropertyProps extends Common {
  values: Record<string, string>;
  errors?: FieldErrors;
  /** Rounds by service, for one select per service. */
  services: Array<{ id: string; name: string; rounds: Array<{ id: string; name: string }> }>;
  today: string;
}

export function NewPropertyPage(p: NewPropertyProps) {
  const errors = p.errors ?? {};
  const v = p.values;
  return (
    <Layout title="Add a property" councilName={p.councilName} councilSlug={p.councilSlug} serviceName={SERVICE_NAME} hasErrors={Object.keys(errors).length > 0}
      back={{ href: '/officer/properties', text: 'Properties' }}>
      <div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 class="govuk-heading-l">Add a property</h1>
        <form method="post" action="/officer/properties/new" novalidate>
          <TextInput id="uprn" label="UPRN" hint="Unique Property Reference Number, 1 to 12 digits" value={v.uprn} error={errors.uprn} inputClass="govuk-input--width-20" inputmode="numeric" spellcheck={false} />
          <DetailFields v={v} errors={errors} />
          <KindSelect value={v.kind} error={errors.kind} />
          <AssistedBox checked={v.assisted === 'yes'} />
          <h2 class="govuk-heading-m">Rounds</h2>
          <TextInput id="from" label="First day on the rounds" hint={`Today (${p.today}) or later, as YYYY-MM-DD`} value={v.from ?? p.today} error={errors.from} inputClass="govuk-input--width-10" />
          {p.services.map((s) => (
            <div class={`govuk-form-group${errors[`round-${s.id}`] ? ' govuk-form-group--error' : ''}`}>
              <label class="govuk-label" for={`round-${s.id}`}>{s.name} round</label>
              {errors[`round-${s.id}`] && <p id={`round-${s.id}-error`} class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {errors[`round-${s.id}`]}</p>}
              <select class="govuk-select" id={`round-${s.id}`} name={`round-${s.id}`}>
                <option value="" selected={!v[`round-${s.id}`]}>None</option>
                {s.rounds.map((r) => <option value={r.id} selected={v[`round-${s.id}`] === r.id}>{r.name} ({r.id})</option>)}
              </select>
            </div>
          ))}
          <button type="submit" class="govuk-button">Add property</button>
        </form>
      </div></div>
    </Layout>
  );
}

export interface PropertyPageProps extends Common {
  property: AdminProperty;
  today: string;
  message?: string;
  errors?: FieldErrors;
  values?: Record<string, string>;
  /** Demolition preview awaiting confirmation. */
  demolition?: { from: string; preview: Preview };
}

export function PropertyPage(p: PropertyPageProps) {
  const r = p.property;
  const errors = p.errors ?? {};
  const v: Record<string, string> = { address: r.address, postcode: r.postcode, lat: String(r.lat), lon: String(r.lon), kind: r.kind, ...(p.values ?? {}) };
  const demolished = r.kind === 'demolished';
  const action = propertyHref(r.uprn);
  return (
    <Layout title={r.address} councilName={p.councilName} councilSlug={p.councilSlug} serviceName={SERVICE_NAME} hasErrors={Object.keys(errors).length > 0}
      back={{ href: '/officer/properties', text: 'Properties' }}>
      <div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <SuccessBanner message={p.message} />
        <span class="govuk-caption-l">Property {r.uprn}</span>
        <h1 class="govuk-heading-l">{r.address}</h1>
        <dl class="govuk-summary-list" id="property-summary">
          <SummaryRow label="UPRN">{r.uprn}</SummaryRow>
          <SummaryRow label="Postcode">{r.postcode}</SummaryRow>
          <SummaryRow label="Location">{`${r.lat}, ${r.lon}`}</SummaryRow>
          <SummaryRow label="Kind">{demolished ? <Tag class="govuk-tag--grey">Demolished</Tag> : (KIND_WORDS[r.kind] ?? r.kind)}</SummaryRow>
          <SummaryRow label="Assisted collection">{r.assisted ? 'Yes' : 'No'}</SummaryRow>
        </dl>
        <p class="govuk-body"><a class="govuk-link" href={`/property/${r.uprn}`}>See what residents see</a></p>

        <h2 class="govuk-heading-m">Rounds</h2>
        {r.assignments.length ? (
          <ScrollBox label="Rounds">
            <table class="govuk-table" id="assignments">
              <thead class="govuk-table__head"><tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Round</th>
                <th scope="col" class="govuk-table__header">Service</th>
                <th scope="col" class="govuk-table__header">From</th>
                <th scope="col" class="govuk-table__header">Until</th>
                <th scope="col" class="govuk-table__header">Stop</th>
              </tr></thead>
              <tbody class="govuk-table__body">
                {r.assignments.map((a) => (
                  <tr class="govuk-table__row">
                    <td class="govuk-table__cell">{a.round}</td>
                    <td class="govuk-table__cell">{a.service ?? ''}</td>
                    <td class="govuk-table__cell">{formatLongDate(a.from, true)}</td>
                    <td class="govuk-table__cell">{a.to ? formatLongDate(a.to, true) : 'No end'}</td>
                    <td class="govuk-table__cell">{String(a.sequence)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        ) : <p class="govuk-body" id="assignments">Not on any round.</p>}

        <h2 class="govuk-heading-m">Assisted collection</h2>
        <form method="post" action={`${action}/assisted`} novalidate>
          <input type="hidden" name="assisted" value={r.assisted ? 'no' : 'yes'} />
          <button type="submit" class="govuk-button govuk-button--secondary" id="assisted-toggle">
            {r.assisted ? 'Stop assisted collection' : 'Start assisted collection'}
          </button>
        </form>

        <h2 class="govuk-heading-m">Change details</h2>
        <form method="post" action={action} novalidate>
          <DetailFields v={v} errors={errors} />
          {!demolished && <KindSelect value={v.kind} error={errors.kind} />}
          <button type="submit" class="govuk-button">Save changes</button>
        </form>

        {!demolished && (
          <>
            <h2 class="govuk-heading-m" id="demolish-heading">Demolish</h2>
            {p.demolition ? (
              <div id="demolish-preview">
                <p class="govuk-body">
                  From {formatLongDate(p.demolition.from, true)} this property has no collections: {p.demolition.preview.collections === 1 ? '1 collection' : `${p.demolition.preview.collections} collections`} in the next year stop. Collections before that day are not changed.
                </p>
                {p.demolition.preview.sample.length > 0 && (
                  <ScrollBox label="Collections that stop">
                    <table class="govuk-table">
                      <caption class="govuk-table__caption govuk-table__caption--s">The first collections that stop</caption>
                      <thead class="govuk-table__head"><tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">Service</th>
                        <th scope="col" class="govuk-table__header">Was due</th>
                        <th scope="col" class="govuk-table__header">Now</th>
                      </tr></thead>
                      <tbody class="govuk-table__body">
                        {p.demolition.preview.sample.map((s) => (
                          <tr class="govuk-table__row">
                            <td class="govuk-table__cell">{s.service}</td>
                            <td class="govuk-table__cell">{s.before ? formatLongDate(s.before, true) : ''}</td>
                            <td class="govuk-table__cell">No collection</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </ScrollBox>
                )}
                <form method="post" action={`${action}/demolish`} novalidate>
                  <input type="hidden" name="from" value={p.demolition.from} />
                  <input type="hidden" name="confirm" value="yes" />
                  <div class="govuk-button-group">
                    <button type="submit" class="govuk-button govuk-button--warning">Confirm demolition</button>
                    <a class="govuk-link" href={action}>Cancel</a>
                  </div>
                </form>
              </div>
            ) : (
              <form method="post" action={`${action}/demolish`} novalidate>
                <TextInput id="from" label="Demolished from" hint={`The first day with no collections: today (${p.today}) or later, as YYYY-MM-DD`} value={v.from ?? ''} error={errors.from} inputClass="govuk-input--width-10" />
                <button type="submit" class="govuk-button govuk-button--secondary">Check what changes</button>
              </form>
            )}
          </>
        )}
      </div></div>
    </Layout>
  );
}
