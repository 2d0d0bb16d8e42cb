/**
 * The "check your change" pages of /officer/rounds/{round}: each shows what the API's preview answers
 * (nothing is written yet) and a button that posts the same values again with step=confirm.
 */
import type { Child } from 'hono/jsx';
import { formatLongDate } from '../../../../server/domain/dates.ts';
import type { Preview } from '../../../../server/services/rounds/changes.ts';
import type { SequencePreview } from '../../../../server/services/rounds/sequence.ts';
import { ScrollBox, SummaryRow } from '../../components.tsx';
import { Layout } from '../../layout.tsx';
import { OfficerNav } from '../nav.tsx';
import { Hidden, roundHref, SERVICE_NAME } from './shared.tsx';

interface Frame {
  councilName: string;
  councilSlug?: string;
  isAdmin?: boolean;
  round: { id: string; name: string };
}

const dateText = (d: string | null) => (d ? formatLongDate(d, true) : 'None');

function PreviewFrame(p: Frame & { title: string; action: string; fields: Record<string, string>; button?: string; children?: Child }) {
  const back = roundHref(p.round.id);
  return (
    <Layout title={p.title} councilName={p.councilName} councilSlug={p.councilSlug} serviceName={SERVICE_NAME}>
      <OfficerNav current="rounds" isAdmin={p.isAdmin} />
      <a class="govuk-back-link" href={back}>Back to {p.round.name}</a>
      <span class="govuk-caption-l">{p.round.name} ({p.round.id})</span>
      <h1 class="govuk-heading-l">{p.title}</h1>
      <div class="govuk-inset-text">This is a preview: nothing has changed yet.</div>
      {p.children}
      {p.button ? (
        <form method="post" action={p.action} novalidate id="confirm-form">
          <Hidden fields={{ ...p.fields, step: 'confirm' }} />
          <div class="govuk-button-group">
            <button type="submit" class="govuk-button">{p.button}</button>
            <a class="govuk-link" href={back}>Cancel</a>
          </div>
        </form>
      ) : (
        <p class="govuk-body"><a class="govuk-link" href={back}>Back to the round</a></p>
      )}
    </Layout>
  );
}

export function SequencePreviewPage(p: Frame & { preview: SequencePreview; order: string[] }) {
  const pv = p.preview;
  return (
    <PreviewFrame {...p} title="Check the new order" action={`${roundHref(p.round.id)}/sequence`}
      fields={{ order: p.order.join(','), sequenceFrom: pv.from }} button={pv.properties ? 'Save the new order' : undefined}>
      <dl class="govuk-summary-list" id="preview-summary">
        <SummaryRow label="Stops that change position">{String(pv.properties)}</SummaryRow>
        <SummaryRow label="New order from">{formatLongDate(pv.from, true)}</SummaryRow>
        <SummaryRow label="First collection in the new order">{dateText(pv.firstCollection)}</SummaryRow>
        <SummaryRow label="Collection dates">No collection date changes</SummaryRow>
      </dl>
      {pv.positions.length ? (
        <ScrollBox label="Stops that change position">
          <table class="govuk-table" id="preview-positions">
            <caption class="govuk-table__caption govuk-table__caption--m">Stops that change position</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Address</th>
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">Was</th>
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">Becomes</th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {pv.positions.map((s) => (
                <tr class="govuk-table__row">
                  <td class="govuk-table__cell">{s.address}</td>
                  <td class="govuk-table__cell govuk-table__cell--numeric">{String(s.before)}</td>
                  <td class="govuk-table__cell govuk-table__cell--numeric">{String(s.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      ) : (
        <p class="govuk-body" id="preview-positions">No stop changes position: there is nothing to save.</p>
      )}
    </PreviewFrame>
  );
}

/** The sample of a move or period preview: each property's next collection now and its first new one. */
function SampleTable(p: { preview: Preview; caption: string }) {
  const more = p.preview.properties - p.preview.sample.length;
  return (
    <>
      <ScrollBox label={p.caption}>
        <table class="govuk-table" id="preview-sample">
          <caption class="govuk-table__caption govuk-table__caption--m">{p.caption}</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">Address</th>
              <th scope="col" class="govuk-table__header">Next collection now</th>
              <th scope="col" class="govuk-table__header">First new collection</th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {p.preview.sample.map((s) => (
              <tr class="govuk-table__row">
                <td class="govuk-table__cell">{s.address}</td>
                <td class="govuk-table__cell">{dateText(s.before)}</td>
                <td class="govuk-table__cell">{dateText(s.after)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
      {more > 0 && <p class="govuk-body">And {String(more)} more {more === 1 ? 'property' : 'properties'}, with the same dates.</p>}
      <p class="govuk-body-s kb-muted">Dates are the rounds’ usual days; bank holiday moves and published service changes still apply to them.</p>
    </>
  );
}

export function MovePreviewPage(p: Frame & { preview: Preview; target: { id: string; name: string }; from: string; uprns: string[] }) {
  return (
    <PreviewFrame {...p} title="Check the move" action={`${roundHref(p.round.id)}/move`}
      fields={{ uprns: p.uprns.join(','), toRound: p.target.id, moveFrom: p.from }} button="Move the properties">
      <dl class="govuk-summary-list" id="preview-summary">
        <SummaryRow label="Properties">{String(p.preview.properties)}</SummaryRow>
        <SummaryRow label="To round">{`${p.target.name} (${p.target.id})`}</SummaryRow>
        <SummaryRow label="From">{formatLongDate(p.from, true)}</SummaryRow>
      </dl>
      <SampleTable preview={p.preview} caption="Properties that move" />
    </PreviewFrame>
  );
}

export function PeriodPreviewPage(p: Frame & { preview: Preview; from: string; anchor: string; everyWeeks: string; description: string; first: string | null }) {
  const first = p.first;
  return (
    <PreviewFrame {...p} title="Check the new day or frequency" action={`${roundHref(p.round.id)}/periods`}
      fields={{ periodFrom: p.from, anchor: p.anchor, everyWeeks: p.everyWeeks }} button="Save the change">
      <dl class="govuk-summary-list" id="preview-summary">
        <SummaryRow label="New pattern">{p.description}</SummaryRow>
        <SummaryRow label="From">{formatLongDate(p.from, true)}</SummaryRow>
        <SummaryRow label="First new collection">{dateText(first)}</SummaryRow>
        <SummaryRow label="Properties affected">{String(p.preview.properties)}</SummaryRow>
      </dl>
      {p.preview.sample.length > 0 && <SampleTable preview={p.preview} caption="Properties and their first new collection" />}
    </PreviewFrame>
  );
}
