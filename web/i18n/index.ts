/**
 * Message catalogues (DESIGN.md "Languages"): every text a resident, business customer or crew
 * reads comes from the catalogues (`en.json`, `cy.json` and one pair per capability, joined in
 * `catalogues.ts`) by key, never from a string in code. Keys are written out
 * literally where they are used (`t('find.title')`), so a test can find every key in use and fail on
 * one missing from a catalogue or present but unused.
 *
 * A message is a string with `{name}` placeholders, or, when it depends on a number, an object of
 * CLDR plural forms (`zero`, `one`, `two`, `few`, `many`, `other`): Welsh uses all six.
 */
import { cy, en } from './catalogues.ts';

export const LANGS = ['en', 'cy'] as const;
export type Lang = (typeof LANGS)[number];
export const isLang = (v: unknown): v is Lang => typeof v === 'string' && (LANGS as readonly string[]).includes(v);

type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
type Message = string | Plural;
export type Catalogue = Record<string, Message>;

export const CATALOGUES: Record<Lang, Catalogue> = { en, cy };
export type MessageKey = keyof typeof en;

const pluralRules = { en: new Intl.PluralRules('en-GB'), cy: new Intl.PluralRules('cy') };

export type Params = Record<string, string | number>;

/** The message for `key` in `lang`, placeholders filled; a plural message picks its form by `params.count`. */
export function translate(lang: Lang, key: MessageKey, params: Params = {}): string {
  const message = CATALOGUES[lang][key] ?? CATALOGUES.en[key];
  if (message === undefined) throw new Error(`no message "${key}"`);
  const text = typeof message === 'string'
    ? message
    : (message[pluralRules[lang].select(Number(params.count ?? 0))] ?? message.other);
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A translator bound to one language: what pages and emails call. */
export type Translate = (key: MessageKey, params?: Params) => string;
export const translator = (lang: Lang): Translate => (key, params) => translate(lang, key, params);
