/**
 * The page's language, for every component: `render()` provides it, components read it with
 * `useLang()` (the language, its translator, and the same page's address in each language for the
 * switch and the `hreflang` alternates). No page passes the language down by hand.
 */
import { createContext, useContext } from 'hono/jsx';
import { translator, type Lang, type Translate } from './index.ts';

export interface PageLanguage {
  lang: Lang;
  t: Translate;
  /** The languages the page is offered in (the council's, or every language on pages of no council). */
  offered: Lang[];
  /** This page's path and query with `lang` set to each offered language. */
  hrefFor: (lang: Lang) => string;
}

export const ENGLISH: PageLanguage = { lang: 'en', t: translator('en'), offered: ['en'], hrefFor: () => '?lang=en' };

export const LangContext = createContext<PageLanguage>(ENGLISH);

export const useLang = (): PageLanguage => useContext(LangContext);
