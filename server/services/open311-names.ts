/** A bundle name (`"Sofa"` or `{ en, cy }`) in one language. */
import type { Lang } from '../../web/i18n/index.ts';

export const pickName = (name: string | { en?: string; cy?: string }, lang: Lang): string =>
  typeof name === 'string' ? name : name[lang] ?? name.en ?? name.cy ?? '';
