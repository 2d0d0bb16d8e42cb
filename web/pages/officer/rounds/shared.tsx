/** Pieces the rounds pages share: links, the period wording and hidden form fields. */
import { formatLongDate } from '../../../../server/domain/dates.ts';
import type { RoundPeriodView } from '../../../../server/services/rounds/detail.ts';

export const SERVICE_NAME = 'Officer console';
export const roundHref = (id: string) => `/officer/rounds/${encodeURIComponent(id)}`;

/** "Every Monday" now, then "from Monday 21 September 2026: Every 2 weeks on Wednesday". */
export function PeriodList(props: { periods: RoundPeriodView[]; today: string }) {
  if (!props.periods.length) return <>No schedule</>;
  return (
    <ul class="govuk-list">
      {props.periods.map((p) => (
        <li>
          {p.from > props.today ? `From ${formatLongDate(p.from, true)}: ` : ''}
          {p.description}
          {p.to ? ` (until ${formatLongDate(p.to, true)})` : ''}
        </li>
      ))}
    </ul>
  );
}

export function Hidden(props: { fields: Record<string, string> }) {
  return <>{Object.entries(props.fields).map(([name, value]) => <input type="hidden" name={name} value={value} />)}</>;
}
