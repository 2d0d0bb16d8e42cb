/**
 * CSV cells for exports officers open in spreadsheets: RFC 4180 quoting where a cell needs it, and a
 * leading apostrophe on cells that start like a formula (=, +, -, @, tab, CR) so a spreadsheet never
 * runs them. Values that are not text (JSON before/after in the audit log) are written as JSON.
 */
export function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV line (no line ending). */
export const csvLine = (values: unknown[]): string => values.map(csvCell).join(',');
