/**
 * UPRNs (Unique Property Reference Numbers): 1–12 decimal digits, value ≥ 1.
 *
 * Leading zeros are accepted ("000012345678" is UPRN 12345678) because spreadsheets and some
 * council exports pad UPRNs to 12 characters; the value is what identifies the property, and
 * it is stored and shown without padding. The 12-digit limit applies to the text as written,
 * padding included, so nothing longer than a UPRN field is ever accepted.
 */

export const MAX_UPRN = 999_999_999_999;
const UPRN_RE = /^[0-9]{1,12}$/;

/** The UPRN's value, or null when `s` is not 1–12 digits with a value of at least 1. */
export function parseUprn(s: unknown): number | null {
  if (typeof s === 'number') {
    return Number.isSafeInteger(s) && s >= 1 && s <= MAX_UPRN ? s : null;
  }
  if (typeof s !== 'string') return null;
  const text = s.trim();
  if (!UPRN_RE.test(text)) return null;
  const value = Number(text);
  return value >= 1 ? value : null;
}

export const UPRN_MESSAGE = 'must be 1–12 digits';
