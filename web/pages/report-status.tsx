/** `/reports` (find a report by reference) and `/reports/{reference}` (status and history, no personal data). */
import { ErrorSummary, SummaryRow, Tag, TextInput, type FieldErrors } from './components.tsx';
import { localDateOf, longDate, STATUS_LABEL, STATUS_TAG_CLASS } from './format.ts';
import { Layout } from './layout.tsx';
import type { PublicReportView } from './types.ts';
import type { LocalDate } from '../../server/domain/dates.ts';
import { localTimeAt } from '../../server/domain/dates.ts';
import { clockTime } from './format.ts';

export function TrackReportPage(props: { reference?: string; errors?: FieldErrors }) {
  const errors = props.errors ?? {};
  return (
    <Layout title="Check on a missed collection report" current="track" hasErrors={Object.keys(errors).length > 0}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <form method="get" action="/reports" novalidate>
            <TextInput
              id="reference"
              label="Check on a missed collection report"
              labelAsHeading
              hint="Your reference looks like KB-26-000123"
              value={props.reference}
              error={errors.reference}
              spellcheck={false}
              inputClass="govuk-input--width-20"
            />
            <button type="submit" class="govuk-button" data-module="govuk-button">
              Check report
            </button>
          </form>
        </div>
      </div>
    </Layout>
  );
}

const TIME_ZONE = 'Europe/London';
const when = (iso: string, today: LocalDate) =>
  `${longDate(localDateOf(iso, TIME_ZONE), today)}, ${clockTime(localTimeAt(new Date(iso), TIME_ZONE))}`;

export function ReportStatusPage(props: { report: PublicReportView; today: LocalDate; councilName?: string }) {
  const r = props.report;
  const today = props.today;
  const statusTag = <Tag class={STATUS_TAG_CLASS[r.status]}>{STATUS_LABEL[r.status] ?? r.status}</Tag>;
  const finished = r.status === 'resolved' || r.status === 'closed';
  return (
    <Layout title={`Report ${r.reference}`} councilName={props.councilName} current="track">
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <span class="govuk-caption-l">Missed collection report</span>
          <h1 class="govuk-heading-l">{r.reference}</h1>
          <dl class="govuk-summary-list">
            <SummaryRow label="Status">{statusTag}</SummaryRow>
            <SummaryRow label="Collection">{r.serviceName ?? r.service}</SummaryRow>
            <SummaryRow label="Missed on">{longDate(r.collectionDate, today)}</SummaryRow>
            <SummaryRow label={finished ? 'Was due by' : 'We will sort it by'}>{longDate(localDateOf(r.dueBy, TIME_ZONE), today)}</SummaryRow>
          </dl>
          <h2 class="govuk-heading-m">History</h2>
          <table class="govuk-table">
            <caption class="govuk-table__caption govuk-visually-hidden">What has happened to this report</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">
                  When
                </th>
                <th scope="col" class="govuk-table__header">
                  What happened
                </th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {r.history.map((h) => (
                <tr class="govuk-table__row">
                  <td class="govuk-table__cell">{when(h.at, today)}</td>
                  <td class="govuk-table__cell">
                    {STATUS_LABEL[h.status] ?? h.status}
                    {h.note && (
                      <>
                        <br />
                        <span class="govuk-body-s">{h.note}</span>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </Layout>
  );
}
