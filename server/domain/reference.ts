/**
 * Report references like `KB-26-000123`: a fixed prefix, the two-digit year the report was made
 * (council-local), and a number from one counter per year for the whole deployment, so a
 * reference is unique across councils (it is the primary key). Past 999,999 in a year the number
 * simply grows a digit.
 */
export const REFERENCE_PREFIX = 'KB';
export const REFERENCE_RE = /^KB-\d{2}-\d{6,9}$/;

/** The counter row for a year, e.g. `KB-26`. */
export const counterKey = (year: number): string => `${REFERENCE_PREFIX}-${String(year % 100).padStart(2, '0')}`;

export const formatReference = (year: number, n: number): string => `${counterKey(year)}-${String(n).padStart(6, '0')}`;

/** Normalises user input (case, spaces) to a reference, or null when it cannot be one. */
export function parseReference(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const s = input.trim().toUpperCase();
  return REFERENCE_RE.test(s) ? s : null;
}
