/**
 * /officer/insight: for a period (default the last 8 weeks), missed reports per 1,000 scheduled
 * collections by week and by round, the share of reports handled within the SLA, and crew outcomes
 * by type. Each chart is server-drawn SVG with the same numbers in a table beside it, so the page
 * reads fully without the picture. The period form is a GET: a bad range comes back with the
 * values kept and an error summary.
 */
import { formatLongDate } from '../../../../server/domain/dates.ts';
import type { Insight } from '../../../../server/services/insight/insight.ts';
import { ErrorSummary, ScrollBox, SummaryRow, TextInput, type FieldErrors } from '../../components.tsx';
import { OUTCOME_LABEL } from '../../format.ts';
import { Layout } from '../../layout.tsx';
import { OfficerNav } from '../nav.tsx';
import { BarChart } from './bar-chart.tsx';

export interface InsightPageProps {
  councilName: string;
  councilSlug?: string;
  isAdmin?: boolean;
  /** Null when the period asked for is invalid (then `errors` says why). */
  insight: Insight | null;
  values: { from?: string; to?: string };
  errors?: FieldErrors;
}

const num = (n: number) => n.toLocaleString('en-GB');
const rateText = (r: number | null) => (r === null ? 'None scheduled' : r.toFixed(2));
const pct = (share: number | null) => (share === null ? 'No report due yet' : `${(share * 100).toFixed(1)}%`);
const shortDate = (d: string) => formatLongDate(d, false);
const num2 = (n: number | null) => (n === null ? 'n/a' : n.toFixed(2));

/** A chart and its table side by side on a wide screen, one above the other on a narrow one. */
function ChartWithTable(p: { id: string; heading: string; chart: unknown; table: unknown }) {
  return (
    <section class="kb-section" aria-labelledby={`${p.id}-heading`}>
      <h2 class="govuk-heading-m" id={`${p.id}-heading`}>{p.heading}</h2>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-one-half">{p.chart}</div>
        <div class="govuk-grid-column-one-half">{p.table}</div>
      </div>
    </section>
  );
}

function Th(p: { numeric?: boolean; children?: unknown }) {
  return <th scope="col" class={`govuk-table__header${p.numeric ? ' govuk-table__header--numeric' : ''}`}>{p.children}</th>;
}
function Td(p: { numeric?: boolean; children?: unknown }) {
  return <td class={`govuk-table__cell${p.numeric ? ' govuk-table__cell--numeric' : ''}`}>{p.children}</td>;
}

export function InsightPage(p: InsightPageProps) {
  const errors = p.errors ?? {};
  const i = p.insight;
  const query = i ? `?from=${i.from}&to=${i.to}` : '';
  return (
    <Layout title="Insight" councilName={p.councilName} councilSlug={p.councilSlug} serviceName="Officer console" hasErrors={Object.keys(errors).length > 0}>
      <OfficerNav current="insight" isAdmin={p.isAdmin} />
      <ErrorSummary errors={errors} />
      <h1 class="govuk-heading-l">Insight</h1>
      <form method="get" action="/officer/insight" novalidate class="kb-section">
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-one-quarter">
            <TextInput id="from" label="From" hint="For example, 2026-10-05" value={p.values.from} error={errors.from} inputClass="govuk-input--width-10" />
          </div>
          <div class="govuk-grid-column-one-quarter">
            <TextInput id="to" label="To" hint="For example, 2026-11-29" value={p.values.to} error={errors.to} inputClass="govuk-input--width-10" />
          </div>
        </div>
        <button type="submit" class="govuk-button govuk-button--secondary">Show this period</button>
      </form>
      {i && <Figures insight={i} query={query} />}
    </Layout>
  );
}

function Figures(p: { insight: Insight; query: string }) {
  const i = p.insight;
  const outcomes = i.outcomes;
  const slaBars = [
    { label: 'Handled within the SLA', value: i.sla.inTime },
    { label: 'Handled late', value: i.sla.late },
    { label: 'Overdue, still open', value: i.sla.overdue },
    { label: 'Open, not yet due', value: i.sla.pending },
  ];
  return (
    <>
      <p class="govuk-body-l" id="period">{formatLongDate(i.from, true)} to {formatLongDate(i.to, true)}</p>
      <dl class="govuk-summary-list" id="insight-summary">
        <SummaryRow label="Scheduled collections">{num(i.total.scheduled)}</SummaryRow>
        <SummaryRow label="Missed reports">{num(i.total.reports)}</SummaryRow>
        <SummaryRow label="Missed reports per 1,000 collections">{rateText(i.total.perThousand)}</SummaryRow>
        <SummaryRow label="Reports handled within the SLA">{pct(i.sla.share)}</SummaryRow>
      </dl>

      <ChartWithTable id="weeks" heading="Missed reports by week"
        chart={<BarChart id="weeks-chart" title="Missed reports per 1,000 scheduled collections, by week"
          desc={`Bar chart, one bar per week starting Monday. The figures are in the table "Missed reports by week".`}
          bars={i.weeks.map((w) => ({ label: `Week of ${shortDate(w.week)}`, value: w.perThousand ?? 0, text: num2(w.perThousand) }))} />}
        table={
          <ScrollBox label="Missed reports by week">
            <table class="govuk-table" id="weeks-table">
              <caption class="govuk-table__caption govuk-table__caption--s">Missed reports by week</caption>
              <thead class="govuk-table__head"><tr class="govuk-table__row">
                <Th>Week starting</Th><Th numeric>Scheduled</Th><Th numeric>Reports</Th><Th numeric>Per 1,000</Th>
              </tr></thead>
              <tbody class="govuk-table__body">
                {i.weeks.map((w) => (
                  <tr class="govuk-table__row">
                    <Td>{shortDate(w.week)}</Td><Td numeric>{num(w.scheduled)}</Td><Td numeric>{num(w.reports)}</Td><Td numeric>{num2(w.perThousand)}</Td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        } />

      <ChartWithTable id="rounds" heading="Missed reports by round"
        chart={<BarChart id="rounds-chart" title="Missed reports per 1,000 scheduled collections, by round"
          desc={`Bar chart, one bar per round. The figures are in the table "Missed reports by round".`}
          bars={i.rounds.map((r) => ({ label: r.name, value: r.perThousand ?? 0, text: num2(r.perThousand) }))} />}
        table={
          <ScrollBox label="Missed reports by round">
            <table class="govuk-table" id="rounds-table">
              <caption class="govuk-table__caption govuk-table__caption--s">Missed reports by round</caption>
              <thead class="govuk-table__head"><tr class="govuk-table__row">
                <Th>Round</Th><Th numeric>Scheduled</Th><Th numeric>Reports</Th><Th numeric>Per 1,000</Th>
              </tr></thead>
              <tbody class="govuk-table__body">
                {i.rounds.map((r) => (
                  <tr class="govuk-table__row" data-round={r.id}>
                    <Td><a class="govuk-link" href={`/officer/reports?round=${encodeURIComponent(r.id)}`}>{r.name}</a></Td>
                    <Td numeric>{num(r.scheduled)}</Td><Td numeric>{num(r.reports)}</Td><Td numeric>{num2(r.perThousand)}</Td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        } />
      {i.unassignedReports > 0 && (
        <p class="govuk-body" id="unassigned">{num(i.unassignedReports)} reports were for a property on no round of that service on the day.</p>
      )}

      <ChartWithTable id="sla" heading="Reports handled within the SLA"
        chart={<BarChart id="sla-chart" title="Missed reports by how they were handled against the SLA" colour="#00703c"
          desc={`Bar chart of report counts. ${pct(i.sla.share)} of reports due so far were handled within the SLA. The figures are in the table "Reports against the SLA".`}
          bars={slaBars} />}
        table={
          <table class="govuk-table" id="sla-table">
            <caption class="govuk-table__caption govuk-table__caption--s">Reports against the SLA</caption>
            <thead class="govuk-table__head"><tr class="govuk-table__row"><Th>Reports</Th><Th numeric>Number</Th></tr></thead>
            <tbody class="govuk-table__body">
              {slaBars.map((b) => <tr class="govuk-table__row"><Td>{b.label}</Td><Td numeric>{num(b.value)}</Td></tr>)}
              <tr class="govuk-table__row"><Td>Share handled within the SLA</Td><Td numeric>{pct(i.sla.share)}</Td></tr>
            </tbody>
          </table>
        } />

      <ChartWithTable id="outcomes" heading="Crew outcomes"
        chart={<BarChart id="outcomes-chart" title="Stops by the crew's latest outcome" colour="#505a5f"
          desc={`Bar chart of stops by outcome. The figures are in the table "Crew outcomes by type".`}
          bars={outcomes.map((o) => ({ label: OUTCOME_LABEL[o.outcome] ?? o.outcome, value: o.stops, text: num(o.stops) }))} />}
        table={
          <table class="govuk-table" id="outcomes-table">
            <caption class="govuk-table__caption govuk-table__caption--s">Crew outcomes by type</caption>
            <thead class="govuk-table__head"><tr class="govuk-table__row"><Th>Outcome</Th><Th numeric>Stops</Th></tr></thead>
            <tbody class="govuk-table__body">
              {outcomes.map((o) => <tr class="govuk-table__row" data-outcome={o.outcome}><Td>{OUTCOME_LABEL[o.outcome] ?? o.outcome}</Td><Td numeric>{num(o.stops)}</Td></tr>)}
            </tbody>
          </table>
        } />

      <p class="govuk-body"><a class="govuk-link" href={`/api/v1/insight${p.query}`}>These figures as JSON</a></p>
    </>
  );
}
