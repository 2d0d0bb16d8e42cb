/** `/reports` (find a report by reference) and `/reports/{reference}` (status and history, no personal data). */
import { ErrorSummary, SummaryRow, Tag, TextInput, type FieldErrors } from './components.tsx';
import { localDateOf, longDate, statusLabel, STATUS_TAG_CLASS } from './format.ts';
import { Layout } from './layout.tsx';
import type { PublicReportView } from './types.ts';
import type { LocalDate } from '../../server/domain/dates.ts';
import { localTimeAt } from '../../server/domain/dates.ts';
import { clockTime } from './format.ts';
import { useLang } from '../i18n/context.ts';
import type { Lang } from '../i18n/index.ts';

export function TrackReportPage(props: { reference?: string; errors?: FieldErrors }) {
  const errors = props.errors ?? {};
  const { t } = useLang();
  return (
    <Layout title={t('track.title')} current="track" hasErrors={Object.keys(errors).length > 0}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <form method="get" action="/reports" novalidate>
            <TextInput
              id="reference"
              label={t('track.title')}
              labelAsHeading
              hint={t('track.hint')}
              value={props.reference}
              error={errors.reference}
              spellcheck={false}
              inputClass="govuk-input--width-20"
            />
            <button type="submit" class="govuk-button" data-module="govuk-button">
              {t('track.submit')}
            </button>
          </form>
        </div>
      </div>
    </Layout>
  );
}

const TIME_ZONE = 'Europe/London';
const when = (iso: string, today: LocalDate, lang: Lang) =>
  `${longDate(localDateOf(iso, TIME_ZONE), today, lang)}, ${clockTime(localTimeAt(new Date(iso), TIME_ZONE), lang)}`;

export function ReportStatusPage(props: { report: PublicReportView; today: LocalDate; councilName?: string }) {
  const r = props.report;
  const today = props.today;
  const { t, lang } = useLang();
  const statusTag = <Tag class={STATUS_TAG_CLASS[r.status]}>{statusLabel(r.status, lang)}</Tag>;
  const finished = r.status === 'resolved' || r.status === 'closed';
  return (
    <Layout title={t('status.title', { reference: r.reference })} councilName={props.councilName} current="track">
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <span class="govuk-caption-l">{t('status.caption')}</span>
          <h1 class="govuk-heading-l">{r.reference}</h1>
          <dl class="govuk-summary-list">
            <SummaryRow label={t('status.status')}>{statusTag}</SummaryRow>
            <SummaryRow label={t('status.collection')}>{r.serviceName ?? r.service}</SummaryRow>
            <SummaryRow label={t('status.missed_on')}>{longDate(r.collectionDate, today, lang)}</SummaryRow>
            <SummaryRow label={finished ? t('status.was_due') : t('status.will_sort')}>{longDate(localDateOf(r.dueBy, TIME_ZONE), today, lang)}</SummaryRow>
          </dl>
          <h2 class="govuk-heading-m">{t('status.history')}</h2>
          <table class="govuk-table">
            <caption class="govuk-table__caption govuk-visually-hidden">{t('status.history_caption')}</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">
                  {t('status.when')}
                </th>
                <th scope="col" class="govuk-table__header">
                  {t('status.what')}
                </th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {r.history.map((h) => (
                <tr class="govuk-table__row">
                  <td class="govuk-table__cell">{when(h.at, today, lang)}</td>
                  <td class="govuk-table__cell">
                    {statusLabel(h.status, lang)}
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
