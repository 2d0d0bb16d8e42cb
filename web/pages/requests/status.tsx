/**
 * `/requests/{reference}`: a resident's request after paying (or trying to). Paid: the GOV.UK
 * confirmation panel with the reference. A failed or abandoned payment: what happened and a
 * "Try again" button (a form: no JavaScript needed). Then what was asked for and the history.
 */
import { SummaryRow, Tag } from '../components.tsx';
import { clockTime, localDateOf, longDate } from '../format.ts';
import { Layout } from '../layout.tsx';
import { useLang } from '../../i18n/context.ts';
import { KIND_KEY, STATUS_KEY } from '../../../server/services/requests/words.ts';
import type { RequestStatus } from '../../../db/schema/requests.ts';
import { localTimeAt, type LocalDate } from '../../../server/domain/dates.ts';
import type { ResidentRequestPage } from '../../../server/services/requests/resident-view.ts';

const TAG: Record<string, string> = {
  pending_payment: 'govuk-tag--yellow', active: 'govuk-tag--green', confirmed: 'govuk-tag--green',
  cancelled: 'govuk-tag--grey', expired: 'govuk-tag--grey', completed: 'govuk-tag--blue',
};
const money = (p: number) => `£${(p / 100).toFixed(2)}`;
const TIME_ZONE = 'Europe/London';

export function RequestStatusPage(props: { page: ResidentRequestPage; today: LocalDate }) {
  const { t, lang } = useLang();
  const { view, kind, lines } = props.page;
  const kindName = t(KIND_KEY[kind]);
  const status = (s: string) => (s in STATUS_KEY ? t(STATUS_KEY[s as RequestStatus]) : s);
  const paid = view.status === 'active' || view.status === 'confirmed' || view.status === 'completed';
  const when = (iso: string) => `${longDate(localDateOf(iso, TIME_ZONE), props.today, lang)}, ${clockTime(localTimeAt(new Date(iso), TIME_ZONE), lang)}`;
  return (
    <Layout title={paid ? t('pay.page.confirmed_title') : `${kindName} ${view.reference}`} councilName={props.page.council.name} councilSlug={props.page.council.slug}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          {paid ? (
            <div class="govuk-panel govuk-panel--confirmation">
              <h1 class="govuk-panel__title">{t('pay.page.confirmed_title')}</h1>
              <div class="govuk-panel__body">
                {t('pay.page.your_reference')}
                <br />
                <strong id="request-reference">{view.reference}</strong>
              </div>
            </div>
          ) : (
            <>
              <span class="govuk-caption-l">{kindName}</span>
              <h1 class="govuk-heading-l" id="request-reference">{view.reference}</h1>
            </>
          )}
          {paid && <p class="govuk-body">{t('pay.page.confirmed_body', { kind: kindName })}</p>}
          {view.status === 'pending_payment' && props.page.paymentFailed && props.page.canPay && (
            <div class="govuk-warning-text">
              <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
              <strong class="govuk-warning-text__text">
                <span class="govuk-visually-hidden">{t('pay.page.warning')}</span>
                {t('pay.page.failed')}
              </strong>
            </div>
          )}
          {view.status === 'pending_payment' && !props.page.paymentFailed && props.page.canPay && <p class="govuk-body">{t('pay.page.pending')}</p>}
          {view.status === 'pending_payment' && props.page.invoice && <p class="govuk-body">{t('pay.page.invoice')}</p>}
          {view.status === 'pending_payment' && !props.page.canPay && !props.page.invoice && <p class="govuk-body">{t('pay.page.hold_over')}</p>}
          {props.page.canPay && (
            <form method="post" action={`/requests/${view.reference}/pay`}>
              <button type="submit" class="govuk-button" data-module="govuk-button">
                {props.page.paymentFailed ? t('pay.page.try_again') : t('pay.page.continue_to_payment')}
              </button>
            </form>
          )}
          <dl class="govuk-summary-list">
            <SummaryRow label={t('pay.page.status')}><Tag class={TAG[view.status]}>{status(view.status)}</Tag></SummaryRow>
            <SummaryRow label={t('pay.page.what')}>
              {lines.map((l, i) => (
                <>
                  {i > 0 && <br />}
                  {l}
                </>
              ))}
            </SummaryRow>
            <SummaryRow label={t('pay.page.amount')}>{money(view.amountPence)}</SummaryRow>
            <SummaryRow label={t('pay.page.paid')}>{money(view.paidPence)}</SummaryRow>
          </dl>
          {kind === 'bulky_booking' && view.status === 'confirmed' && (
            <p class="govuk-body"><a class="govuk-link" href={`/requests/${view.reference}/change`}>{t('bulky.change_link')}</a></p>
          )}
          <h2 class="govuk-heading-m">{t('pay.page.history')}</h2>
          <table class="govuk-table">
            <caption class="govuk-table__caption govuk-visually-hidden">{t('pay.page.history')}</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">{t('pay.page.when')}</th>
                <th scope="col" class="govuk-table__header">{t('pay.page.event')}</th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {view.history.map((h) => (
                <tr class="govuk-table__row">
                  <td class="govuk-table__cell">{when(h.at)}</td>
                  <td class="govuk-table__cell">
                    {status(h.status)}
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
