/**
 * Resident wording: dates relative to today, what the crew recorded, why a collection cannot be
 * reported. Pure functions of plain values (no clock reads), in the page's language; every text
 * comes from the message catalogues (web/i18n). `lang` defaults to English for staff pages.
 */
import { addDays, localDateAt, type LocalDate } from '../../server/domain/dates.ts';
import { translate, type Lang, type MessageKey } from '../i18n/index.ts';
import { clockTime as clockIn, longDate as longIn } from '../i18n/dates.ts';

/** "Today", "Tomorrow" or "Tuesday 1 September" (with the year when it is not this year's). */
export function relativeDay(date: LocalDate, today: LocalDate, lang: Lang = 'en'): string {
  if (date === today) return translate(lang, 'dates.today');
  if (date === addDays(today, 1)) return translate(lang, 'dates.tomorrow');
  if (date === addDays(today, -1)) return translate(lang, 'dates.yesterday');
  return longDate(date, today, lang);
}

/** "Tuesday 1 September", adding the year only when it differs from today's. */
export const longDate = (date: LocalDate, today: LocalDate, lang: Lang = 'en'): string =>
  longIn(lang, date, date.slice(0, 4) !== today.slice(0, 4));

/** The council-local date of an instant (ISO string or Date), for "sorted by" dates. */
export const localDateOf = (instant: string | Date, timeZone = 'Europe/London'): LocalDate =>
  localDateAt(typeof instant === 'string' ? new Date(instant) : instant, timeZone);

const OUTCOMES = ['collected', 'not_presented', 'contaminated', 'excess_waste', 'no_access', 'too_heavy', 'damaged_container'] as const;
const known = (outcome: string) => (OUTCOMES as readonly string[]).includes(outcome);

/** "The crew emptied your bin on Friday 25 December". */
export function outcomeSentence(outcome: string, date: LocalDate, today: LocalDate, lang: Lang = 'en'): string {
  const day = longDate(date, today, lang);
  if (!known(outcome)) return translate(lang, 'outcome_sentence.other', { outcome: outcome.replace(/_/g, ' '), date: day });
  return translate(lang, `outcome_sentence.${outcome}` as MessageKey, { date: day });
}

/** Short outcome label for tables and the "last collection" row. */
export const outcomeLabel = (outcome: string, lang: Lang = 'en'): string =>
  known(outcome) ? translate(lang, `outcome.${outcome}` as MessageKey) : outcome.replace(/_/g, ' ');

/** A missed report's status as residents read it ("Received", "Crew booked"…). */
export const statusLabel = (status: string, lang: Lang = 'en'): string =>
  ['open', 'scheduled', 'resolved', 'closed'].includes(status) ? translate(lang, `report_status.${status}` as MessageKey) : status;

/** English labels by key, for staff pages that list them. */
export const OUTCOME_LABEL: Record<string, string> = Object.fromEntries(OUTCOMES.map((o) => [o, outcomeLabel(o)]));
export const STATUS_LABEL: Record<string, string> = Object.fromEntries(['open', 'scheduled', 'resolved', 'closed'].map((s) => [s, statusLabel(s)]));

export const STATUS_TAG_CLASS: Record<string, string> = {
  open: 'govuk-tag--blue',
  scheduled: 'govuk-tag--yellow',
  resolved: 'govuk-tag--green',
  closed: 'govuk-tag--grey',
};

/** "5pm" from "17:00"; "5:30pm" from "17:30"; Welsh "5yp". */
export const clockTime = (hhmm: string, lang: Lang = 'en'): string => clockIn(lang, hhmm);

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
 * Why a service cannot be reported now, in words. The property JSON gives a stable code
 * (`not_due`, `window_closed`, `crew_reported`, `duplicate`, …); anything we do not know is shown as given,
 * since a service may already send a sentence.
 */
export function blockedReasonText(facts: BlockedFacts, today: LocalDate, cutoff = '17:00', lang: Lang = 'en'): string {
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(lang, key, params);
  const reason = facts.reportBlockedReason ?? '';
  const code = reason.split(':')[0].trim();
  const date = facts.collectionDate ?? facts.last?.date ?? (facts.next?.date === today ? today : undefined);
  switch (code) {
    case 'not_due':
      if (facts.next?.date === today || date === today) return t('blocked.today', { time: clockTime(cutoff, lang) });
      return t('blocked.not_yet');
    case 'window_closed':
      if (!date) return t('blocked.too_late_last');
      return facts.windowWorkingDays
        ? `${t('blocked.too_late', { date: longDate(date, today, lang) })} ${t('blocked.window', { count: facts.windowWorkingDays })}`
        : t('blocked.too_late', { date: longDate(date, today, lang) });
    case 'crew_reported': {
      const outcome = facts.outcome ?? facts.last?.outcome ?? 'not_presented';
      return date ? `${outcomeSentence(outcome, date, today, lang)}.` : t('blocked.crew_problem');
    }
    case 'duplicate': {
      const ref = facts.reference ?? /([A-Z]{2,}-\d{2}-\d+)/.exec(reason)?.[1];
      return ref ? t('blocked.already_reported', { reference: ref }) : t('blocked.already_reported_plain');
    }
    case 'not_available':
      return t('blocked.not_available');
    default:
      return reason || t('blocked.cannot');
  }
}
