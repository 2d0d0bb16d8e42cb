/**
 * The crew app's words. The server puts the catalogue's `crew.*` messages for the shell's language
 * in the shell as JSON, with the day and month names, (`<script type="application/json" id="crew-messages">`, data, not script, so
 * the CSP is unaffected), so no text lives in client code and the cached shell carries its own
 * words offline. Plurals pick their CLDR form (Welsh has six).
 */
import type { MessageKey, Params } from '../../i18n/index.ts';
import { OUTCOME_KEYS } from './outcomes.ts';

type Message = string | (Partial<Record<Intl.LDMLPluralRule, string>> & { other: string });

const data = JSON.parse(document.getElementById('crew-messages')?.textContent || '{}') as { lang?: string; chosen?: boolean; messages?: Record<string, Message>; days?: string[]; months?: string[] };

/** The shell's language: `en` or `cy`. */
export const lang = data.lang === 'cy' ? 'cy' : 'en';

/**
 * CLDR's plural rules for whole numbers, written out: a phone's browser may lack Welsh locale data
 * (Intl would then answer with English rules, and "2 ganlyniad" would lose its form).
 */
const CY_FORMS: Record<number, Intl.LDMLPluralRule> = { 0: 'zero', 1: 'one', 2: 'two', 3: 'few', 6: 'many' };
const pluralForm = (n: number): Intl.LDMLPluralRule => (lang === 'cy' ? (CY_FORMS[n] ?? 'other') : n === 1 ? 'one' : 'other');
const messages = data.messages ?? {};

/**
 * Once the crew's council is known: a shell in a language that council does not offer, or in the
 * deployment's default when nobody chose one, is swapped for the council's first language (the
 * server remembers it in the cookie, as the switch does). Returns true when the page is leaving.
 */
export function followCouncil(languages: readonly string[] | undefined): boolean {
  const first = languages?.[0];
  if (!first || first === lang) return false;
  if (data.chosen && languages!.includes(lang)) return false;
  location.replace(`/crew/?lang=${encodeURIComponent(first)}${location.hash}`);
  return true;
}

/** The message for a `crew.*` key, placeholders filled; a plural message picks its form by `params.count`. */
export function t(key: MessageKey, params: Params = {}): string {
  const message = messages[key];
  if (message === undefined) return key;
  const text = typeof message === 'string' ? message : (message[pluralForm(Number(params.count ?? 0))] ?? message.other);
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A stored outcome code as the crew reads it. */
export const outcomeLabel = (code: string): string => (OUTCOME_KEYS[code] ? t(OUTCOME_KEYS[code]) : code);

/** The phone's local time of an instant, 24-hour ("07:45"), the same in both languages. */
export const time = (iso: string) => new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });

/** "Tuesday 7 September 2027" / "Dydd Mawrth 7 Medi 2027", from the names the server sent (Sunday first). */
export function longDate(d: string): string {
  const day = new Date(`${d}T12:00:00Z`);
  const weekday = data.days?.[day.getUTCDay()] ?? '';
  const month = data.months?.[day.getUTCMonth()] ?? '';
  return `${weekday} ${day.getUTCDate()} ${month} ${day.getUTCFullYear()}`.trim();
}
