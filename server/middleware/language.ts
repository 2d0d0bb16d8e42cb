/**
 * Which language a page is in (DESIGN.md "Languages"): `?lang=cy|en`, then the `lang` cookie, then
 * the first of the languages the page is offered in. A `?lang=` the page offers is remembered in
 * the cookie (a year), so the switch follows the person from page to page. An unknown or unoffered
 * language falls back; it is never an error.
 */
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { sql } from 'drizzle-orm';
import type { AppEnv } from '../context.ts';
import { isLang, LANGS, translator, type Lang } from '../../web/i18n/index.ts';
import type { PageLanguage } from '../../web/i18n/context.ts';

export const LANG_COOKIE = 'lang';

export function pickLanguage(c: Context<AppEnv>, offered: readonly Lang[]): Lang {
  const asked = c.req.query('lang');
  if (isLang(asked) && offered.includes(asked)) {
    if (getCookie(c, LANG_COOKIE) !== asked) {
      setCookie(c, LANG_COOKIE, asked, { path: '/', sameSite: 'Lax', maxAge: 365 * 86_400, httpOnly: true });
    }
    return asked;
  }
  const remembered = getCookie(c, LANG_COOKIE);
  if (isLang(remembered) && offered.includes(remembered)) return remembered;
  return offered[0] ?? 'en';
}

/** This request's path and query with `lang` set: the switch keeps the page the person is on. */
export function hrefWithLang(c: Context<AppEnv>, lang: Lang): string {
  const url = new URL(c.req.url);
  url.searchParams.set('lang', lang);
  return `${url.pathname}?${url.searchParams.toString()}`;
}

/** Sets the page's language for `render()`: call it in a page route with the languages it offers. */
export function useLanguage(c: Context<AppEnv>, offered: readonly Lang[]): PageLanguage {
  const list = offered.length ? [...offered] : ['en' as Lang];
  const lang = pickLanguage(c, list);
  const language: PageLanguage = { lang, t: translator(lang), offered: list, hrefFor: (l) => hrefWithLang(c, l) };
  c.set('language', language);
  return language;
}

/**
 * Pages of no council in particular (find your bin day, track a report, sign in) are offered in
 * every language some council lists. One small query over the councils table (a few rows).
 */
export async function languagesInUse(c: Context<AppEnv>): Promise<Lang[]> {
  // With the database away the page still renders (in English): the home page needs nothing else from it.
  const rows = (await c.var.deps.db.execute(sql`select distinct jsonb_array_elements_text(languages) as lang from councils`).catch(() => [])) as any;
  const found = new Set<string>(((rows.rows ?? rows) as Array<{ lang: string }>).map((r) => r.lang));
  return LANGS.filter((l) => l === 'en' || found.has(l));
}
