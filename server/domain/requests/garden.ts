/**
 * Garden waste subscriptions, the pure rules (DESIGN.md "Requests and payments"; docs/requests.md
 * "Garden"): the subscription year, which year a payment buys, prices for new and added bins, and
 * what a cancelled subscription gets back. Dates are council-local `YYYY-MM-DD`; money is integer
 * pence and every division is done in integers (no floating-point pennies).
 */
import { addDays, daysBetween, type LocalDate } from '../dates.ts';
import type { GardenConfig } from './config.ts';

export interface SubscriptionYear {
  /** The year's first day (`startsOn` in that calendar year). */
  start: LocalDate;
  /** The day before the next year's start (inclusive). */
  end: LocalDate;
}

/** `startsOn` (`MM-DD`) in calendar year `y`. 29 February is refused by the config, so it always exists. */
const startIn = (y: number, startsOn: string): LocalDate => `${String(y).padStart(4, '0')}-${startsOn}`;

/** The subscription year that contains `date`. */
export function yearContaining(date: LocalDate, startsOn: string): SubscriptionYear {
  const y = +date.slice(0, 4);
  const thisYear = startIn(y, startsOn);
  const start = date >= thisYear ? thisYear : startIn(y - 1, startsOn);
  const next = startIn(+start.slice(0, 4) + 1, startsOn);
  return { start, end: addDays(next, -1) };
}

/** The year after `year`. */
export const followingYear = (year: SubscriptionYear, startsOn: string): SubscriptionYear =>
  yearContaining(addDays(year.end, 1), startsOn);

/** Days in the year: 365, or 366 when it holds a 29 February. */
export const yearLength = (year: SubscriptionYear): number => daysBetween(year.start, year.end) + 1;

/**
 * The first day a payment buys the coming year: `renewalOpensDaysBefore` days before it starts
 * (0: never early, a payment always buys the year it is made in).
 */
export function renewalOpensOn(year: SubscriptionYear, config: Pick<GardenConfig, 'year' | 'renewalOpensDaysBefore'>): LocalDate | null {
  if (config.renewalOpensDaysBefore <= 0) return null;
  const next = followingYear(year, config.year.startsOn);
  return addDays(next.start, -config.renewalOpensDaysBefore);
}

/**
 * The year a payment made on `day` buys: the coming one once its renewal has opened
 * (`renewalOpensDaysBefore` days or fewer before it starts), else the one `day` is in.
 */
export function yearBought(day: LocalDate, config: Pick<GardenConfig, 'year' | 'renewalOpensDaysBefore'>): SubscriptionYear {
  const current = yearContaining(day, config.year.startsOn);
  const opens = renewalOpensOn(current, config);
  return opens !== null && day >= opens ? followingYear(current, config.year.startsOn) : current;
}

/** Whether `day` is in the renewal window before the year after `day`'s year. */
export function renewalOpen(day: LocalDate, config: Pick<GardenConfig, 'year' | 'renewalOpensDaysBefore'>): boolean {
  return yearBought(day, config).start > day;
}

/** The price of one bin for this resident: the concession price when they qualify and the council has one. */
export function pricePerBin(config: Pick<GardenConfig, 'pricePencePerBin' | 'concessionPencePerBin'>, concession: boolean): number {
  return concession && config.concessionPencePerBin !== undefined ? config.concessionPencePerBin : config.pricePencePerBin;
}

/** A new subscription (or a renewal): bins × price, whenever in the year it starts. */
export function subscriptionPrice(config: Pick<GardenConfig, 'pricePencePerBin' | 'concessionPencePerBin'>, bins: number, concession: boolean): number {
  return bins * pricePerBin(config, concession);
}

/**
 * `numerator / denominator` to the nearest whole number, a half rounded up, in integers
 * (numerator ≥ 0, denominator > 0). Prices and refunds are rounded to the nearest penny this way.
 */
export function roundedShare(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/**
 * Days of `year` still to come after `day` (collections stop or start from the day after `day`):
 * the whole year when `day` is before it, 0 on or after its last day.
 */
export function daysLeftAfter(day: LocalDate, year: SubscriptionYear): number {
  if (day < year.start) return yearLength(year);
  return Math.max(0, daysBetween(day, year.end));
}

/**
 * Bins added to an existing subscription on `day`: `full_price` is bins × price; `pro_rata` is that
 * times the share of the year left after `day`, to the nearest penny (half a penny up).
 */
export function addedBinsPrice(config: GardenConfig, bins: number, concession: boolean, day: LocalDate, year: SubscriptionYear): number {
  const full = subscriptionPrice(config, bins, concession);
  if (config.midYear === 'full_price') return full;
  return roundedShare(full * daysLeftAfter(day, year), yearLength(year));
}

/**
 * What a subscription cancelled on `day` gets back of the `paidPence` it paid: `none` 0, `full`
 * everything, `pro_rata` the share of the year left after `day` (nearest penny, never more than paid).
 */
export function cancelRefund(config: Pick<GardenConfig, 'refund'>, paidPence: number, day: LocalDate, year: SubscriptionYear): number {
  if (paidPence <= 0 || config.refund === 'none') return 0;
  if (config.refund === 'full') return paidPence;
  return Math.min(paidPence, roundedShare(paidPence * daysLeftAfter(day, year), yearLength(year)));
}
