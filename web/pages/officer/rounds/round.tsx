/**
 * /officer/rounds/{round}: a round's stops on a map (numbered, drawn by web/client/round-map.ts from
 * GET /api/v1/rounds/{round}) and as an ordered list, with three forms that each lead to a preview:
 * reorder (a position number per stop: works without JavaScript), move ticked properties to another
 * round of the same service from a date, and change the day or frequency from a date.
 * The move checkboxes sit in the stops table but belong to the move form (the `form` attribute),
 * since forms cannot nest.
 */
import { formatLongDate } from '../../../../server/domain/dates.ts';
import type { RoundDetail } from '../../../../server/services/rounds/detail.ts';
import { ErrorMessage, ErrorSummary, ScrollBox, SuccessBanner, SummaryRow, TextInput, type FieldErrors } from '../../components.tsx';
import { Layout } from '../../layout.tsx';
import { OfficerNav } from '../nav.tsx';
import { PeriodList, roundHref, SERVICE_NAME } from './shared.tsx';

export interface RoundPageProps {
  councilName: string;
  councilSlug?: string;
  isAdmin?: boolean;
  today: string;
  round: RoundDetail;
  /** Other rounds of the same service: where properties can be moved. */
  targets: Array<{ id: string; name: string }>;
  message?: string;
  errors?: FieldErrors;
  values?: Record<string, string>;
  tileUrl: string;
  tileAttribution: string;
}

const FREQUENCIES = [
  { value: '1', text: 'Every week' },
  { value: '2', text: 'Every 2 weeks' },
  { value: '3', text: 'Every 3 weeks' },
  { value: '4', text: 'Every 4 weeks' },
];

export function RoundPage(p: RoundPageProps) {
  const r = p.round;
  const errors = p.errors ?? {};
  const v = p.values ?? {};
  const base = roundHref(r.id);
  const mapped = r.stops.some((s) => Number.isFinite(s.lat) && Number.isFinite(s.lon));
  const moveError = Object.entries(errors).find(([k]) => k.startsWith('move-'))?.[1];
  const stopsError = errors.stops;
  const canMove = p.targets.length > 0;
  return (
    <Layout title={r.name} councilName={p.councilName} councilSlug={p.councilSlug} serviceName={SERVICE_NAME} hasErrors={Object.keys(errors).length > 0}
      scripts={mapped ? ['map'] : []} styles={mapped ? ['/static/leaflet/leaflet.css'] : []}>
      <OfficerNav current="rounds" isAdmin={p.isAdmin} />
      <a class="govuk-back-link" href="/officer/rounds">All rounds</a>
      <ErrorSummary errors={errors} />
      <SuccessBanner message={p.message} />
      <span class="govuk-caption-l">{r.serviceName} round {r.id}</span>
      <h1 class="govuk-heading-l">{r.name}</h1>
      <dl class="govuk-summary-list" id="round-summary">
        <SummaryRow label="Service">{r.serviceName}</SummaryRow>
        <SummaryRow label="Day and frequency"><PeriodList periods={r.periods} today={p.today} /></SummaryRow>
        <SummaryRow label="Next collection">{r.nextCollection ? formatLongDate(r.nextCollection, true) : 'None planned'}</SummaryRow>
        <SummaryRow label="Stops">{`${r.stops.length} on ${formatLongDate(r.date, true)}`}</SummaryRow>
      </dl>

      {mapped && (
        <section aria-labelledby="round-map-heading" class="kb-section">
          <h2 class="govuk-heading-m" id="round-map-heading">Map of the stops</h2>
          <p class="govuk-body-s" id="round-map-legend">Each stop shows its position in the order, joined in visiting order. Assisted collections are yellow.</p>
          <div id="round-map" class="kb-map" data-round={r.id} data-date={r.date} data-label={`Map of the stops of ${r.name}, numbered in order`}
            data-tile-url={p.tileUrl} data-attribution={p.tileAttribution}>
            <p class="govuk-body-s kb-map__fallback">The stops are listed in order below. The map needs JavaScript.</p>
          </div>
          <p class="govuk-body-s kb-map__attribution">Map data {p.tileAttribution}</p>
        </section>
      )}

      <section aria-labelledby="stops-heading" class="kb-section">
        <h2 class="govuk-heading-m" id="stops-heading">Stops in order</h2>
        {r.stops.length === 0 ? (
          <p class="govuk-body" id="stops">This round has no stops on {formatLongDate(r.date, true)}.</p>
        ) : (
          <form method="post" action={`${base}/sequence`} id="sequence-form" novalidate>
            <p class="govuk-body">To reorder, change the position numbers and preview the new order. A stop moved to a number another stop has goes before it when moved up, after it when moved down.</p>
            <ErrorMessage id="stops" message={stopsError} />
            <ScrollBox label="Stops in order">
              <table class="govuk-table" id="stops">
                <caption class="govuk-visually-hidden">Stops of {r.name} in the order the crew visits them</caption>
                <thead class="govuk-table__head">
                  <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">Position</th>
                    <th scope="col" class="govuk-table__header">Address</th>
                    <th scope="col" class="govuk-table__header">Postcode</th>
                    <th scope="col" class="govuk-table__header">Assisted</th>
                    {canMove && <th scope="col" class="govuk-table__header">Move</th>}
                  </tr>
                </thead>
                <tbody class="govuk-table__body">
                  {r.stops.map((s, i) => {
                    const pos = `pos-${s.uprn}`;
                    const move = `move-${s.uprn}`;
                    return (
                      <tr class="govuk-table__row">
                        <td class="govuk-table__cell">
                          <div class={`govuk-form-group kb-form-group--tight${errors[pos] ? ' govuk-form-group--error' : ''}`}>
                            <label class="govuk-label govuk-visually-hidden" for={pos}>Position of {s.address}</label>
                            <ErrorMessage id={pos} message={errors[pos]} />
                            <input class={`govuk-input govuk-input--width-3${errors[pos] ? ' govuk-input--error' : ''}`} id={pos} name={pos}
                              type="text" inputmode="numeric" value={v[pos] ?? String(i + 1)} aria-describedby={errors[pos] ? `${pos}-error` : undefined} />
                          </div>
                        </td>
                        <td class="govuk-table__cell">{s.address} <span class="kb-muted">(UPRN {s.uprn})</span></td>
                        <td class="govuk-table__cell">{s.postcode}</td>
                        <td class="govuk-table__cell">{s.assisted ? 'Yes' : 'No'}</td>
                        {canMove && <td class="govuk-table__cell">
                          <div class="govuk-checkboxes govuk-checkboxes--small">
                            <div class="govuk-checkboxes__item">
                              <input class="govuk-checkboxes__input" id={move} name={move} type="checkbox" value="yes" form="move-form" checked={v[move] === 'yes'} />
                              <label class="govuk-label govuk-checkboxes__label" for={move}><span class="govuk-visually-hidden">Move {s.address}</span></label>
                            </div>
                          </div>
                        </td>}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </ScrollBox>
            <TextInput id="sequenceFrom" label="Use the new order from" hint="Today or later, for example 2026-09-14. Round sheets before this date keep the old order."
              value={v.sequenceFrom ?? p.today} error={errors.sequenceFrom} inputClass="govuk-input--width-10" />
            <button type="submit" class="govuk-button govuk-button--secondary" name="step" value="preview">Preview the new order</button>
          </form>
        )}
      </section>

      <section aria-labelledby="move-heading" class="kb-section">
        <h2 class="govuk-heading-m" id="move-heading">Move properties to another round</h2>
        {p.targets.length === 0 ? (
          <p class="govuk-body" id="move-form">There is no other {r.serviceName.toLowerCase()} round to move properties to.</p>
        ) : r.stops.length === 0 ? (
          <p class="govuk-body" id="move-form">There are no stops to move.</p>
        ) : (
          <form method="post" action={`${base}/move`} id="move-form" novalidate>
            <p class="govuk-body">Tick the properties under “Move” in the list of stops, then choose the round and the first day on it.</p>
            <ErrorMessage id="move" message={moveError} />
            <div class={`govuk-form-group${errors.toRound ? ' govuk-form-group--error' : ''}`}>
              <label class="govuk-label" for="toRound">Move them to</label>
              <ErrorMessage id="toRound" message={errors.toRound} />
              <select class={`govuk-select${errors.toRound ? ' govuk-select--error' : ''}`} id="toRound" name="toRound" aria-describedby={errors.toRound ? 'toRound-error' : undefined}>
                <option value="" selected={!v.toRound}>Choose a round</option>
                {p.targets.map((t) => <option value={t.id} selected={v.toRound === t.id}>{`${t.name} (${t.id})`}</option>)}
              </select>
            </div>
            <TextInput id="moveFrom" label="From" hint="Today or later, for example 2026-09-14. Collections before this date stay on this round."
              value={v.moveFrom} error={errors.moveFrom} inputClass="govuk-input--width-10" />
            <button type="submit" class="govuk-button govuk-button--secondary" name="step" value="preview">Preview the move</button>
          </form>
        )}
      </section>

      <section aria-labelledby="period-heading" class="kb-section">
        <h2 class="govuk-heading-m" id="period-heading">Change the day or frequency</h2>
        <form method="post" action={`${base}/periods`} id="period-form" novalidate>
          <p class="govuk-body">Residents see the new day from the date you choose, never before.</p>
          <TextInput id="periodFrom" label="From" hint="Today or later, for example 2026-09-14. The current pattern ends the day before."
            value={v.periodFrom} error={errors.periodFrom} inputClass="govuk-input--width-10" />
          <TextInput id="anchor" label="A collection day in the new pattern" hint="Any date the round will collect on, for example the first new collection day: 2026-09-16 makes it a Wednesday round."
            value={v.anchor} error={errors.anchor} inputClass="govuk-input--width-10" />
          <div class={`govuk-form-group${errors.everyWeeks ? ' govuk-form-group--error' : ''}`}>
            <label class="govuk-label" for="everyWeeks">How often</label>
            <ErrorMessage id="everyWeeks" message={errors.everyWeeks} />
            <select class="govuk-select" id="everyWeeks" name="everyWeeks" aria-describedby={errors.everyWeeks ? 'everyWeeks-error' : undefined}>
              {FREQUENCIES.map((f) => <option value={f.value} selected={(v.everyWeeks ?? '1') === f.value}>{f.text}</option>)}
            </select>
          </div>
          <button type="submit" class="govuk-button govuk-button--secondary" name="step" value="preview">Preview the change</button>
        </form>
      </section>
    </Layout>
  );
}
