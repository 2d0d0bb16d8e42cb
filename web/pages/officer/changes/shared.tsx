/**
 * Pieces shared by the service-changes pages: the change form's values, how a change's scope and
 * effect read in words, the preview's counts and sample table, and hidden fields that carry a
 * previewed change to its "Publish" and "Change" buttons unchanged.
 */
import { formatLongDate } from '../../../../server/domain/dates.ts';
import type { Preview } from '../../../../server/services/changes/exceptions.ts';
import type { Lang } from '../../../i18n/index.ts';
import { ScrollBox } from '../../components.tsx';

export const SERVICE_NAME = 'Officer console';

/** The change form as typed (strings, so a failed form comes back exactly as it was sent). */
export interface ChangeValues {
  date: string;
  action: string;
  to: string;
  /** all | rounds | services */
  scope: string;
  rounds: string[];
  services: string[];
  /** In the council's first language. */
  reason: string;
  /** The reason in the council's other languages, as typed (form fields `reason-cy`, `reason-en`). */
  otherReasons: Partial<Record<Lang, string>>;
}

export const EMPTY_VALUES: ChangeValues = { date: '', action: 'move', to: '', scope: 'all', rounds: [], services: [], reason: '', otherReasons: {} };

/** Language names as officers read them (officer pages are in English). */
export const LANGUAGE_NAME: Record<Lang, string> = { en: 'English', cy: 'Welsh' };
/** The form field that carries the reason in `lang` (not the first language's: that is `reason`). */
export const reasonField = (lang: Lang) => `reason-${lang}`;

export interface Named {
  id: string;
  name: string;
}

export interface CommonProps {
  councilName: string;
  councilSlug?: string;
  isAdmin?: boolean;
  /** The council's languages, first first: a bilingual council's changes carry a reason in each. */
  languages?: Lang[];
}

/**
 * A change's reason with its words in the council's other languages beneath, each marked with its
 * `lang` so screen readers say it right. `reasons` is what was stored (null: one language only).
 */
export function ReasonText(props: { reason: string; reasons?: Partial<Record<Lang, string>> | null; languages?: Lang[] }) {
  const [first, ...others] = props.languages ?? ['en'];
  const given = others.filter((l) => props.reasons?.[l]);
  if (!given.length) return <>{props.reason}</>;
  return (
    <>
      <span lang={first}>{props.reason}</span>
      {given.map((l) => (
        <>
          <br />
          <span class="govuk-!-font-weight-bold">{`${LANGUAGE_NAME[l]}: `}</span>
          <span lang={l}>{props.reasons![l]}</span>
        </>
      ))}
    </>
  );
}

export const dateText = (d: string | null) => (d ? formatLongDate(d, true) : 'Cancelled');

export function effectText(c: { action: string; date: string; to: string | null }) {
  return c.action === 'cancel'
    ? `Collections on ${formatLongDate(c.date, true)} cancelled`
    : `Collections on ${formatLongDate(c.date, true)} moved to ${formatLongDate(c.to!, true)}`;
}

/** "Whole council", "Rounds: Refuse Monday (REF-MON)", "Services: Rubbish". */
export function scopeText(c: { rounds: string[]; services: string[] }, rounds: Named[], services: Named[]) {
  const name = (list: Named[], id: string) => list.find((x) => x.id === id)?.name;
  if (c.rounds.length) return `Rounds: ${c.rounds.map((id) => (name(rounds, id) ? `${name(rounds, id)} (${id})` : id)).join(', ')}`;
  if (c.services.length) return `Services: ${c.services.map((id) => name(services, id) ?? id).join(', ')}`;
  return 'Whole council';
}

export function HiddenValues(props: { values: Record<string, string | string[]> }) {
  return (
    <>
      {Object.entries(props.values).flatMap(([name, v]) =>
        (Array.isArray(v) ? v : [v]).map((value) => <input type="hidden" name={name} value={value} />))}
    </>
  );
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** The preview's counts and its sample of collections with their old and new dates. */
export function PreviewSummary(props: { preview: Preview; services: Named[] }) {
  const { preview } = props;
  const serviceName = (id: string) => props.services.find((s) => s.id === id)?.name ?? id;
  return (
    <>
      <div class="govuk-inset-text" id="preview-counts">
        {`${plural(preview.properties, 'property', 'properties')} and ${plural(preview.collections, 'collection', 'collections')} change.`}
      </div>
      {preview.sample.length > 0 && (
        <ScrollBox label="Sample of the collections that change">
          <table class="govuk-table" id="preview-sample">
            <caption class="govuk-table__caption govuk-table__caption--s">
              {preview.sample.length < preview.collections ? `The first ${preview.sample.length} of them` : 'The collections that change'}
            </caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Address</th>
                <th scope="col" class="govuk-table__header">Service</th>
                <th scope="col" class="govuk-table__header">Old date</th>
                <th scope="col" class="govuk-table__header">New date</th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {preview.sample.map((s) => (
                <tr class="govuk-table__row">
                  <td class="govuk-table__cell">{s.address}</td>
                  <td class="govuk-table__cell">{serviceName(s.service)}</td>
                  <td class="govuk-table__cell">{dateText(s.before)}</td>
                  <td class="govuk-table__cell">{s.after ? dateText(s.after) : 'Cancelled'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </>
  );
}
