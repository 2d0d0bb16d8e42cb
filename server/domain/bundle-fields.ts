/**
 * Field types shared by the bundle's sections (bundle.ts) and the request settings
 * (requests/config.ts): kept apart so either can use them without importing the other.
 */
import { z } from 'zod';

export const text = (max = 200) => z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`);

/** A council-scoped code (service, round, item ids). */
export const code = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be a code of letters, digits, "-", "_" or "." (at most 64)');

/**
 * A name residents read, in one language for all (a string) or per language
 * (`{ "en": "Rubbish", "cy": "Sbwriel" }`, DESIGN.md "Languages").
 */
export const localText = (max = 200) => z.union([
  text(max),
  z.strictObject({ en: text(max).optional(), cy: text(max).optional() })
    .refine((o) => o.en !== undefined || o.cy !== undefined, 'needs "en" or "cy"'),
]);
export type LocalText = z.infer<ReturnType<typeof localText>>;
