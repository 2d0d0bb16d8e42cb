/** Officer pages for commercial waste: the console, one contract with its actions, a new contract. */
import { formatLongDate } from '../../../../server/domain/dates.ts';
import type { ComplianceFlag } from '../../../../server/services/commercial/compliance.ts';
import type { ContractSummary } from '../../../../server/services/commercial/contracts.ts';
import type { ContractOverview } from '../../../../server/services/commercial/overview.ts';
import { ErrorSummary, TextInput, type FieldErrors, SuccessBanner, ScrollBox } from '../../components.tsx';
import { Layout } from '../../layout.tsx';
import { ContractSummaryList, LinesTable, NotesTable, StatusTag, UpcomingTable } from '../../business/parts.tsx';

const contractHref = (reference: string) => `/officer/commercial/contracts/${encodeURIComponent(reference)}`;

function ContractsTable(props: { caption: string; contracts: ContractSummary[]; empty: string; id?: string }) {
  if (!props.contracts.length) return <p class="govuk-body" id={props.id}>{props.empty}</p>;
  return (
    <ScrollBox label={props.caption}>
      <table class="govuk-table" id={props.id}>
        <caption class="govuk-table__caption govuk-table__caption--m">{props.caption}</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Contract</th>
            <th scope="col" class="govuk-table__header">Customer</th>
            <th scope="col" class="govuk-table__header">Ends</th>
            <th scope="col" class="govuk-table__header">Status</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {props.contracts.map((c) => (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell"><a class="govuk-link" href={contractHref(c.reference)}>{c.reference}</a></td>
              <td class="govuk-table__cell">{c.customerName}</td>
              <td class="govuk-table__cell">{formatLongDate(c.end, true)}</td>
              <td class="govuk-table__cell"><StatusTag status={c.status} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}

export interface DashboardProps {
  councilName: string;
  contracts: ContractSummary[];
  expiring: ContractSummary[];
  flags: ComplianceFlag[];
  on: string;
}

export function CommercialDashboard(p: DashboardProps) {
  return (
    <Layout title="Commercial waste" councilName={p.councilName}>
      <h1 class="govuk-heading-l">Commercial waste</h1>
      <div class="govuk-button-group">
        <a class="govuk-button" href="/officer/commercial/contracts/new">Set up a contract</a>
        <a class="govuk-button govuk-button--secondary" href="/officer/commercial/waste-tracking.csv">Export transfer notes for waste tracking (CSV)</a>
      </div>

      <h2 class="govuk-heading-m">Simpler Recycling</h2>
      {p.flags.length ? (
        <ScrollBox label="Simpler Recycling flags">
          <table class="govuk-table" id="compliance-flags">
            <caption class="govuk-table__caption govuk-table__caption--s">{`Active contracts that fall short on ${formatLongDate(p.on, true)}`}</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Contract</th>
                <th scope="col" class="govuk-table__header">Customer</th>
                <th scope="col" class="govuk-table__header">Duty since</th>
                <th scope="col" class="govuk-table__header">What is missing</th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {p.flags.map((f) => (
                <tr class="govuk-table__row">
                  <td class="govuk-table__cell"><a class="govuk-link" href={contractHref(f.reference)}>{f.reference}</a></td>
                  <td class="govuk-table__cell">{f.customerName}</td>
                  <td class="govuk-table__cell">{formatLongDate(f.dutySince, true)}</td>
                  <td class="govuk-table__cell">
                    <ul class="govuk-list">{f.findings.map((x) => <li><span class="govuk-visually-hidden">{x.code}: </span>{x.message}</li>)}</ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      ) : <p class="govuk-body" id="compliance-flags">Every active contract meets the Simpler Recycling rules that apply today.</p>}

      <ContractsTable id="expiring" caption="Ending in the next 60 days" contracts={p.expiring} empty="No active contract ends in the next 60 days." />
      <ContractsTable id="all-contracts" caption="All contracts" contracts={p.contracts} empty="No contracts yet." />
    </Layout>
  );
}

export interface OfficerContractProps {
  overview: ContractOverview;
  compliance: { compliant: boolean; dutySince: string | null; findings: Array<{ code: string; message: string }>; note?: string };
  errors?: FieldErrors;
  message?: string;
}

export function OfficerContract(p: OfficerContractProps) {
  const { detail, today } = p.overview;
  const base = contractHref(detail.contract.reference);
  const errors = p.errors ?? {};
  const open = detail.contract.status !== 'ended';
  return (
    <Layout title={`Contract ${detail.contract.reference}`} councilName={detail.council.name} hasErrors={Object.keys(errors).length > 0} back={{ href: '/officer/commercial', text: 'Commercial waste' }}>
      <ErrorSummary errors={errors} />
      <SuccessBanner message={p.message} />
      <span class="govuk-caption-l">{detail.customer.name}</span>
      <h1 class="govuk-heading-l">{`Contract ${detail.contract.reference}`}</h1>
      <ContractSummaryList detail={detail} />
      <LinesTable detail={detail} frequencies={p.overview.frequencies} />

      <h2 class="govuk-heading-m">Simpler Recycling today</h2>
      {p.compliance.findings.length ? (
        <div class="govuk-warning-text">
          <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
          <strong class="govuk-warning-text__text">
            <span class="govuk-visually-hidden">Warning</span>
            {`Falls short since ${p.compliance.dutySince}: ${p.compliance.findings.map((f) => f.message).join(' ')}`}
          </strong>
        </div>
      ) : <p class="govuk-body">{p.compliance.note ?? 'Meets the rules that apply today.'}</p>}

      <UpcomingTable upcoming={p.overview.upcoming} />
      <p class="govuk-body"><a class="govuk-link" href={`${base}/statement`}>Statement for this month</a></p>

      <NotesTable notes={p.overview.notes} hrefFor={(id) => `/officer/commercial/transfer-notes/${id}`} />
      {open && (
        <form method="post" action={`${base}/transfer-notes`} novalidate>
          <h2 class="govuk-heading-m">Issue a transfer note</h2>
          <TextInput id="carrierRegistration" label="Council waste carrier registration number" hint="For example CBDU123456. Left blank, the last number used is kept." error={errors.carrierRegistration} inputClass="govuk-input--width-10" />
          <TextInput id="periodStart" label="Note starts" hint="YYYY-MM-DD. Left blank: the contract start, or the day after the last note ends. A note covers at most 12 months." error={errors.periodStart} inputClass="govuk-input--width-10" />
          <button type="submit" class="govuk-button">Issue and sign for the council</button>
        </form>
      )}

      {open && (
        <>
          <h2 class="govuk-heading-m">Renew, suspend or end</h2>
          <form method="post" action={`${base}/status`}>
            <input type="hidden" name="status" value={detail.contract.status === 'active' ? 'suspended' : 'active'} />
            <button type="submit" class="govuk-button govuk-button--secondary" id="status">
              {detail.contract.status === 'active' ? 'Suspend contract' : 'Make contract active'}
            </button>
          </form>
          <form method="post" action={`${base}/renew`} novalidate>
            <TextInput id="renewEnd" name="end" label="Renewal ends" hint={`YYYY-MM-DD. Left blank: 12 months after ${detail.contract.end}.`} error={errors.end} inputClass="govuk-input--width-10" />
            <button type="submit" class="govuk-button govuk-button--secondary">Renew contract</button>
          </form>
          <form method="post" action={`${base}/end`} novalidate>
            <TextInput id="endOn" name="on" label="End the contract on" hint="YYYY-MM-DD" value={today} error={errors.on} inputClass="govuk-input--width-10" />
            <button type="submit" class="govuk-button govuk-button--warning">End contract</button>
          </form>
        </>
      )}
    </Layout>
  );
}

export interface NewContractProps {
  councilName: string;
  customers: Array<{ id: string; name: string }>;
  values: Record<string, string>;
  errors?: FieldErrors;
  lineCount: number;
}

export function NewContractPage(p: NewContractProps) {
  const errors = p.errors ?? {};
  const v = (k: string) => p.values[k] ?? '';
  return (
    <Layout title="Set up a contract" councilName={p.councilName} hasErrors={Object.keys(errors).length > 0} back={{ href: '/officer/commercial' }}>
      <ErrorSummary errors={errors} />
      <h1 class="govuk-heading-l">Set up a commercial waste contract</h1>
      <form method="post" action="/officer/commercial/contracts" novalidate>
        <div class={`govuk-form-group${errors.customer ? ' govuk-form-group--error' : ''}`}>
          <label class="govuk-label" for="customer">Customer</label>
          {errors.customer && <p id="customer-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {errors.customer}</p>}
          <select class="govuk-select" id="customer" name="customer">
            {p.customers.map((c) => <option value={c.id} selected={v('customer') === c.id}>{`${c.name} (${c.id})`}</option>)}
          </select>
        </div>
        <TextInput id="uprn" label="Site UPRN" hint="The collection address; it must be a commercial or mixed property." value={v('uprn')} error={errors.uprn} inputClass="govuk-input--width-20" inputmode="numeric" />
        <TextInput id="start" label="Starts" hint="YYYY-MM-DD" value={v('start')} error={errors.start} inputClass="govuk-input--width-10" />
        <TextInput id="end" label="Ends" hint="YYYY-MM-DD" value={v('end')} error={errors.end} inputClass="govuk-input--width-10" />
        <div class="govuk-form-group">
          <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
            <div class="govuk-checkboxes__item">
              <input class="govuk-checkboxes__input" id="paperAssessment" name="paperAssessment" type="checkbox" value="yes" checked={v('paperAssessment') === 'yes'} />
              <label class="govuk-label govuk-checkboxes__label" for="paperAssessment">A written assessment allows paper and card mixed with other recycling</label>
            </div>
          </div>
        </div>
        {Array.from({ length: p.lineCount }, (_, i) => (
          <fieldset class="govuk-fieldset govuk-!-margin-bottom-6">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{`Line ${i + 1}${i ? ' (optional)' : ''}`}</legend>
            <TextInput id={`lines.${i}.service`} label="Service" value={v(`lines.${i}.service`)} error={errors[`lines.${i}.service`]} inputClass="govuk-input--width-10" />
            <TextInput id={`lines.${i}.round`} label="Round" value={v(`lines.${i}.round`)} error={errors[`lines.${i}.round`]} inputClass="govuk-input--width-10" />
            <TextInput id={`lines.${i}.container`} label="Container" hint="For example 1100L bin" value={v(`lines.${i}.container`)} error={errors[`lines.${i}.container`]} />
            <TextInput id={`lines.${i}.quantity`} label="Number of containers" value={v(`lines.${i}.quantity`)} error={errors[`lines.${i}.quantity`]} inputClass="govuk-input--width-3" inputmode="numeric" />
            <TextInput id={`lines.${i}.ewcCode`} label="EWC code" hint="For example 20 03 01" value={v(`lines.${i}.ewcCode`)} error={errors[`lines.${i}.ewcCode`]} inputClass="govuk-input--width-10" />
            <TextInput id={`lines.${i}.pricePerLiftPence`} label="Price per lift, in pence" value={v(`lines.${i}.pricePerLiftPence`)} error={errors[`lines.${i}.pricePerLiftPence`]} inputClass="govuk-input--width-5" inputmode="numeric" />
          </fieldset>
        ))}
        <button type="submit" class="govuk-button">Create contract</button>
      </form>
    </Layout>
  );
}
