/**
 * Checks on a contract before it is stored (issue 7 "Bad input"): the site must be commercial or
 * mixed, every line needs an EWC code and a price of zero or more, a whole number of containers,
 * and two contracts must not cover the same site and stream over overlapping periods.
 */
import { addDays, type LocalDate } from '../dates.ts';
import { isEwcCode } from './ewc.ts';

export interface RuleViolation {
  code: 'site_not_commercial' | 'ewc_code_missing' | 'invalid_ewc_code' | 'negative_price' | 'invalid_quantity'
    | 'overlapping_contract' | 'invalid_period' | 'no_lines';
  message: string;
  path?: string;
}

export interface DraftLine {
  service: string;
  stream: string;
  ewcCode?: string | null;
  pricePerLiftPence: number;
  quantity: number;
}

export interface DraftContract {
  reference: string;
  uprn: number;
  start: LocalDate;
  end: LocalDate;
  status: string;
  siteKind: string;
  lines: DraftLine[];
}

/** Another contract at the same site, with the streams of its lines. */
export interface SiteContract {
  reference: string;
  start: LocalDate;
  end: LocalDate;
  status: string;
  streams: string[];
}

const overlaps = (a: { start: LocalDate; end: LocalDate }, b: { start: LocalDate; end: LocalDate }) =>
  a.start <= b.end && b.start <= a.end;

export function contractViolations(draft: DraftContract, others: SiteContract[]): RuleViolation[] {
  const out: RuleViolation[] = [];
  if (draft.siteKind !== 'commercial' && draft.siteKind !== 'mixed') {
    out.push({ code: 'site_not_commercial', message: `UPRN ${draft.uprn} is a ${draft.siteKind} property; contracts need a commercial or mixed site.`, path: 'uprn' });
  }
  if (draft.end < draft.start) out.push({ code: 'invalid_period', message: 'The contract ends before it starts.', path: 'end' });
  draft.lines.forEach((l, i) => {
    if (!l.ewcCode || !l.ewcCode.trim()) {
      out.push({ code: 'ewc_code_missing', message: `Line ${i + 1} (${l.service}) has no EWC code.`, path: `lines[${i}].ewcCode` });
    } else if (!isEwcCode(l.ewcCode)) {
      out.push({ code: 'invalid_ewc_code', message: `Line ${i + 1}: "${l.ewcCode}" is not an EWC code such as "20 03 01".`, path: `lines[${i}].ewcCode` });
    }
    if (!Number.isInteger(l.pricePerLiftPence) || l.pricePerLiftPence < 0) {
      out.push({ code: 'negative_price', message: `Line ${i + 1}: the price per lift must be a whole number of pence, zero or more.`, path: `lines[${i}].pricePerLiftPence` });
    }
    if (!Number.isInteger(l.quantity) || l.quantity < 1) {
      out.push({ code: 'invalid_quantity', message: `Line ${i + 1}: the quantity must be a whole number of containers, at least 1.`, path: `lines[${i}].quantity` });
    }
  });
  // Ended and draft contracts do not hold the site; active and suspended ones do.
  const streams = new Set(draft.lines.map((l) => l.stream));
  if (draft.status !== 'ended') {
    for (const o of others) {
      if (o.reference === draft.reference || o.status === 'ended' || o.status === 'draft') continue;
      if (!overlaps(draft, o)) continue;
      const shared = o.streams.filter((s) => streams.has(s));
      if (shared.length) {
        out.push({
          code: 'overlapping_contract',
          message: `Contract ${o.reference} already covers ${shared.join(', ')} at UPRN ${draft.uprn} from ${o.start} to ${o.end}.`,
          path: 'start',
        });
      }
    }
  }
  return out;
}

/** The last day of a 12-month period starting on `start` (a transfer note covers at most this). */
export function twelveMonthsEnd(start: LocalDate): LocalDate {
  const y = Number(start.slice(0, 4)) + 1;
  const md = start.slice(5);
  // Same day next year, minus one day (29 Feb start → 28 Feb next year).
  const sameDay = md === '02-29' ? `${y}-03-01` : `${y}-${md}`;
  return addDays(sameDay, -1);
}
