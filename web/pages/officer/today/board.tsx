/**
 * The officer's landing page (/officer): today's rounds with live progress, today's published
 * changes, open and overdue report counts, and a map of the council's properties fed by
 * GET /api/v1/map/properties (clusters coloured by progress). Without JavaScript the table is the way in.
 */
import { formatLongDate, localDateAt, localTimeAt } from '../../../../server/domain/dates.ts';
import type { RoundProgress } from '../../../../server/services/officer-board/rounds-progress.ts';
import type { ReportCounts } from '../../../../server/services/officer-reports.ts';
import { ScrollBox, SummaryRow, Tag } from '../../components.tsx';
import { clockTime } from '../../format.ts';
import { Layout } from '../../layout.tsx';
import { OfficerNav } from '../nav.tsx';

const STATUS: Record<RoundProgress['status'], { text: string; tag: string }> = {
  not_started: { text: 'Not started', tag: 'govuk-tag--grey' },
  in_progress: { text: 'In progress', tag: 'govuk-tag--blue' },
  completed: { text: 'Completed', tag: 'govuk-tag--green' },
};

export interface TodayProps {
  councilName: string;
  councilSlug?: string;
  timezone: string;
  today: string;
  rounds: RoundProgress[];
  counts: ReportCounts;
  changes: Array<{ id: string; date: string; action: string; to: string | null; rounds: string[]; services: string[]; reason: string }>;
  /** Centre of the council's properties, for the map's first view. */
  centre?: { lat: number; lon: number };
  isAdmin?: boolean;
  tileUrl: string;
  tileAttribution: string;
}

export function TodayBoard(p: TodayProps) {
  const time = (iso: string | null) => (iso ? clockTime(localTimeAt(new Date(iso), p.timezone)) : '—');
  const showMap = p.centre !== undefined;
  return (
    <Layout title="Today" councilName={p.councilName} councilSlug={p.councilSlug} serviceName="Officer console"
      scripts={showMap ? ['map'] : []} styles={showMap ? ['/static/leaflet/leaflet.css'] : []}>
      <OfficerNav current="today" isAdmin={p.isAdmin} />
      <h1 class="govuk-heading-l">Today, {formatLongDate(p.today, true)}</h1>
      <dl class="govuk-summary-list" id="report-counts">
        <SummaryRow label="Open reports"><a class="govuk-link" href="/officer/reports?status=open">{String(p.counts.open)}</a></SummaryRow>
        <SummaryRow label="Scheduled reports"><a class="govuk-link" href="/officer/reports?status=scheduled">{String(p.counts.scheduled)}</a></SummaryRow>
        <SummaryRow label="Overdue reports"><a class="govuk-link" href="/officer/reports?overdue=1">{String(p.counts.overdue)}</a></SummaryRow>
      </dl>

      <h2 class="govuk-heading-m">Rounds today</h2>
      {p.rounds.length ? (
        <ScrollBox label="Rounds today">
          <table class="govuk-table" id="rounds-today">
            <caption class="govuk-visually-hidden">Today's rounds and their progress</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Round</th>
                <th scope="col" class="govuk-table__header">Service</th>
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">Stops done</th>
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">Not collected</th>
                <th scope="col" class="govuk-table__header">Last outcome</th>
                <th scope="col" class="govuk-table__header">Status</th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {p.rounds.map((r) => (
                <tr class="govuk-table__row">
                  <th scope="row" class="govuk-table__header">{r.name} ({r.id})</th>
                  <td class="govuk-table__cell">{r.service}</td>
                  <td class="govuk-table__cell govuk-table__cell--numeric">{`${r.done} of ${r.stops}`}</td>
                  <td class="govuk-table__cell govuk-table__cell--numeric">{String(r.notCollected)}</td>
                  <td class="govuk-table__cell">{time(r.lastEventAt)}</td>
                  <td class="govuk-table__cell">
                    <Tag class={STATUS[r.status].tag}>{r.notCompleted ? 'Not completed' : STATUS[r.status].text}</Tag>
                    {r.status !== 'completed' && !r.notCompleted && (
                      <p class="govuk-body-s">
                        <a class="govuk-link" href={`/officer/changes/not-completed?round=${encodeURIComponent(r.id)}&date=${p.today}`}>
                          Not finished today? Move the rest to a catch-up day<span class="govuk-visually-hidden"> ({r.name})</span>
                        </a>
                      </p>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      ) : (
        <p class="govuk-body" id="rounds-today">No rounds run today.</p>
      )}

      <h2 class="govuk-heading-m">Changes published for today</h2>
      {p.changes.length ? (
        <ul class="govuk-list govuk-list--bullet" id="changes-today">
          {p.changes.map((e) => (
            <li>
              {e.action === 'cancel' ? `Collections on ${formatLongDate(e.date, true)} cancelled` : `Collections on ${formatLongDate(e.date, true)} moved to ${formatLongDate(e.to!, true)}`}
              {e.rounds.length ? ` (rounds ${e.rounds.join(', ')})` : e.services.length ? ` (${e.services.join(', ')})` : ' (whole council)'}: {e.reason}
            </li>
          ))}
        </ul>
      ) : (
        <p class="govuk-body" id="changes-today">No changes published for today.</p>
      )}

      {showMap && (
        <section aria-labelledby="board-map-heading" class="kb-section">
          <h2 class="govuk-heading-m" id="board-map-heading">Map of today's collections</h2>
          <ul class="govuk-list kb-map-legend" id="board-map-legend">
            <li><span class="kb-legend kb-legend--done" aria-hidden="true">●</span> Dark green: every property there has an outcome today</li>
            <li><span class="kb-legend kb-legend--part" aria-hidden="true">◐</span> Blue: some done (the number is how many properties)</li>
            <li><span class="kb-legend kb-legend--none" aria-hidden="true">○</span> Grey: none done yet</li>
          </ul>
          <div id="board-map" class="kb-map" data-lat={String(p.centre!.lat)} data-lon={String(p.centre!.lon)} data-date={p.today}
            data-label="Map of the council's properties and today's progress" data-tile-url={p.tileUrl} data-attribution={p.tileAttribution}>
            <p class="govuk-body-s kb-map__fallback">Progress is in the table above. The map needs JavaScript.</p>
          </div>
          <p class="govuk-body-s kb-map__attribution">Map data {p.tileAttribution}</p>
        </section>
      )}
    </Layout>
  );
}
