/** A contract statement as CSV: one row per month and line, money in pounds with two decimals. */
import { penceToDecimal } from '../../domain/commercial/charges.ts';
import type { Statement } from './charges.ts';

const cell = (v: string | number): string => {
  const s = String(v);
  // Quote when needed; neutralise spreadsheet formulas in text cells.
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export const STATEMENT_CSV_HEADER = [
  'contract', 'month', 'from', 'to', 'service', 'service_name', 'container', 'quantity',
  'scheduled_lifts', 'collected_lifts', 'price_per_lift', 'charge',
];

export function statementCsv(s: Statement): string {
  const rows: Array<Array<string | number>> = [STATEMENT_CSV_HEADER];
  for (const m of s.months) {
    for (const l of m.lines) {
      rows.push([
        s.detail.contract.reference, m.month, m.from, m.to, l.service, l.serviceName, l.container, l.quantity,
        l.scheduledLifts, l.collectedLifts, penceToDecimal(l.pricePerLiftPence), penceToDecimal(l.chargePence),
      ]);
    }
  }
  rows.push([s.detail.contract.reference, 'total', s.from, s.to, '', '', '', '', '', '', '', penceToDecimal(s.totalPence)]);
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
