/**
 * /officer/rounds: the council's rounds (name, service, day and frequency now and from later dates,
 * number of stops today), each linking to its own page.
 */
import { formatLongDate } from '../../../../server/domain/dates.ts';
import type { RoundSummary } from '../../../../server/services/rounds/detail.ts';
import { ScrollBox } from '../../components.tsx';
import { Layout } from '../../layout.tsx';
import { OfficerNav } from '../nav.tsx';
import { PeriodList, roundHref, SERVICE_NAME } from './shared.tsx';

export interface RoundsListProps {
  councilName: string;
  councilSlug?: string;
  isAdmin?: boolean;
  date: string;
  rounds: Array<RoundSummary & { stops: number }>;
}

export function RoundsListPage(p: RoundsListProps) {
  return (
    <Layout title="Rounds" councilName={p.councilName} councilSlug={p.councilSlug} serviceName={SERVICE_NAME}>
      <OfficerNav current="rounds" isAdmin={p.isAdmin} />
      <h1 class="govuk-heading-l">Rounds</h1>
      <p class="govuk-body">
        Open a round to see its stops on a map and in order, reorder them, move properties to another round, or change its
        day or frequency from a date.
      </p>
      {p.rounds.length ? (
        <ScrollBox label="Rounds">
          <table class="govuk-table" id="rounds">
            <caption class="govuk-table__caption govuk-table__caption--m">Rounds on {formatLongDate(p.date, true)}</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Round</th>
                <th scope="col" class="govuk-table__header">Service</th>
                <th scope="col" class="govuk-table__header">Day and frequency</th>
                <th scope="col" class="govuk-table__header">Next collection</th>
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">Stops</th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {p.rounds.map((r) => (
                <tr class="govuk-table__row">
                  <th scope="row" class="govuk-table__header">
                    <a class="govuk-link" href={roundHref(r.id)}>{r.name}</a> <span class="kb-muted">({r.id})</span>
                  </th>
                  <td class="govuk-table__cell">{r.serviceName}</td>
                  <td class="govuk-table__cell"><PeriodList periods={r.periods} today={p.date} /></td>
                  <td class="govuk-table__cell">{r.nextCollection ? formatLongDate(r.nextCollection, true) : 'None planned'}</td>
                  <td class="govuk-table__cell govuk-table__cell--numeric">{String(r.stops)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      ) : (
        <p class="govuk-body" id="rounds">This council has no rounds yet.</p>
      )}
    </Layout>
  );
}
