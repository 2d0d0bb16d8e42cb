/**
 * Dates and numbers written each language's way. Council-local `YYYY-MM-DD` values are formatted as
 * noon UTC on that day in the UTC zone, so no server time zone or summer time can move them a day.
 * Welsh day and month names come from the platform's CLDR data ("Dydd Gwener 25 Rhagfyr");
 * ordinals from our own table, since Intl has no ordinal suffixes.
 */
import type { Lang } from './index.ts';

type LocalDate = string;
const LOCALE: Record<Lang, string> = { en: 'en-GB', cy: 'cy' };
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: Lang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(LOCALE[lang], { ...options, timeZone: 'UTC' })));
  return f;
}

const noonUtc = (d: LocalDate) => new Date(`${d}T12:00:00Z`);

/** "Friday 25 December" / "Dydd Gwener 25 Rhagfyr", with the year when asked. */
export function longDate(lang: Lang, d: LocalDate, withYear = false): string {
  const parts = formatter(lang, { weekday: 'long', day: 'numeric', month: 'long', ...(withYear ? { year: 'numeric' } : {}) })
    .formatToParts(noonUtc(d));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const text = `${get('weekday')} ${get('day')} ${get('month')}`;
  return withYear ? `${text} ${get('year')}` : text;
}

/** "Friday" / "Dydd Gwener". */
export const weekdayName = (lang: Lang, d: LocalDate): string => formatter(lang, { weekday: 'long' }).format(noonUtc(d));

/** "25 Dec" / "25 Rhag": for tables. */
export function shortDate(lang: Lang, d: LocalDate): string {
  const parts = formatter(lang, { day: 'numeric', month: 'short' }).formatToParts(noonUtc(d));
  return `${parts.find((p) => p.type === 'day')?.value} ${parts.find((p) => p.type === 'month')?.value?.replace(/\.$/, '')}`;
}

/** Welsh ordinal suffixes (1af, 2il, 3ydd, 4ydd, 5ed, 6ed, 7fed … 11eg …), English st/nd/rd/th. */
const CY_ORDINAL: Record<number, string> = {
  1: 'af', 2: 'il', 3: 'ydd', 4: 'ydd', 5: 'ed', 6: 'ed', 7: 'fed', 8: 'fed', 9: 'fed', 10: 'fed', 11: 'eg', 12: 'fed', 13: 'eg', 14: 'eg',
  15: 'fed', 16: 'eg', 17: 'eg', 18: 'fed', 19: 'eg', 20: 'fed', 21: 'ain', 22: 'ain', 23: 'ain', 24: 'ain', 25: 'ain', 26: 'ain',
  27: 'ain', 28: 'ain', 29: 'ain', 30: 'ain', 31: 'ain',
};

export function ordinal(lang: Lang, n: number): string {
  if (lang === 'cy') return `${n}${CY_ORDINAL[n] ?? 'fed'}`;
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** "5pm" / "5yp", "9:30am" / "9:30yb", "midday" / "canol dydd" from "HH:MM". */
export function clockTime(lang: Lang, hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number);
  if (h === 12 && m === 0) return lang === 'cy' ? 'canol dydd' : 'midday';
  const suffix = lang === 'cy' ? (h >= 12 ? 'yp' : 'yb') : h >= 12 ? 'pm' : 'am';
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return m ? `${h12}:${String(m).padStart(2, '0')}${suffix}` : `${h12}${suffix}`;
}
