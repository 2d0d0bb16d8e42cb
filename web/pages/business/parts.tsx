/** Pieces shared by the customer portal and the officer's contract pages (GOV.UK Frontend classes). */
import { useLang } from '../../i18n/context.ts';
import { longDate } from '../../i18n/dates.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { formatPounds } from '../../../server/domain/commercial/charges.ts';
import type { ContractDetail } from '../../../server/services/commercial/access.ts';
import type { Statement } from '../../../server/services/commercial/charges.ts';
import type { UpcomingCollection } from '../../../server/services/commercial/overview.ts';
import type { TransferNote } from '../../../server/services/commercial/transfer-notes.ts';
import { SummaryRow, Tag, ScrollBox } from '../components.tsx';

const STATUS_TAGS: Record<string, string> = {
  active: 'govuk-tag--green', draft: 'govuk-tag--grey', suspended: 'govuk-tag--yellow', ended: 'govuk-tag--grey',
};

export function StatusTag(props: { status: string }) {
  const { t } = useLang();
  const known = props.status in STATUS_TAGS;
  return <Tag class={STATUS_TAGS[props.status]}>{known ? t(`contract_status.${props.status}` as MessageKey) : props.status}</Tag>;
}

export function ContractSummaryList(props: { detail: ContractDetail }) {
  const { contract, customer, site } = props.detail;
  const { t, lang } = useLang();
  return (
    <dl class="govuk-summary-list">
      <SummaryRow label={t('contract.reference')}>{contract.reference}</SummaryRow>
      <SummaryRow label={t('contract.customer')}>{customer.name}</SummaryRow>
      <SummaryRow label={t('contract.address')}>{`${site.address}, ${site.postcode}`}</SummaryRow>
      <SummaryRow label={t('contract.period')}>{t('contract.period_value', { from: longDate(lang, contract.start, true), to: longDate(lang, contract.end, true) })}</SummaryRow>
      <SummaryRow label={t('contract.status')}><StatusTag status={contract.status} /></SummaryRow>
      <SummaryRow label={t('contract.paper')}>{contract.paperAssessment ? t('contract.paper_mixed') : t('contract.paper_separate')}</SummaryRow>
    </dl>
  );
}

export function LinesTable(props: { detail: ContractDetail; frequencies: Map<number, string> }) {
  const { t } = useLang();
  return (
    <ScrollBox label={t('contract.lines')}>
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">{t('contract.lines')}</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">{t('contract.service')}</th>
            <th scope="col" class="govuk-table__header">{t('contract.containers')}</th>
            <th scope="col" class="govuk-table__header">{t('contract.how_often')}</th>
            <th scope="col" class="govuk-table__header">{t('contract.ewc')}</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">{t('contract.price_per_lift')}</th>
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
  const { t, lang } = useLang();
  if (!props.upcoming.length) return <p class="govuk-body">{t('contract.no_upcoming')}</p>;
  return (
    <ScrollBox label={t('contract.upcoming')}>
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">{t('contract.upcoming')}</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">{t('contract.date')}</th>
            <th scope="col" class="govuk-table__header">{t('contract.service')}</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">{t('contract.containers')}</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {props.upcoming.map((u) => (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell">
                {longDate(lang, u.date, true)}
                {u.changed && <span class="govuk-body-s">{` (${t('contract.usually', { date: longDate(lang, u.originalDate) })}${u.reason ? ` – ${u.reason}` : ''})`}</span>}
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
  const { t, lang } = useLang();
  if (!props.notes.length) return <p class="govuk-body">{t('notes.none')}</p>;
  return (
    <ScrollBox label={t('notes.title')}>
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">{t('notes.title')}</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">{t('notes.note')}</th>
            <th scope="col" class="govuk-table__header">{t('contract.period')}</th>
            <th scope="col" class="govuk-table__header">{t('notes.accepted')}</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {props.notes.map((n) => (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell"><a class="govuk-link" href={props.hrefFor(n.id)}>{t('notes.note_n', { id: n.id })}</a></td>
              <td class="govuk-table__cell">{t('contract.period_value', { from: longDate(lang, n.periodStart, true), to: longDate(lang, n.periodEnd, true) })}</td>
              <td class="govuk-table__cell">
                {n.transferorSignedAt ? t('notes.accepted_by', { name: n.transferorSignedBy ?? '' }) : <Tag class="govuk-tag--yellow">{t('notes.waiting')}</Tag>}
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
  const { t, lang } = useLang();
  return (
    <ScrollBox label={t('statement.label')}>
      <table class="govuk-table">
        <caption class="govuk-table__caption govuk-table__caption--m">{t('statement.caption', { from: longDate(lang, s.from, true), to: longDate(lang, s.to, true) })}</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">{t('statement.month')}</th>
            <th scope="col" class="govuk-table__header">{t('contract.service')}</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">{t('statement.scheduled')}</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">{t('statement.collected')}</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">{t('contract.price_per_lift')}</th>
            <th scope="col" class="govuk-table__header govuk-table__header--numeric">{t('statement.charge')}</th>
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
            <th scope="row" class="govuk-table__header" colspan={5}>{t('statement.total')}</th>
            <td class="govuk-table__cell govuk-table__cell--numeric"><strong>{formatPounds(s.totalPence)}</strong></td>
          </tr>
        </tbody>
      </table>
    </ScrollBox>
  );
}
