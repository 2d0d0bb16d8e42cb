/**
 * Lifts and charges (DESIGN.md "Commercial"). A lift is one container emptied. Scheduled lifts of a
 * line in a period = the line's round collections at the site whose (adjusted) date falls within
 * [max(period from, contract start), min(period to, contract end)] and whose base date is within the
 * contract, cancellations excluded, × quantity. Charge = scheduled lifts × price per lift, in integer pence.
 * Collected lifts = distinct dates in the same window with a crew `collected` outcome for the site
 * and the line's service, × quantity (several taps on one date count once).
 */
import { addDays, type LocalDate } from '../dates.ts';

export interface Window {
  from: LocalDate;
  to: LocalDate;
}

/** The part of [from, to] the contract covers, or null when they do not meet. */
export function chargeWindow(period: Window, contract: { start: LocalDate; end: LocalDate }): Window | null {
  const from = period.from > contract.start ? period.from : contract.start;
  const to = period.to < contract.end ? period.to : contract.end;
  return from <= to ? { from, to } : null;
}

export interface LineInput {
  service: string;
  quantity: number;
  pricePerLiftPence: number;
}

export interface LineCharge {
  service: string;
  quantity: number;
  scheduledLifts: number;
  collectedLifts: number;
  pricePerLiftPence: number;
  chargePence: number;
}

/** One line's charge from the number of scheduled collections and distinct collected dates. */
export function lineCharge(line: LineInput, scheduledCollections: number, collectedDates: number): LineCharge {
  const scheduledLifts = scheduledCollections * line.quantity;
  return {
    service: line.service,
    quantity: line.quantity,
    scheduledLifts,
    collectedLifts: collectedDates * line.quantity,
    pricePerLiftPence: line.pricePerLiftPence,
    chargePence: scheduledLifts * line.pricePerLiftPence,
  };
}

export const totalPence = (lines: Array<{ chargePence: number }>): number => lines.reduce((sum, l) => sum + l.chargePence, 0);

/** Calendar months overlapping [from, to], each clipped to it: the statement's rows. */
export function monthsIn(window: Window): Array<Window & { month: string }> {
  const out: Array<Window & { month: string }> = [];
  let cursor = window.from;
  while (cursor <= window.to) {
    const month = cursor.slice(0, 7);
    const next = nextMonthStart(month);
    const last = addDays(next, -1);
    out.push({ month, from: cursor, to: last < window.to ? last : window.to });
    cursor = next;
  }
  return out;
}

function nextMonthStart(month: string): LocalDate {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** "£1,234.56" from pence. */
export function formatPounds(pence: number): string {
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  const pounds = Math.floor(abs / 100).toLocaleString('en-GB');
  return `${sign}£${pounds}.${String(abs % 100).padStart(2, '0')}`;
}

/** "1234.56" from pence, for CSV (no currency sign or thousands separator). */
export const penceToDecimal = (pence: number): string =>
  `${pence < 0 ? '-' : ''}${Math.floor(Math.abs(pence) / 100)}.${String(Math.abs(pence) % 100).padStart(2, '0')}`;
