/**
 * /officer/deliveries?date=: bin and container deliveries for a day (council-local), by round, each
 * with a "Mark delivered" button; below, the ones still waiting from earlier days (or with no day:
 * the property lost its round after paying). Officer pages are in English, like the rest of the console.
 */
import { formatLongDate, localDateAt, localTimeAt, type LocalDate } from '../../../../server/domain/dates.ts';
import type { DeliveryRow } from '../../../../server/services/requests/containers/delivery.ts';
import { ErrorSummary, ScrollBox, SuccessBanner, TextInput, type FieldErrors } from '../../components.tsx';
import { clockTime } from '../../format.ts';
import { Layout } from '../../layout.tsx';
import { OfficerNav } from '../nav.tsx';

export interface DeliveriesPageProps {
  councilName: string;
  councilSlug?: string;
  timezone: string;
  isAdmin: boolean;
  date: LocalDate;
  planned: DeliveryRow[];
  waiting: DeliveryRow[];
  message?: string;
  errors?: FieldErrors;
}

const REASONS: Record<string, string> = {
  new_property: 'New property', damaged: 'Damaged', stolen: 'Stolen', missing: 'Missing', extra: 'Extra',
};

function Table(p: { id: string; caption: string; rows: DeliveryRow[]; date: LocalDate; timezone: string; showDate?: boolean }) {
  return (
    <ScrollBox label={p.caption}>
      <table class="govuk-table" id={p.id}>
        <caption class="govuk-table__caption govuk-visually-hidden">{p.caption}</caption>
        <thead class="govuk-table__head">
          <tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Reference</th>
            <th scope="col" class="govuk-table__header">Address</th>
            <th scope="col" class="govuk-table__header">Deliver</th>
            {p.showDate && <th scope="col" class="govuk-table__header">Planned for</th>}
            <th scope="col" class="govuk-table__header">Round</th>
            <th scope="col" class="govuk-table__header">Status</th>
          </tr>
        </thead>
        <tbody class="govuk-table__body">
          {p.rows.map((r) => (
            <tr class="govuk-table__row">
              <td class="govuk-table__cell"><a class="govuk-link" href={`/officer/requests/${r.reference}`}>{r.reference}</a></td>
              <td class="govuk-table__cell">{r.address}<br /><span class="govuk-body-s">{r.postcode} · UPRN {String(r.uprn)}</span></td>
              <td class="govuk-table__cell">{r.items.join(', ')}<br /><span class="govuk-body-s">{REASONS[r.reason] ?? r.reason}</span></td>
              {p.showDate && <td class="govuk-table__cell">{r.deliveryDate ? formatLongDate(r.deliveryDate, true) : 'Not planned'}</td>}
              <td class="govuk-table__cell">{r.roundName ?? r.roundId ?? 'None'}</td>
              <td class="govuk-table__cell">
                {r.deliveredAt ? (
                  <strong class="govuk-tag govuk-tag--green">{`Delivered ${clockTime(localTimeAt(r.deliveredAt, p.timezone))}${localDateAt(r.deliveredAt, p.timezone) === p.date ? '' : `, ${formatLongDate(localDateAt(r.deliveredAt, p.timezone))}`}`}</strong>
                ) : (
                  <form method="post" action={`/officer/deliveries/${r.reference}/delivered?date=${p.date}`}>
                    <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                      Mark delivered<span class="govuk-visually-hidden">{` ${r.reference}`}</span>
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}

export function DeliveriesPage(p: DeliveriesPageProps) {
  const errors = p.errors ?? {};
  return (
    <Layout title="Bin deliveries" councilName={p.councilName} councilSlug={p.councilSlug} serviceName="Officer console" hasErrors={Object.keys(errors).length > 0}>
      <OfficerNav current="deliveries" isAdmin={p.isAdmin} />
      <ErrorSummary errors={errors} />
      <SuccessBanner message={p.message} />
      <h1 class="govuk-heading-l">Bin deliveries</h1>
      <form method="get" action="/officer/deliveries" novalidate>
        <TextInput id="date" label="Day" hint="For example 2026-12-22" inputClass="govuk-input--width-10" value={p.date} error={errors.date} />
        <button type="submit" class="govuk-button govuk-button--secondary">Show</button>
      </form>
      <h2 class="govuk-heading-m">{formatLongDate(p.date, true)}</h2>
      {p.planned.length ? (
        <Table id="deliveries" caption={`Deliveries on ${formatLongDate(p.date, true)}`} rows={p.planned} date={p.date} timezone={p.timezone} />
      ) : (
        <p class="govuk-body" id="deliveries">No deliveries planned for this day.</p>
      )}
      {p.waiting.length > 0 && (
        <>
          <h2 class="govuk-heading-m">Still to deliver from earlier days</h2>
          <Table id="waiting" caption="Deliveries still to make from earlier days" rows={p.waiting} date={p.date} timezone={p.timezone} showDate />
        </>
      )}
    </Layout>
  );
}
