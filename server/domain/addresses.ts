/**
 * Ordering addresses the way people read a street: by street, then building number naturally
 * (2 before 10, 10 before 10A before 12), then flats within the building
 * ("10 High Street", "Flat 1, 10 High Street", "Flat 2, 10 High Street", "12 High Street").
 * Pure: strings in, order out.
 */

/**
 * The premises part at the start of an address: tokens holding a digit, each optionally preceded
 * by a word such as "Flat" and followed by a comma ("Flat 2, 10 ", "12A "). Kept in step with
 * `PREMISES_PREFIX_SQL`, which the search query orders by before it takes its first results.
 */
const PREMISES_PREFIX = /^(?:(?:flat|apartment|apt|unit|room|house)\s+)?[^\s,]*[0-9][^\s,]*,?\s+(?:(?:(?:flat|apartment|apt|unit|room|house)\s+)?[^\s,]*[0-9][^\s,]*,?\s+)*/i;

/** The same prefix as a PostgreSQL regular expression (ARE; used with the case-insensitive flag). */
export const PREMISES_PREFIX_SQL =
  '^((((flat|apartment|apt|unit|room|house)[[:space:]]+)?[^[:space:],]*[0-9][^[:space:],]*,?[[:space:]]+)+)';

export interface AddressKey {
  /** The street and the rest, lower case: "high street, demo". */
  street: string;
  /** The building number: the last token holding a digit in the premises prefix ("10", "12A"), or "". */
  building: string;
}

export function addressKey(address: string): AddressKey {
  const prefix = PREMISES_PREFIX.exec(address)?.[0] ?? '';
  const tokens = prefix.match(/[^\s,]*[0-9][^\s,]*/g) ?? [];
  return { street: address.slice(prefix.length).trim().toLowerCase(), building: tokens[tokens.length - 1] ?? '' };
}

const collator = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

/** Compares two addresses naturally: street, building number, then the whole address. */
export function compareAddresses(a: string, b: string): number {
  const ka = addressKey(a);
  const kb = addressKey(b);
  return (
    collator.compare(ka.street, kb.street) ||
    collator.compare(ka.building, kb.building) ||
    collator.compare(a, b) ||
    (a < b ? -1 : a > b ? 1 : 0)
  );
}

/** `q` as a LIKE pattern fragment, with `\`, `%` and `_` taken literally. */
export const escapeLike = (q: string): string => q.replace(/[\\%_]/g, (ch) => '\\' + ch);
