/**
 * Names councils supply (services, containers): a plain string for every language, or one per
 * language. The stored plain name is the council's first language's; `pick` chooses the page's.
 */
import type { Lang } from './index.ts';

export type Names = { en?: string; cy?: string } | null | undefined;

/** The name in `lang`, else the stored default. */
export const pick = (plain: string, names: Names, lang: Lang): string => names?.[lang] ?? plain;

/** What the bundle gave, as the stored default (the first language that has one) and the per-language map. */
export function splitLocal(value: string | { en?: string; cy?: string }, languages: readonly string[]): { plain: string; names: Names } {
  if (typeof value === 'string') return { plain: value, names: null };
  const first = languages.find((l) => value[l as Lang] !== undefined) as Lang | undefined;
  return { plain: (first ? value[first] : value.en ?? value.cy)!, names: value };
}
