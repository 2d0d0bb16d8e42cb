/**
 * Officer data page at /officer/data (docs/officer.md "Properties and data"): upload a bundle
 * ("Check" validates only, "Import" writes all or nothing) and the validation report exactly as
 * the CLI prints it; links to every export.
 */
import { ErrorSummary, SuccessBanner, SummaryRow, TextInput, type FieldErrors } from '../../components.tsx';
import { Layout } from '../../layout.tsx';
import { OfficerNav } from '../nav.tsx';

export interface DataPageProps {
  councilName: string;
  councilSlug?: string;
  isAdmin?: boolean;
  today: string;
  /** A bad upload: the report's first line and one `path: message` line per error. */
  report?: { message: string; errors: string[] };
  /** A good check or import: rows per entity. */
  result?: { action: 'check' | 'import'; counts: Record<string, number> };
  errors?: FieldErrors;
  range?: { from?: string; to?: string };
}

const EXPORTS: Array<{ name: string; text: string }> = [
  { name: 'properties', text: 'Properties' },
  { name: 'rounds', text: 'Rounds and their schedule periods' },
  { name: 'assignments', text: 'Assignments (which property is on which round, from when)' },
];

export function DataPage(p: DataPageProps) {
  const errors = p.errors ?? {};
  return (
    <Layout title="Import and export" councilName={p.councilName} councilSlug={p.councilSlug} serviceName="Officer console" hasErrors={Object.keys(errors).length > 0 || !!p.report}>
      <OfficerNav current="data" isAdmin={p.isAdmin} />
      <div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        {p.report && (
          <div class="govuk-error-summary" data-module="govuk-error-summary" tabindex={-1} id="report">
            <div role="alert">
              <h2 class="govuk-error-summary__title">{p.report.message}</h2>
              <div class="govuk-error-summary__body">
                <ul class="govuk-list kb-report-lines" id="report-lines">
                  {p.report.errors.map((line) => <li><code>{line}</code></li>)}
                </ul>
              </div>
            </div>
          </div>
        )}
        {p.result && (
          <>
            <SuccessBanner message={p.result.action === 'check' ? 'The bundle is valid: nothing was imported yet.' : 'The bundle was imported.'} />
            <dl class="govuk-summary-list" id="result-counts">
              {Object.entries(p.result.counts).filter(([, n]) => n > 0).map(([k, n]) => <SummaryRow label={k}>{String(n)}</SummaryRow>)}
            </dl>
          </>
        )}
        <h1 class="govuk-heading-l">Import and export</h1>
        <h2 class="govuk-heading-m">Upload a bundle</h2>
        <p class="govuk-body">A council bundle (JSON) as the command-line import takes it. If any row is wrong, every problem is listed and nothing is imported.</p>
        <form method="post" action="/officer/data" enctype="multipart/form-data" novalidate>
          <div class={`govuk-form-group${errors.bundle ? ' govuk-form-group--error' : ''}`}>
            <label class="govuk-label" for="bundle">Bundle file</label>
            {errors.bundle && <p id="bundle-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {errors.bundle}</p>}
            <input class={`govuk-file-upload${errors.bundle ? ' govuk-file-upload--error' : ''}`} id="bundle" name="bundle" type="file" accept=".json,application/json"
              aria-describedby={errors.bundle ? 'bundle-error' : undefined} />
          </div>
          <div class="govuk-button-group">
            <button type="submit" class="govuk-button govuk-button--secondary" name="action" value="check">Check the bundle</button>
            <button type="submit" class="govuk-button" name="action" value="import">Import</button>
          </div>
        </form>

        <h2 class="govuk-heading-m">Export</h2>
        <ul class="govuk-list" id="exports">
          {EXPORTS.map((e) => (
            <li>
              {e.text}:{' '}
              <a class="govuk-link" href={`/api/v1/exports/${e.name}.csv`}>CSV<span class="govuk-visually-hidden"> of {e.name}</span></a>
              {' or '}
              <a class="govuk-link" href={`/api/v1/exports/${e.name}.geojson`}>GeoJSON<span class="govuk-visually-hidden"> of {e.name}</span></a>
            </li>
          ))}
        </ul>
        <h3 class="govuk-heading-s">Collections for a date range</h3>
        <form method="get" action="/api/v1/exports/collections.csv" novalidate>
          <TextInput id="export-from" name="from" label="From" hint="YYYY-MM-DD" value={p.range?.from ?? p.today} inputClass="govuk-input--width-10" />
          <TextInput id="export-to" name="to" label="To" hint="At most 92 days after the start" value={p.range?.to ?? ''} inputClass="govuk-input--width-10" />
          <button type="submit" class="govuk-button govuk-button--secondary">Download collections as CSV</button>
        </form>
      </div></div>
    </Layout>
  );
}
