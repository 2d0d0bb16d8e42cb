/**
 * Officer console pages: the dashboard at /officer (counts, reports table filterable by status) and
 * one report's staff view at /officer/reports/{reference} (reporter contact, internal notes, history,
 * and the status-change form). Text goes through hono/jsx, which escapes it.
 */
import { formatLongDate, localDateAt, localTimeAt } from '../../../server/domain/dates.ts';
import type { ReportCounts, ReportListItem } from '../../../server/services/officer-reports.ts';
import type { getStaffReport } from '../../../server/services/reports.ts';
import { ErrorSummary, SummaryRow, Tag, Textarea, type FieldErrors, ScrollBox, SuccessBanner } from '../components.tsx';
import { clockTime, STATUS_TAG_CLASS } from '../format.ts';
import { Layout } from '../layout.tsx';
import { OfficerNav } from './nav.tsx';

export type StaffReport = Awaited<ReturnType<typeof getStaffReport>>;

const SERVICE_NAME = 'Officer console';
export const STATUS_WORDS: Record<string, string> = { open: 'Open', scheduled: 'Scheduled', resolved: 'Resolved', closed: 'Closed' };
const reportHref = (reference: string) => `/officer/reports/${encodeURIComponent(reference)}`;
const when = (iso: string, tz: string) => {
  const d = new Date(iso);
  return `${formatLongDate(localDateAt(d, tz), true)}, ${clockTime(localTimeAt(d, tz))}`;
};

function StatusTag(props: { status: string }) {
  return <Tag class={STATUS_TAG_CLASS[props.status]}>{STATUS_WORDS[props.status] ?? props.status}</Tag>;
}

export interface DashboardProps {
  councilName: string;
  councilSlug?: string;
  timezone: string;
  counts: ReportCounts;
  reports: ReportListItem[];
  status?: string;
  service?: string;
  overdue?: boolean;
  round?: string;
  services?: Array<{ id: string; name: string }>;
  rounds?: Array<{ id: string; name: string }>;
  page?: number;
  hasNext?: boolean;
  isAdmin?: boolean;
  /** Map tiles (TILE_URL) and their attribution, for the map of reports. */
  tileUrl: string;
  tileAttribution: string;
}

/** The list's filters as a query string (page 1 is the default and left out). */
export function filterQuery(p: { status?: string; service?: string; overdue?: boolean; round?: string }, page = 1): string {
  const q = new URLSearchParams();
  if (p.status) q.set('status', p.status);
  if (p.service) q.set('service', p.service);
  if (p.round) q.set('round', p.round);
  if (p.overdue) q.set('overdue', '1');
  if (page > 1) q.set('page', String(page));
  const text = q.toString();
  return text ? `?${text}` : '';
}

export function OfficerDashboard(p: DashboardProps) {
  const filters: Array<{ value?: string; text: string }> = [
    { text: 'All' }, { value: 'open', text: 'Open' }, { value: 'scheduled', text: 'Scheduled' },
    { value: 'resolved', text: 'Resolved' }, { value: 'closed', text: 'Closed' },
  ];
  // Open and scheduled reports go on the map; each marker links to its report.
  const mapped = p.reports
    .filter((r) => (r.status === 'open' || r.status === 'scheduled') && r.lat !== null && r.lon !== null)
    .map((r) => ({ lat: r.lat!, lon: r.lon!, label: `${r.reference}: ${r.address ?? `UPRN ${r.uprn}`} (${r.serviceName})`, href: reportHref(r.reference) }));
  return (
    <Layout title="Missed collection reports" councilName={p.councilName} councilSlug={p.councilSlug} serviceName={SERVICE_NAME}
      scripts={mapped.length ? ['map'] : []} styles={mapped.length ? ['/static/leaflet/leaflet.css'] : []}>
      <OfficerNav current="reports" isAdmin={p.isAdmin} />
      <h1 class="govuk-heading-l">Missed collection reports</h1>
      <dl class="govuk-summary-list" id="report-counts">
        <SummaryRow label="Open">{String(p.counts.open)}</SummaryRow>
        <SummaryRow label="Scheduled">{String(p.counts.scheduled)}</SummaryRow>
        <SummaryRow label="Overdue">{String(p.counts.overdue)}</SummaryRow>
      </dl>
      <form method="get" action="/officer/reports" novalidate>
        <div class="govuk-form-group">
          <label class="govuk-label" for="status">Show reports that are</label>
          <select class="govuk-select" id="status" name="status">
            {filters.map((f) => (
              <option value={f.value ?? ''} selected={(p.status ?? '') === (f.value ?? '')}>{f.text}</option>
            ))}
          </select>
        </div>
        {p.services && (
          <div class="govuk-form-group">
            <label class="govuk-label" for="service">Service</label>
            <select class="govuk-select" id="service" name="service">
              <option value="" selected={!p.service}>All services</option>
              {p.services.map((s) => <option value={s.id} selected={p.service === s.id}>{s.name}</option>)}
            </select>
          </div>
        )}
        {p.rounds && (
          <div class="govuk-form-group">
            <label class="govuk-label" for="round">Round</label>
            <div id="round-hint" class="govuk-hint">The round the property was on for that collection</div>
            <select class="govuk-select" id="round" name="round" aria-describedby="round-hint">
              <option value="" selected={!p.round}>All rounds</option>
              {p.rounds.map((r) => <option value={r.id} selected={p.round === r.id}>{r.name}</option>)}
            </select>
          </div>
        )}
        <div class="govuk-form-group">
          <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
            <div class="govuk-checkboxes__item">
              <input class="govuk-checkboxes__input" id="overdue" name="overdue" type="checkbox" value="1" checked={p.overdue} />
              <label class="govuk-label govuk-checkboxes__label" for="overdue">Only overdue</label>
            </div>
          </div>
        </div>
        <button type="submit" class="govuk-button govuk-button--secondary">Filter</button>
      </form>
      <p class="govuk-body">
        <a class="govuk-link" id="csv-link" href={`/officer/reports.csv${filterQuery(p)}`}>Download these reports as CSV</a>
      </p>
      {mapped.length > 0 && (
        <section aria-labelledby="map-heading" class="kb-section">
          <h2 class="govuk-heading-m" id="map-heading">Map of reports waiting for a crew</h2>
          <div id="markers-map" class="kb-map" data-markers={JSON.stringify(mapped)} data-label="Map of open and scheduled reports"
            data-tile-url={p.tileUrl} data-attribution={p.tileAttribution}>
            <p class="govuk-body-s kb-map__fallback">{mapped.length} reports are listed in the table below. The map needs JavaScript.</p>
          </div>
          <p class="govuk-body-s kb-map__attribution">Map data {p.tileAttribution}</p>
        </section>
      )}
      {p.reports.length ? (
        <ScrollBox label="Reports">
        <table class="govuk-table" id="reports">
          <caption class="govuk-table__caption govuk-table__caption--m">
            {p.status ? `${STATUS_WORDS[p.status]} reports, newest first` : 'All reports, newest first'}
          </caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Reference</th>
              <th scope="col" class="govuk-table__header">Address</th>
              <th scope="col" class="govuk-table__header">Service</th>
              <th scope="col" class="govuk-table__header">Collection</th>
              <th scope="col" class="govuk-table__header">Status</th>
              <th scope="col" class="govuk-table__header">Due by</th>
              <th scope="col" class="govuk-table__header">Channel</th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {p.reports.map((r) => (
              <tr class="govuk-table__row">
                <td class="govuk-table__cell"><a class="govuk-link" href={reportHref(r.reference)}>{r.reference}</a></td>
                <td class="govuk-table__cell">{r.address ?? `UPRN ${r.uprn}`}</td>
                <td class="govuk-table__cell">{r.serviceName}</td>
                <td class="govuk-table__cell">{formatLongDate(r.collectionDate, true)}</td>
                <td class="govuk-table__cell"><StatusTag status={r.status} /></td>
                <td class="govuk-table__cell">
                  {when(r.dueBy, p.timezone)}
                  {r.overdue && <> <Tag class="govuk-tag--red">Overdue</Tag></>}
                </td>
                <td class="govuk-table__cell">{r.channel}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </ScrollBox>
      ) : (
        <p class="govuk-body" id="reports">No reports to show.</p>
      )}
      {((p.page ?? 1) > 1 || p.hasNext) && (
        <nav class="govuk-pagination" aria-label="Pages of reports">
          {(p.page ?? 1) > 1 && (
            <div class="govuk-pagination__prev"><a class="govuk-link govuk-pagination__link" rel="prev" href={`/officer/reports${filterQuery(p, (p.page ?? 1) - 1)}`}>
              <span class="govuk-pagination__link-title">Previous<span class="govuk-visually-hidden"> page</span></span></a></div>
          )}
          {p.hasNext && (
            <div class="govuk-pagination__next"><a class="govuk-link govuk-pagination__link" rel="next" href={`/officer/reports${filterQuery(p, (p.page ?? 1) + 1)}`}>
              <span class="govuk-pagination__link-title">Next<span class="govuk-visually-hidden"> page</span></span></a></div>
          )}
        </nav>
      )}
    </Layout>
  );
}

export interface ReportPageProps {
  councilName: string;
  councilSlug?: string;
  timezone: string;
  report: StaffReport;
  address?: string;
  serviceName?: string;
  message?: string;
  errors?: FieldErrors;
  values?: { status?: string; note?: string; internalNote?: string };
  /** Statuses this report may move to now. */
  nextStatuses: string[];
}

export function OfficerReportPage(p: ReportPageProps) {
  const r = p.report;
  const errors = p.errors ?? {};
  const v = p.values ?? {};
  return (
    <Layout title={`Report ${r.reference}`} councilName={p.councilName} councilSlug={p.councilSlug} serviceName={SERVICE_NAME}
      hasErrors={Object.keys(errors).length > 0} back={{ href: '/officer', text: 'All reports' }}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <SuccessBanner message={p.message} />
          <span class="govuk-caption-l">Missed collection report</span>
          <h1 class="govuk-heading-l">{r.reference}</h1>
          <dl class="govuk-summary-list">
            <SummaryRow label="Status"><StatusTag status={r.status} /></SummaryRow>
            <SummaryRow label="Address">{p.address ?? `UPRN ${r.uprn}`}</SummaryRow>
            <SummaryRow label="UPRN">{r.uprn}</SummaryRow>
            <SummaryRow label="Service">{p.serviceName ?? r.service}</SummaryRow>
            <SummaryRow label="Collection">{formatLongDate(r.collectionDate, true)}</SummaryRow>
            <SummaryRow label="Due by">{when(r.dueBy, p.timezone)}</SummaryRow>
            <SummaryRow label="Channel">{r.channel}</SummaryRow>
            <SummaryRow label="Reported">{when(r.createdAt, p.timezone)}</SummaryRow>
            <SummaryRow label="Reporter">
              {r.reporter.name ?? 'Not given'}
              {r.reporter.email && <><br />{r.reporter.email}</>}
              {r.reporter.phone && <><br />{r.reporter.phone}</>}
            </SummaryRow>
            <SummaryRow label="Reporter's notes">{r.notes ?? 'None'}</SummaryRow>
          </dl>

          <h2 class="govuk-heading-m">History</h2>
          <ScrollBox label="History">
          <table class="govuk-table" id="history">
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">When</th>
                <th scope="col" class="govuk-table__header">Status</th>
                <th scope="col" class="govuk-table__header">Note to resident</th>
                <th scope="col" class="govuk-table__header">Internal note</th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {r.history.map((h) => (
                <tr class="govuk-table__row">
                  <td class="govuk-table__cell">{when(h.at, p.timezone)}</td>
                  <td class="govuk-table__cell">{STATUS_WORDS[h.status] ?? h.status}</td>
                  <td class="govuk-table__cell">{h.note ?? ''}</td>
                  <td class="govuk-table__cell">{h.internalNote ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </ScrollBox>

          <h2 class="govuk-heading-m">Change status</h2>
          {p.nextStatuses.length ? (
            <form method="post" action={`/officer/reports/${encodeURIComponent(r.reference)}`} novalidate>
              <div class={`govuk-form-group${errors.status ? ' govuk-form-group--error' : ''}`}>
                <label class="govuk-label" for="status">New status</label>
                {errors.status && (
                  <p id="status-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {errors.status}</p>
                )}
                <select class={`govuk-select${errors.status ? ' govuk-select--error' : ''}`} id="status" name="status"
                  aria-describedby={errors.status ? 'status-error' : undefined}>
                  {p.nextStatuses.map((s) => <option value={s} selected={v.status === s}>{STATUS_WORDS[s] ?? s}</option>)}
                </select>
              </div>
              <Textarea id="note" label="Note to the resident (optional)" hint="Shown on the report's public page and emailed to the resident" value={v.note} error={errors.note} rows={3} />
              <Textarea id="internalNote" label="Internal note (optional)" hint="Only staff see this" value={v.internalNote} error={errors.internalNote} rows={3} />
              <button type="submit" class="govuk-button">Save</button>
            </form>
          ) : (
            <p class="govuk-body">This report is {STATUS_WORDS[r.status]?.toLowerCase() ?? r.status}: its status can no longer change.</p>
          )}
        </div>
      </div>
    </Layout>
  );
}
