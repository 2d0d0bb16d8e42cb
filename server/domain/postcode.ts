/**
 * UK postcodes: normalise (upper case, no stray spaces, one space before the inward code) and
 * validate against the BS 7666 shapes: A9 9AA, A99 9AA, A9A 9AA, AA9 9AA, AA99 9AA, AA9A 9AA,
 * plus the special GIR 0AA. Letter positions follow the Royal Mail rules (e.g. Q, V, X never
 * start a postcode; the inward letters never use C, I, K, M, O or V), so typos like "SW1A 1AC"
 * are refused rather than stored.
 */

const FIRST = 'ABCDEFGHIJKLMNOPRSTUWYZ'; // not Q, V, X
const SECOND = 'ABCDEFGHKLMNOPQRSTUVWXY'; // not I, J, Z
const THIRD = 'ABCDEFGHJKPSTUW'; // A9A outward codes
const FOURTH = 'ABEHMNPRVWXY'; // AA9A outward codes
const INWARD = 'ABDEFGHJLNPQRSTUWXYZ'; // not C, I, K, M, O, V

const OUTWARD_RE = new RegExp(
  [
    `^[${FIRST}][0-9]$`, // A9
    `^[${FIRST}][0-9][0-9]$`, // A99
    `^[${FIRST}][0-9][${THIRD}]$`, // A9A
    `^[${FIRST}][${SECOND}][0-9]$`, // AA9
    `^[${FIRST}][${SECOND}][0-9][0-9]$`, // AA99
    `^[${FIRST}][${SECOND}][0-9][${FOURTH}]$`, // AA9A
  ].join('|'),
);
const INWARD_RE = new RegExp(`^[0-9][${INWARD}]{2}$`);

/** The normalised postcode ("DE1 1AA"), or null when `s` is not a valid UK postcode. */
export function normalisePostcode(s: unknown): string | null {
  if (typeof s !== 'string') return null;
  const compact = s.replace(/\s+/g, '').toUpperCase();
  if (compact.length < 5 || compact.length > 7) return null;
  const outward = compact.slice(0, -3);
  const inward = compact.slice(-3);
  if (outward === 'GIR' && inward === '0AA') return 'GIR 0AA';
  if (!OUTWARD_RE.test(outward) || !INWARD_RE.test(inward)) return null;
  return `${outward} ${inward}`;
}

export const isValidPostcode = (s: unknown): boolean => normalisePostcode(s) !== null;

/** The outward code ("DE1") of a normalised postcode. */
export const outwardCode = (normalised: string): string => normalised.split(' ')[0];
