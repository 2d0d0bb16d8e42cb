/** The customer portal `/business`: the business's contracts, one contract, its statement. */
import { useLang } from '../../i18n/context.ts';
import { longDate } from '../../i18n/dates.ts';
import type { ContractSummary } from '../../../server/services/commercial/contracts.ts';
import type { Statement } from '../../../server/services/commercial/charges.ts';
import type { ContractOverview } from '../../../server/services/commercial/overview.ts';
import { SuccessBanner, ScrollBox } from '../components.tsx';
import { Layout } from '../layout.tsx';
import { ContractSummaryList, LinesTable, NotesTable, StatementTable, StatusTag, UpcomingTable } from './parts.tsx';

export function BusinessHome(props: { councilName: string; contracts: ContractSummary[] }) {
  const { t, lang } = useLang();
  return (
    <Layout title={t('business.title')} councilName={props.councilName}>
      <h1 class="govuk-heading-l">{t('business.title')}</h1>
      {props.contracts.length ? (
        <ScrollBox label={t('business.your_contracts')}>
          <table class="govuk-table">
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">{t('business.contract')}</th>
                <th scope="col" class="govuk-table__header">{t('contract.period')}</th>
                <th scope="col" class="govuk-table__header">{t('contract.status')}</th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {props.contracts.map((c) => (
                <tr class="govuk-table__row">
                  <td class="govuk-table__cell"><a class="govuk-link" href={`/business/contracts/${encodeURIComponent(c.reference)}`}>{c.reference}</a></td>
                  <td class="govuk-table__cell">{t('contract.period_value', { from: longDate(lang, c.start, true), to: longDate(lang, c.end, true) })}</td>
                  <td class="govuk-table__cell"><StatusTag status={c.status} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      ) : <p class="govuk-body">{t('business.no_contracts')}</p>}
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
  const { t } = useLang();
  const title = t('business.contract_title', { reference: detail.contract.reference });
  return (
    <Layout title={title} councilName={detail.council.name} back={{ href: '/business', text: t('business.all_contracts') }}>
      <SuccessBanner message={p.message} />
      <span class="govuk-caption-l">{detail.customer.name}</span>
      <h1 class="govuk-heading-l">{title}</h1>
      <ContractSummaryList detail={detail} />
      <LinesTable detail={detail} frequencies={p.overview.frequencies} />
      <UpcomingTable upcoming={p.overview.upcoming} />

      <h2 class="govuk-heading-m">{t('business.calendar')}</h2>
      {p.calendarPath ? (
        <div class="govuk-inset-text" id="calendar-link">
          <p class="govuk-body">{t('business.calendar_once')}</p>
          <p class="govuk-body"><a class="govuk-link" href={webcal}>{t('business.subscribe')}</a></p>
          <p class="govuk-body"><code>{https}</code></p>
          <p class="govuk-body"><a class="govuk-link" href={`https://calendar.google.com/calendar/r?cid=${encodeURIComponent(webcal)}`}>{t('business.google')}</a></p>
        </div>
      ) : (
        <p class="govuk-body">{p.overview.hasCalendar ? t('business.calendar_have') : t('business.calendar_get_intro')}</p>
      )}
      <div class="govuk-button-group">
        <form method="post" action={`${base}/calendar`}>
          <button type="submit" class="govuk-button govuk-button--secondary">{p.overview.hasCalendar ? t('business.calendar_new') : t('business.calendar_get')}</button>
        </form>
        {p.overview.hasCalendar && (
          <form method="post" action={`${base}/calendar/revoke`}>
            <button type="submit" class="govuk-button govuk-button--warning">{t('business.calendar_off')}</button>
          </form>
        )}
      </div>

      <h2 class="govuk-heading-m">{t('business.statements')}</h2>
      <form method="get" action={`${base}/statement`} class="govuk-!-margin-bottom-6">
        <div class="govuk-form-group">
          <label class="govuk-label" for="from">{t('business.from')}</label>
          <input class="govuk-input govuk-input--width-10" id="from" name="from" type="date" value={monthStart} />
        </div>
        <div class="govuk-form-group">
          <label class="govuk-label" for="to">{t('business.to')}</label>
          <input class="govuk-input govuk-input--width-10" id="to" name="to" type="date" value={today} />
        </div>
        <button type="submit" class="govuk-button govuk-button--secondary">{t('business.show_statement')}</button>
      </form>

      <NotesTable notes={p.overview.notes} hrefFor={(id) => `/business/transfer-notes/${id}`} />

      <h2 class="govuk-heading-m">{t('report.title')}</h2>
      <p class="govuk-body">
        {t('business.missed_before')} <a class="govuk-link" href={`/property/${detail.site.uprn}`}>{t('business.missed_link')}</a>.{' '}
        {t('business.missed_rules')}
      </p>
    </Layout>
  );
}

export function StatementPage(props: { statement: Statement; backHref: string; csvHref: string }) {
  const d = props.statement.detail;
  const { t } = useLang();
  return (
    <Layout title={t('statement.title', { reference: d.contract.reference })} councilName={d.council.name} back={{ href: props.backHref }}>
      <span class="govuk-caption-l">{d.customer.name}</span>
      <h1 class="govuk-heading-l">{t('statement.heading', { reference: d.contract.reference })}</h1>
      <p class="govuk-body">{t('statement.explain')}</p>
      <StatementTable statement={props.statement} />
      <p class="govuk-body"><a class="govuk-link" href={props.csvHref} download>{t('statement.csv')}</a></p>
    </Layout>
  );
}
