/** A contract statement as CSV: one row per month and line, money in pounds with two decimals. */
import { penceToDecimal } from '../../domain/commercial/charges.ts';
import { csvLine } from '../../domain/csv.ts';
import type { Statement } from './charges.ts';

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
  return rows.map(csvLine).join('\r\n') + '\r\n';
}
