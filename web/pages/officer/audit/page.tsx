/**
 * The audit trail at /officer/audit (officers and admins): filters (dates, person, kind of thing),
 * newest first, 50 a page with a "next" link from the cursor, a CSV link for the same filters, and
 * each entry's before and after as readable "field: old → new" lines rather than raw JSON.
 */
import { formatLongDate, localDateAt, localTimeAt } from '../../../../server/domain/dates.ts';
import type { AuditRow } from '../../../../server/services/audit/list.ts';
import { ErrorSummary, ScrollBox, TextInput, type FieldErrors } from '../../components.tsx';
import { clockTime } from '../../format.ts';
import { Layout } from '../../layout.tsx';
import { OfficerNav } from '../nav.tsx';

export const ENTITY_WORDS: Record<string, string> = {
  exception: 'Service changes', round: 'Rounds', assignment: 'Round assignments', property: 'Properties', user: 'People',
  api_key: 'API keys', report: 'Missed collection reports', contract: 'Commercial contracts', request: 'Requests',
  webhook: 'Webhooks',
};

export interface AuditFilters {
  from?: string;
  to?: string;
  user?: string;
  entity?: string;
}

export interface AuditPageProps {
  councilName: string;
  councilSlug?: string;
  timezone: string;
  isAdmin: boolean;
  filters: AuditFilters;
  rows: AuditRow[];
  /** Query string (with the cursor) of the next page, when there is one. */
  nextQuery?: string;
  firstPage: boolean;
  /** Query string of the filters as entered (the first page). */
  filterQuery: string;
  /** Query string of the same filters for the CSV export (dates as the council's local day bounds). */
  csvQuery: string;
  errors?: FieldErrors;
}

const MAX_VALUE = 200;

/** One value as text: nothing, a list, a nested object in compact JSON; long values cut. */
function valueText(v: unknown): string {
  if (v === null || v === undefined || v === '') return 'none';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  const text = Array.isArray(v) && v.every((x) => typeof x !== 'object') ? (v.length ? v.join(', ') : 'none')
    : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}…` : text;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Lines for an entry's change: created (after only), removed (before only) or changed fields. */
export function changeLines(before: unknown, after: unknown): string[] {
  if (before == null && after == null) return [];
  if (!isRecord(before) || !isRecord(after)) {
    if (before == null) return isRecord(after) ? Object.entries(after).map(([k, v]) => `${k}: ${valueText(v)}`) : [`now: ${valueText(after)}`];
    if (after == null) return isRecord(before) ? Object.entries(before).map(([k, v]) => `${k} was: ${valueText(v)}`) : [`was: ${valueText(before)}`];
    return [`${valueText(before)} → ${valueText(after)}`];
  }
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const changed = keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  return changed.map((k) => `${k}: ${valueText(before[k])} → ${valueText(after[k])}`);
}

function Change(p: { row: AuditRow }) {
  const lines = changeLines(p.row.before, p.row.after);
  const kind = p.row.before == null && p.row.after != null ? 'Created' : p.row.after == null && p.row.before != null ? 'Removed' : '';
  if (!lines.length) return <span class="govuk-body-s">No details</span>;
  return (
    <>
      {kind && <span class="govuk-body-s govuk-!-font-weight-bold">{kind}</span>}
      <ul class="govuk-list govuk-body-s kb-break">{lines.map((l) => <li>{l}</li>)}</ul>
    </>
  );
}

export function AuditPage(p: AuditPageProps) {
  const errors = p.errors ?? {};
  const f = p.filters;
  return (
    <Layout title="Audit trail" councilName={p.councilName} councilSlug={p.councilSlug} serviceName="Officer console" hasErrors={Object.keys(errors).length > 0}>
      <OfficerNav current="audit" isAdmin={p.isAdmin} />
      <ErrorSummary errors={errors} />
      <h1 class="govuk-heading-l">Audit trail</h1>
      <p class="govuk-body">Every change made by an officer or admin, and every sign-in and sign-out, newest first.</p>
      <form method="get" action="/officer/audit" novalidate>
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-one-half">
            <TextInput id="from" label="From (date)" hint="For example 2026-12-01" inputClass="govuk-input--width-10" value={f.from} error={errors.from} />
          </div>
          <div class="govuk-grid-column-one-half">
            <TextInput id="to" label="To (date, included)" hint="For example 2026-12-21" inputClass="govuk-input--width-10" value={f.to} error={errors.to} />
          </div>
        </div>
        <TextInput id="user" label="Made by (email address)" type="email" spellcheck={false} value={f.user} error={errors.user} />
        <div class="govuk-form-group">
          <label class="govuk-label" for="entity">What changed</label>
          <select class="govuk-select" id="entity" name="entity">
            <option value="" selected={!f.entity}>Everything</option>
            {Object.entries(ENTITY_WORDS).map(([k, text]) => <option value={k} selected={f.entity === k}>{text}</option>)}
          </select>
        </div>
        <button type="submit" class="govuk-button govuk-button--secondary">Filter</button>
      </form>
      <p class="govuk-body">
        <a class="govuk-link" id="csv-link" href={`/api/v1/audit.csv${p.csvQuery}`}>Download these entries as CSV</a> (up to 1,000 a file)
      </p>
      {p.rows.length ? (
        <ScrollBox label="Audit entries">
          <table class="govuk-table" id="audit">
            <caption class="govuk-table__caption govuk-visually-hidden">Audit entries, newest first</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">When</th>
                <th scope="col" class="govuk-table__header">Who</th>
                <th scope="col" class="govuk-table__header">What</th>
                <th scope="col" class="govuk-table__header">Change</th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {p.rows.map((r) => {
                const at = new Date(r.at);
                return (
                  <tr class="govuk-table__row">
                    <td class="govuk-table__cell">{`${formatLongDate(localDateAt(at, p.timezone), true)}, ${clockTime(localTimeAt(at, p.timezone))}`}</td>
                    <td class="govuk-table__cell kb-break">{r.user ?? 'System or command line'}</td>
                    <td class="govuk-table__cell">
                      <code>{r.action}</code>
                      <br />
                      <span class="govuk-body-s">{`${ENTITY_WORDS[r.entity ?? ''] ?? r.entity ?? ''}${r.entityId ? ` ${r.entityId}` : ''}`}</span>
                    </td>
                    <td class="govuk-table__cell"><Change row={r} /></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollBox>
      ) : (
        <p class="govuk-body" id="audit">No entries match.</p>
      )}
      {(!p.firstPage || p.nextQuery) && (
        <nav class="govuk-pagination" aria-label="Pages of audit entries">
          {!p.firstPage && (
            <div class="govuk-pagination__prev"><a class="govuk-link govuk-pagination__link" href={`/officer/audit${p.filterQuery}`}>
              <span class="govuk-pagination__link-title">Newest<span class="govuk-visually-hidden"> entries</span></span></a></div>
          )}
          {p.nextQuery && (
            <div class="govuk-pagination__next"><a class="govuk-link govuk-pagination__link" rel="next" href={`/officer/audit${p.nextQuery}`}>
              <span class="govuk-pagination__link-title">Older<span class="govuk-visually-hidden"> entries</span></span></a></div>
          )}
        </nav>
      )}
    </Layout>
  );
}
