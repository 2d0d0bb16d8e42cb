/**
 * CSV cells for exports officers open in spreadsheets: RFC 4180 quoting where a cell needs it, and a
 * leading apostrophe on cells that start like a formula (=, +, -, @, tab, CR) so a spreadsheet never
 * runs them. Numbers are written as they are; other values that are not text (JSON before/after in the audit log) are written as JSON.
 */
export function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  // Only text is defused: a number such as -1 is data, not a formula.
  const safe = typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV line (no line ending). */
export const csvLine = (values: unknown[]): string => values.map(csvCell).join(',');
