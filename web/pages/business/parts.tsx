/** Pieces shared by the customer portal and the officer's contract pages (GOV.UK Frontend classes). */
import { formatLongDate } from '../../../server/domain/dates.ts';
import { formatPounds } from '../../../server/domain/commercial/charges.ts';
import type { ContractDetail } from '../../../server/services/commercial/access.ts';
import type { Statement } from '../../../server/services/commercial/charges.ts';
import type { UpcomingCollection } from '../../../server/services/commercial/overview.ts';
import type { TransferNote } from '../../../server/services/commercial/transfer-notes.ts';
import { SummaryRow, Tag, ScrollBox } from '../components.tsx';

const STATUS_TAGS: Record<string, string> = {
  active: 'govuk-tag--green', draft: 'govuk-tag--grey', suspended: 'govuk-tag--yellow', ended: 'govuk-tag--grey',
};

export const StatusTag = (props: { status: string }) => <Tag class={STATUS_TAGS[props.status]}>{props.status}</Tag>;

export function ContractSummaryList(props: { detail: ContractDetail }) {
  const { contract, customer, site } = props.detail;
  return (
    <dl class="govuk-summary-list">
      <SummaryRow label="Reference">{contract.reference}</SummaryRow>
      <SummaryRow label="Customer">{customer.name}</SummaryRow>
      <SummaryRow label="Collection address">{`${site.address}, ${site.postcode}`}</SummaryRow>
      <SummaryRow label="Period">{`${formatLongDate(contract.start, true)} to ${formatLongDate(contract.end, true)}`}</SummaryRow>
      <SummaryRow label="Status"><StatusTag status={contract.status} /></SummaryRow>
      <SummaryRow label="Paper and card">{contract.paperAssessment ? 'Mixed with other recycling (written assessment recorded)' : 'Collected separately'}</SummaryRow>
    </dl>
  );
}

export function LinesTable(props: { detail: ContractDetail; frequencies: Map<number, string> }) {
  return (
    <ScrollBox label="What is collected">
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">What is collected</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Service</th>
            <th scope="col" class="govuk-table__header">Containers</th>
            <th scope="col" class="govuk-table__header">How often</th>
            <th scope="col" class="govuk-table__header">EWC code</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">Price per lift</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {props.detail.lines.map((l) => (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell">{l.serviceName}</td>
              <td class="govuk-table__cell">{`${l.quantity} × ${l.container}`}</td>
              <td class="govuk-table__cell">{props.frequencies.get(l.id) ?? ''}</td>
              <td class="govuk-table__cell">{l.ewcCode}</td>
              <td class="govuk-table__cell govuk-table__cell--numeric">{formatPounds(l.pricePerLiftPence)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}

export function UpcomingTable(props: { upcoming: UpcomingCollection[] }) {
  if (!props.upcoming.length) return <p class="govuk-body">No collections in the next four weeks.</p>;
  return (
    <ScrollBox label="Next collections">
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">Next collections</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Date</th>
            <th scope="col" class="govuk-table__header">Service</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">Containers</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {props.upcoming.map((u) => (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell">
                {formatLongDate(u.date, true)}
                {u.changed && <span class="govuk-body-s">{` (usually ${formatLongDate(u.originalDate)}${u.reason ? ` – ${u.reason}` : ''})`}</span>}
              </td>
              <td class="govuk-table__cell">{u.serviceName}</td>
              <td class="govuk-table__cell govuk-table__cell--numeric">{u.containers}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}

export function NotesTable(props: { notes: TransferNote[]; hrefFor: (id: number) => string }) {
  if (!props.notes.length) return <p class="govuk-body">No waste transfer note has been issued yet.</p>;
  return (
    <ScrollBox label="Waste transfer notes">
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">Waste transfer notes</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Note</th>
            <th scope="col" class="govuk-table__header">Period</th>
            <th scope="col" class="govuk-table__header">Accepted</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {props.notes.map((n) => (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell"><a class="govuk-link" href={props.hrefFor(n.id)}>{`Note ${n.id}`}</a></td>
              <td class="govuk-table__cell">{`${formatLongDate(n.periodStart, true)} to ${formatLongDate(n.periodEnd, true)}`}</td>
              <td class="govuk-table__cell">
                {n.transferorSignedAt ? `Yes, by ${n.transferorSignedBy}` : <Tag class="govuk-tag--yellow">Waiting for you to accept</Tag>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}

export function StatementTable(props: { statement: Statement }) {
  const s = props.statement;
  return (
    <ScrollBox label="Statement">
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">{`Statement ${formatLongDate(s.from, true)} to ${formatLongDate(s.to, true)}`}</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Month</th>
            <th scope="col" class="govuk-table__header">Service</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">Scheduled lifts</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">Collected lifts</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">Price per lift</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">Charge</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {s.months.flatMap((m) =>
            m.lines.map((l) => (
              <tr class="govuk-table__row">
                <td class="govuk-table__cell">{m.month}</td>
                <td class="govuk-table__cell">{l.serviceName}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{l.scheduledLifts}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{l.collectedLifts}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{formatPounds(l.pricePerLiftPence)}</td>
                <td class="govuk-table__cell govuk-table__cell--numeric">{formatPounds(l.chargePence)}</td>
              </tr>
            )),
          )}
          <tr class="govuk-table__row">
            <th scope="row" class="govuk-table__header" colspan={5}>Total</th>
            <td class="govuk-table__cell govuk-table__cell--numeric"><strong>{formatPounds(s.totalPence)}</strong></td>
          </tr>
        </tbody>
      </table>
    </ScrollBox>
  );
}
