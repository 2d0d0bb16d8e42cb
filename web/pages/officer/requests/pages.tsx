/**
 * Officers' request pages: `/officer/requests` (the council's requests, filtered by kind and status,
 * with a CSV link for the same filters) and `/officer/requests/{reference}` (contact details, what
 * was asked for, payments, history; mark an invoice paid, cancel, and the kind's own actions).
 * Officer pages are in English, like the rest of the console.
 */
import { formatLongDate, localDateAt, localTimeAt } from '../../../../server/domain/dates.ts';
import { REQUEST_KINDS, REQUEST_STATUSES } from '../../../../db/schema/requests.ts';
import type { OfficerRequestDetail, OfficerRequestRow } from '../../../../server/services/requests/officer.ts';
import { ScrollBox, SuccessBanner, SummaryRow, Tag } from '../../components.tsx';
import { clockTime } from '../../format.ts';
import { Layout } from '../../layout.tsx';
import { OfficerNav } from '../nav.tsx';

const SERVICE_NAME = 'Officer console';
export const KIND_WORDS: Record<string, string> = {
  garden_subscription: 'Garden waste subscription', bulky_booking: 'Bulky waste collection', container_request: 'Bin request',
};
export const STATUS_WORDS: Record<string, string> = {
  pending_payment: 'Waiting for payment', active: 'Active', confirmed: 'Confirmed', cancelled: 'Cancelled', expired: 'Expired', completed: 'Completed',
};
const TAG: Record<string, string> = {
  pending_payment: 'govuk-tag--yellow', active: 'govuk-tag--green', confirmed: 'govuk-tag--green',
  cancelled: 'govuk-tag--grey', expired: 'govuk-tag--grey', completed: 'govuk-tag--blue',
};
const money = (p: number) => `£${(p / 100).toFixed(2)}`;
const when = (iso: string, tz: string) => {
  const d = new Date(iso);
  return `${formatLongDate(localDateAt(d, tz), true)}, ${clockTime(localTimeAt(d, tz))}`;
};
const href = (reference: string) => `/officer/requests/${encodeURIComponent(reference)}`;

export function filterQuery(p: { kind?: string; status?: string }, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  if (p.kind) q.set('kind', p.kind);
  if (p.status) q.set('status', p.status);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  const text = q.toString();
  return text ? `?${text}` : '';
}

export interface RequestListProps {
  councilName: string;
  councilSlug: string;
  timezone: string;
  isAdmin: boolean;
  kind?: string;
  status?: string;
  /** `details`: the kind's own description of each (its describe()). */
  rows: Array<OfficerRequestRow & { details?: string[] }>;
  nextCursor?: number;
}

export function OfficerRequestsPage(p: RequestListProps) {
  return (
    <Layout title="Requests" councilName={p.councilName} councilSlug={p.councilSlug} serviceName={SERVICE_NAME}>
      <OfficerNav current="requests" isAdmin={p.isAdmin} />
      <h1 class="govuk-heading-l">Requests</h1>
      <form method="get" action="/officer/requests" novalidate>
        <div class="govuk-form-group">
          <label class="govuk-label" for="kind">Kind</label>
          <select class="govuk-select" id="kind" name="kind">
            <option value="" selected={!p.kind}>All kinds</option>
            {REQUEST_KINDS.map((k) => <option value={k} selected={p.kind === k}>{KIND_WORDS[k]}</option>)}
          </select>
        </div>
        <div class="govuk-form-group">
          <label class="govuk-label" for="status">Status</label>
          <select class="govuk-select" id="status" name="status">
            <option value="" selected={!p.status}>All statuses</option>
            {REQUEST_STATUSES.map((s) => <option value={s} selected={p.status === s}>{STATUS_WORDS[s]}</option>)}
          </select>
        </div>
        <button type="submit" class="govuk-button govuk-button--secondary">Filter</button>
      </form>
      <p class="govuk-body">
        <a class="govuk-link" id="csv-link" href={`/api/v1/requests.csv${filterQuery(p)}`}>Download these requests as CSV</a>
      </p>
      {p.rows.length === 0 ? (
        <p class="govuk-body" id="no-requests">No requests match.</p>
      ) : (
        <ScrollBox label="Requests">
          <table class="govuk-table" id="requests">
            <caption class="govuk-table__caption govuk-visually-hidden">Requests, newest first</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                {['Reference', 'Kind', 'Details', 'Status', 'UPRN', 'Name', 'Cost', 'Paid', 'Made'].map((h) => <th scope="col" class="govuk-table__header">{h}</th>)}
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {p.rows.map((r) => (
                <tr class="govuk-table__row">
                  <td class="govuk-table__cell"><a class="govuk-link" href={href(r.reference)}>{r.reference}</a></td>
                  <td class="govuk-table__cell">{KIND_WORDS[r.kind]}</td>
                  <td class="govuk-table__cell">{(r.details ?? []).map((line, i) => (i === 0 ? line : <><br />{line}</>))}</td>
                  <td class="govuk-table__cell"><Tag class={TAG[r.status]}>{STATUS_WORDS[r.status]}</Tag></td>
                  <td class="govuk-table__cell">{r.uprn}</td>
                  <td class="govuk-table__cell">{r.name ?? ''}</td>
                  <td class="govuk-table__cell">{money(r.amountPence)}</td>
                  <td class="govuk-table__cell">{money(r.paidPence)}</td>
                  <td class="govuk-table__cell">{when(r.createdAt, p.timezone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      {p.nextCursor && (
        <p class="govuk-body">
          <a class="govuk-link" href={`/officer/requests${filterQuery(p, { cursor: String(p.nextCursor) })}`}>Older requests</a>
        </p>
      )}
    </Layout>
  );
}

export interface RequestDetailProps {
  councilName: string;
  councilSlug: string;
  timezone: string;
  isAdmin: boolean;
  request: OfficerRequestDetail;
  /** Whether this deployment takes invoices (then "Mark as paid" is offered for a pending request). */
  invoice: boolean;
  done?: string;
  error?: string;
}

export function OfficerRequestPage(p: RequestDetailProps) {
  const r = p.request;
  const cancellable = ['pending_payment', 'active', 'confirmed'].includes(r.status);
  const banner = p.done === 'paid' ? 'Marked as paid.' : p.done === 'cancelled' ? 'Request cancelled.' : undefined;
  return (
    <Layout title={`Request ${r.reference}`} councilName={p.councilName} councilSlug={p.councilSlug} serviceName={SERVICE_NAME} back={{ href: '/officer/requests', text: 'All requests' }}>
      <OfficerNav current="requests" isAdmin={p.isAdmin} />
      <SuccessBanner message={banner} />
      {p.error && (
        <div class="govuk-error-summary" data-module="govuk-error-summary" tabindex={-1}>
          <div role="alert">
            <h2 class="govuk-error-summary__title">There is a problem</h2>
            <div class="govuk-error-summary__body"><p class="govuk-body">{p.error}</p></div>
          </div>
        </div>
      )}
      <span class="govuk-caption-l">{KIND_WORDS[r.kind]}</span>
      <h1 class="govuk-heading-l">{r.reference}</h1>
      <dl class="govuk-summary-list">
        <SummaryRow label="Status"><Tag class={TAG[r.status]}>{STATUS_WORDS[r.status]}</Tag></SummaryRow>
        <SummaryRow label="What">{r.lines.map((l, i) => <>{i > 0 && <br />}{l}</>)}</SummaryRow>
        <SummaryRow label="UPRN">{r.uprn}</SummaryRow>
        <SummaryRow label="Name">{r.name ?? ''}</SummaryRow>
        <SummaryRow label="Email">{r.email ?? ''}</SummaryRow>
        <SummaryRow label="Phone">{r.phone ?? ''}</SummaryRow>
        <SummaryRow label="Cost">{money(r.amountPence)}</SummaryRow>
        <SummaryRow label="Paid">{money(r.paidPence)}</SummaryRow>
        <SummaryRow label="Refunded">{`${money(r.refundedPence)}${r.refundDuePence > r.refundedPence ? ` (${money(r.refundDuePence - r.refundedPence)} still to refund)` : ''}`}</SummaryRow>
        <SummaryRow label="Made">{`${when(r.createdAt, p.timezone)} (${r.channel}, ${r.language})`}</SummaryRow>
      </dl>
      <div class="govuk-button-group">
        {p.invoice && r.status === 'pending_payment' && (
          <form method="post" action={`${href(r.reference)}/mark-paid`}>
            <button type="submit" class="govuk-button" data-module="govuk-button">Mark as paid</button>
          </form>
        )}
        {cancellable && (
          <form method="post" action={`${href(r.reference)}/cancel`}>
            <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button">Cancel request</button>
          </form>
        )}
        {r.actions.map((a) => (
          <form method="post" action={a.path}>
            <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">{a.label}</button>
          </form>
        ))}
      </div>
      <h2 class="govuk-heading-m">Payments</h2>
      {r.payments.length === 0 ? <p class="govuk-body">None.</p> : (
        <ScrollBox label="Payments">
          <table class="govuk-table" id="payments">
            <caption class="govuk-table__caption govuk-visually-hidden">Payments</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                {['Started', 'Provider', 'State', 'Amount', 'Refunded', 'Code'].map((h) => <th scope="col" class="govuk-table__header">{h}</th>)}
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {r.payments.map((pm) => (
                <tr class="govuk-table__row">
                  <td class="govuk-table__cell">{when(pm.createdAt, p.timezone)}</td>
                  <td class="govuk-table__cell">{pm.provider}</td>
                  <td class="govuk-table__cell">{pm.state}</td>
                  <td class="govuk-table__cell">{money(pm.amountPence)}</td>
                  <td class="govuk-table__cell">{money(pm.refundedPence)}</td>
                  <td class="govuk-table__cell">{pm.failureCode ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      <h2 class="govuk-heading-m">History</h2>
      <ScrollBox label="History">
      <table class="govuk-table" id="history">
        <caption class="govuk-table__caption govuk-visually-hidden">History</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            {['When', 'Status', 'Note', 'By'].map((h) => <th scope="col" class="govuk-table__header">{h}</th>)}
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {r.history.map((h) => (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell">{when(h.at, p.timezone)}</td>
              <td class="govuk-table__cell">{STATUS_WORDS[h.status] ?? h.status}</td>
              <td class="govuk-table__cell">{h.note ?? ''}</td>
              <td class="govuk-table__cell">{h.by ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </ScrollBox>
    </Layout>
  );
}
