/** The customer portal `/business`: the business's contracts, one contract, its statement. */
import { formatLongDate } from '../../../server/domain/dates.ts';
import type { ContractSummary } from '../../../server/services/commercial/contracts.ts';
import type { Statement } from '../../../server/services/commercial/charges.ts';
import type { ContractOverview } from '../../../server/services/commercial/overview.ts';
import { SuccessBanner, ScrollBox } from '../components.tsx';
import { Layout } from '../layout.tsx';
import { ContractSummaryList, LinesTable, NotesTable, StatementTable, StatusTag, UpcomingTable } from './parts.tsx';

export function BusinessHome(props: { councilName: string; contracts: ContractSummary[] }) {
  return (
    <Layout title="Your commercial waste contracts" councilName={props.councilName}>
      <h1 class="govuk-heading-l">Your commercial waste contracts</h1>
      {props.contracts.length ? (
        <ScrollBox label="Your contracts">
          <table class="govuk-table">
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Contract</th>
                <th scope="col" class="govuk-table__header">Period</th>
                <th scope="col" class="govuk-table__header">Status</th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {props.contracts.map((c) => (
                <tr class="govuk-table__row">
                  <td class="govuk-table__cell"><a class="govuk-link" href={`/business/contracts/${encodeURIComponent(c.reference)}`}>{c.reference}</a></td>
                  <td class="govuk-table__cell">{`${formatLongDate(c.start, true)} to ${formatLongDate(c.end, true)}`}</td>
                  <td class="govuk-table__cell"><StatusTag status={c.status} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      ) : <p class="govuk-body">You have no contracts with us yet.</p>}
    </Layout>
  );
}

export interface BusinessContractProps {
  overview: ContractOverview;
  publicUrl: string;
  /** Shown once, right after a new calendar link is issued. */
  calendarPath?: string;
  message?: string;
}

export function BusinessContract(p: BusinessContractProps) {
  const { detail, today } = p.overview;
  const ref = encodeURIComponent(detail.contract.reference);
  const base = `/business/contracts/${ref}`;
  const monthStart = `${today.slice(0, 7)}-01`;
  const https = p.calendarPath ? `${p.publicUrl.replace(/\/$/, '')}${p.calendarPath}` : '';
  const webcal = https.replace(/^https?:/, 'webcal:');
  return (
    <Layout title={`Contract ${detail.contract.reference}`} councilName={detail.council.name} back={{ href: '/business', text: 'All contracts' }}>
      <SuccessBanner message={p.message} />
      <span class="govuk-caption-l">{detail.customer.name}</span>
      <h1 class="govuk-heading-l">{`Contract ${detail.contract.reference}`}</h1>
      <ContractSummaryList detail={detail} />
      <LinesTable detail={detail} frequencies={p.overview.frequencies} />
      <UpcomingTable upcoming={p.overview.upcoming} />

      <h2 class="govuk-heading-m">Collection calendar</h2>
      {p.calendarPath ? (
        <div class="govuk-inset-text" id="calendar-link">
          <p class="govuk-body">Your private calendar link. Copy it now: it is shown only once. Anyone with the link can see your collection days.</p>
          <p class="govuk-body"><a class="govuk-link" href={webcal}>Subscribe in your calendar app</a></p>
          <p class="govuk-body"><code>{https}</code></p>
          <p class="govuk-body"><a class="govuk-link" href={`https://calendar.google.com/calendar/r?cid=${encodeURIComponent(webcal)}`}>Add to Google Calendar</a></p>
        </div>
      ) : (
        <p class="govuk-body">{p.overview.hasCalendar ? 'You have a private calendar link. Make a new one if you have lost it or it has been shared: the old link stops working.' : 'Get a private link to add your collection days to your calendar.'}</p>
      )}
      <div class="govuk-button-group">
        <form method="post" action={`${base}/calendar`}>
          <button type="submit" class="govuk-button govuk-button--secondary">{p.overview.hasCalendar ? 'Make a new calendar link' : 'Get a calendar link'}</button>
        </form>
        {p.overview.hasCalendar && (
          <form method="post" action={`${base}/calendar/revoke`}>
            <button type="submit" class="govuk-button govuk-button--warning">Turn off the calendar link</button>
          </form>
        )}
      </div>

      <h2 class="govuk-heading-m">Statements</h2>
      <form method="get" action={`${base}/statement`} class="govuk-!-margin-bottom-6">
        <div class="govuk-form-group">
          <label class="govuk-label" for="from">From</label>
          <input class="govuk-input govuk-input--width-10" id="from" name="from" type="date" value={monthStart} />
        </div>
        <div class="govuk-form-group">
          <label class="govuk-label" for="to">To</label>
          <input class="govuk-input govuk-input--width-10" id="to" name="to" type="date" value={today} />
        </div>
        <button type="submit" class="govuk-button govuk-button--secondary">Show statement</button>
      </form>

      <NotesTable notes={p.overview.notes} hrefFor={(id) => `/business/transfer-notes/${id}`} />

      <h2 class="govuk-heading-m">Report a missed collection</h2>
      <p class="govuk-body">
        If a bin was not emptied on its collection day, <a class="govuk-link" href={`/property/${detail.site.uprn}`}>report it from your collection address page</a>.
        The same rules apply as for households: report within two working days.
      </p>
    </Layout>
  );
}

export function StatementPage(props: { statement: Statement; backHref: string; csvHref: string }) {
  const d = props.statement.detail;
  return (
    <Layout title={`Statement for ${d.contract.reference}`} councilName={d.council.name} back={{ href: props.backHref }}>
      <span class="govuk-caption-l">{d.customer.name}</span>
      <h1 class="govuk-heading-l">{`Statement for contract ${d.contract.reference}`}</h1>
      <p class="govuk-body">
        Charges are for scheduled lifts (one container emptied), after bank-holiday changes and without cancelled collections.
        Lifts the crew recorded are shown beside them.
      </p>
      <StatementTable statement={props.statement} />
      <p class="govuk-body"><a class="govuk-link" href={props.csvHref} download>Download as CSV</a></p>
    </Layout>
  );
}
