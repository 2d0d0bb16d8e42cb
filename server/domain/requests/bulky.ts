/**
 * Bulky waste bookings, the pure rules (DESIGN.md "Requests and payments", docs/requests.md "Bulky"):
 * the price of a list of items, the cut-off for a date, the dates that can be booked and what a
 * cancellation gets back. No database, no clock: callers pass "now" and the council's calendar.
 */
import { addDays, dayNumber, fromDayNumber, instantAt, isoWeekday, type LocalDate } from '../dates.ts';
import { isWorkingDay, type HolidayCalendar } from '../holidays.ts';
import { DomainError } from '../../errors.ts';
import type { BulkyConfig } from './config.ts';

export interface BookedItem {
  id: string;
  quantity: number;
}

/** Slots are listed this far ahead (DESIGN.md: the next 8 weeks). */
export const BOOKING_WINDOW_DAYS = 56;

/** Same items merged (a form may list `sofa` twice), in the council's order; unknown ids refused. */
export function normaliseItems(config: BulkyConfig, items: BookedItem[]): BookedItem[] {
  const known = new Set(config.items.map((i) => i.id));
  const totals = new Map<string, number>();
  for (const item of items) {
    if (!known.has(item.id)) throw new DomainError('unknown_item', `The council does not collect "${item.id}".`, 422, { item: item.id });
    totals.set(item.id, (totals.get(item.id) ?? 0) + item.quantity);
  }
  return config.items.filter((i) => totals.has(i.id)).map((i) => ({ id: i.id, quantity: totals.get(i.id)! }));
}

/**
 * What `items` cost: `pricePence` covers up to `itemsIncluded` items (the sum of quantities), each
 * further item `extraItemPence`, at most `maxItems` (`too_many_items`). At least one item.
 */
export function bulkyPrice(config: BulkyConfig, items: BookedItem[]): { pence: number; count: number; items: BookedItem[] } {
  const merged = normaliseItems(config, items);
  const count = merged.reduce((n, i) => n + i.quantity, 0);
  if (count < 1) throw new DomainError('invalid_request', 'Choose at least one item.', 400);
  if (count > config.maxItems) {
    throw new DomainError('too_many_items', `At most ${config.maxItems} items can be collected in one booking.`, 422, { maxItems: config.maxItems });
  }
  const extra = Math.max(0, count - config.itemsIncluded);
  return { pence: config.pricePence + extra * config.extraItemPence, count, items: merged };
}

/** The working day `n` working days before `day` (n = 0: the day itself, or the working day before it if it is not one). */
export function workingDaysBefore(day: LocalDate, n: number, holidays: HolidayCalendar): LocalDate {
  let d = dayNumber(day);
  if (n === 0) {
    while (!isWorkingDay(d, holidays)) d--;
    return fromDayNumber(d);
  }
  let left = n;
  while (left > 0) {
    d--;
    if (isWorkingDay(d, holidays)) left--;
  }
  return fromDayNumber(d);
}

/** When booking, amending and cancelling for `date` close: `time` on the working day `workingDaysBefore` it. */
export function cutoffAt(config: BulkyConfig, date: LocalDate, holidays: HolidayCalendar, timeZone: string): Date {
  return instantAt(workingDaysBefore(date, config.cutoff.workingDaysBefore, holidays), config.cutoff.time, timeZone);
}

export const beforeCutoff = (config: BulkyConfig, date: LocalDate, now: Date, holidays: HolidayCalendar, timeZone: string): boolean =>
  now.getTime() < cutoffAt(config, date, holidays, timeZone).getTime();

/**
 * The round collecting bookings on a date, as the schedule says: the council's bulky-stream
 * rounds' collections on that (adjusted) date. Undefined: no bulky round runs that day.
 */
export type BulkyRoundOn = (date: LocalDate) => { roundId: string; originalDate: LocalDate } | undefined;

/**
 * The dates a resident may book: from today to 8 weeks ahead, a bulky-stream round collects that
 * day, the *usual* day of that collection is one of `weekdays` (so a bank holiday that slips the
 * Tuesday round to Wednesday makes Wednesday bookable and Tuesday not; a cancelled collection is
 * no date at all), and the cut-off has not passed.
 */
export function bookableDates(
  config: BulkyConfig,
  input: { today: LocalDate; now: Date; holidays: HolidayCalendar; timeZone: string; roundOn: BulkyRoundOn },
): Array<{ date: LocalDate; roundId: string }> {
  const out: Array<{ date: LocalDate; roundId: string }> = [];
  const weekdays = new Set(config.weekdays);
  for (let i = 0; i <= BOOKING_WINDOW_DAYS; i++) {
    const date = addDays(input.today, i);
    const round = input.roundOn(date);
    if (!round || !weekdays.has(isoWeekday(round.originalDate))) continue;
    if (!beforeCutoff(config, date, input.now, input.holidays, input.timeZone)) continue;
    out.push({ date, roundId: round.roundId });
  }
  return out;
}

/** Whether `date` may be booked (or moved to) now: one of `bookableDates`. */
export function bookableRound(
  config: BulkyConfig,
  date: LocalDate,
  input: { today: LocalDate; now: Date; holidays: HolidayCalendar; timeZone: string; roundOn: BulkyRoundOn },
): string | undefined {
  return bookableDates(config, input).find((d) => d.date === date)?.roundId;
}

export const pastCutoff = () =>
  new DomainError('past_cutoff', 'Bookings can no longer be changed or cancelled for this date: the cut-off has passed.', 422);

/**
 * What cancelling gets back: before the cut-off, everything paid under `refund: full`, nothing under
 * `none`; after it, cancelling is refused (`past_cutoff`). An unpaid (pending) booking has nothing to refund.
 */
export function cancelRefund(config: BulkyConfig, paidPence: number, isBeforeCutoff: boolean): number {
  if (!isBeforeCutoff) throw pastCutoff();
  return config.refund === 'full' ? paidPence : 0;
}

/**
 * An amendment's money: the new price against what was paid. A fall refunds the difference
 * (whatever `refund` says: the resident pays for what is collected); a rise is refused with
 * `amend_costs_more` (cancel and book again), so an amendment never needs a second payment.
 */
export function amendDifference(paidPence: number, newPence: number): { refundPence: number } {
  if (newPence > paidPence) {
    throw new DomainError('amend_costs_more', 'Those items cost more than you paid. Cancel this booking and make a new one instead.', 422, {
      amountPence: newPence, paidPence,
    });
  }
  return { refundPence: paidPence - newPence };
}

/** An item's name in `language`, falling back to the other language (bundle names are `"Sofa"` or `{ en, cy }`). */
export function itemName(config: BulkyConfig, id: string, language: string): string {
  const name = config.items.find((i) => i.id === id)?.name;
  if (name === undefined) return id;
  if (typeof name === 'string') return name;
  return (language === 'cy' ? name.cy ?? name.en : name.en ?? name.cy) ?? id;
}

/** "Sofa × 1" lines, for crews, emails and the request page. */
export const itemLines = (config: BulkyConfig, items: BookedItem[], language: string): string[] =>
  items.map((i) => `${itemName(config, i.id, language)} × ${i.quantity}`);
