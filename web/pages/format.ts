/**
 * Plain-English wording for the resident pages: dates relative to today, what the crew recorded,
 * why a collection cannot be reported. Pure functions of plain values (no clock reads).
 */
import { addDays, formatLongDate, localDateAt, type LocalDate } from '../../server/domain/dates.ts';

/** "Today", "Tomorrow" or "Tuesday 1 September" (with the year when it is not this year or next month's turn). */
export function relativeDay(date: LocalDate, today: LocalDate): string {
  if (date === today) return 'Today';
  if (date === addDays(today, 1)) return 'Tomorrow';
  if (date === addDays(today, -1)) return 'Yesterday';
  return longDate(date, today);
}

/** "Tuesday 1 September", adding the year only when it differs from today's. */
export const longDate = (date: LocalDate, today: LocalDate): string =>
  formatLongDate(date, date.slice(0, 4) !== today.slice(0, 4));

/** The council-local date of an instant (ISO string or Date), for "sorted by" dates. */
export const localDateOf = (instant: string | Date, timeZone = 'Europe/London'): LocalDate =>
  localDateAt(typeof instant === 'string' ? new Date(instant) : instant, timeZone);

/** What a crew outcome means for a resident, completing "The crew …". */
const OUTCOME_TEXT: Record<string, string> = {
  collected: 'emptied your bin',
  not_presented: 'reported your bin was not out',
  contaminated: 'could not empty your bin because it had the wrong things in it',
  excess_waste: 'reported extra waste that they could not take',
  no_access: 'could not get to your bin',
  too_heavy: 'could not empty your bin because it was too heavy',
  damaged_container: 'reported your bin was damaged',
};

export const outcomeSentence = (outcome: string, date: LocalDate, today: LocalDate): string =>
  `The crew ${OUTCOME_TEXT[outcome] ?? `recorded "${outcome.replace(/_/g, ' ')}"`} on ${longDate(date, today)}`;

/** Short outcome labels for tables and the "last collection" row. */
export const OUTCOME_LABEL: Record<string, string> = {
  collected: 'Collected',
  not_presented: 'Bin not out',
  contaminated: 'Not emptied: wrong items in the bin',
  excess_waste: 'Extra waste left',
  no_access: 'Crew could not get to the bin',
  too_heavy: 'Not emptied: too heavy',
  damaged_container: 'Bin damaged',
};

export const STATUS_LABEL: Record<string, string> = {
  open: 'Received',
  scheduled: 'Crew booked',
  resolved: 'Sorted',
  closed: 'Closed',
};

export const STATUS_TAG_CLASS: Record<string, string> = {
  open: 'govuk-tag--blue',
  scheduled: 'govuk-tag--yellow',
  resolved: 'govuk-tag--green',
  closed: 'govuk-tag--grey',
};

/** "5pm" from "17:00"; "5:30pm" from "17:30". */
export function clockTime(hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number);
  const suffix = h >= 12 ? 'pm' : 'am';
  const h12 = h % 12 === 0 ? 12 : h % 12;
  if (h === 12 && m === 0) return 'midday';
  return m ? `${h12}:${String(m).padStart(2, '0')}${suffix}` : `${h12}${suffix}`;
}

/** The facts the report page explains a refusal from (a subset of the property JSON's service). */
export interface BlockedFacts {
  reportBlockedReason?: string;
  last?: { date: LocalDate; outcome?: string } | null;
  next?: { date: LocalDate } | null;
  /** For `duplicate`: the existing report's reference, when the service gave it. */
  reference?: string;
  /** The collection a report would be about, when the service gave it. */
  collectionDate?: LocalDate;
  /** For `crew_reported`: the outcome recorded. */
  outcome?: string;
  /** The council's report window, when known. */
  windowWorkingDays?: number;
}

/**
 * Why a service cannot be reported now, in plain English. The property JSON gives a stable code
 * (`not_due`, `window_closed`, `crew_reported`, `duplicate`, …); anything we do not know is shown as given,
 * since a service may already send a sentence.
 */
export function blockedReasonText(facts: BlockedFacts, today: LocalDate, cutoff = '17:00'): string {
  const reason = facts.reportBlockedReason ?? '';
  const code = reason.split(':')[0].trim();
  const date = facts.collectionDate ?? facts.last?.date ?? (facts.next?.date === today ? today : undefined);
  switch (code) {
    case 'not_due':
      if (facts.next?.date === today || date === today) {
        return `Your collection is today. You can report it from ${clockTime(cutoff)} today if it has not been collected.`;
      }
      return 'There has not been a collection to report yet.';
    case 'window_closed':
      return date
        ? `It is too late to report the collection on ${longDate(date, today)}.${facts.windowWorkingDays ? ` Missed collections must be reported within ${facts.windowWorkingDays} working days.` : ''}`
        : 'It is too late to report the last collection.';
    case 'crew_reported': {
      const outcome = facts.outcome ?? facts.last?.outcome ?? 'not_presented';
      return date ? `${outcomeSentence(outcome, date, today)}.` : 'The crew recorded a problem with your last collection.';
    }
    case 'duplicate': {
      const ref = facts.reference ?? /([A-Z]{2,}-\d{2}-\d+)/.exec(reason)?.[1];
      return ref ? `Already reported: ${ref}` : 'This collection has already been reported.';
    }
    case 'not_available':
      return 'Missed collections for this service cannot be reported online yet. Please phone the council.';
    default:
      return reason || 'This collection cannot be reported online.';
  }
}
