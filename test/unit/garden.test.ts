import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { addDays, daysBetween, fromDayNumber, dayNumber, type LocalDate } from '../../server/domain/dates.ts';
import { gardenSchema, type GardenConfig } from '../../server/domain/requests/config.ts';
import {
  addedBinsPrice, cancelRefund, daysLeftAfter, followingYear, renewalOpen, renewalOpensOn, roundedShare, subscriptionPrice,
  yearBought, yearContaining, yearLength,
} from '../../server/domain/requests/garden.ts';

const config = (over: Partial<GardenConfig> = {}): GardenConfig =>
  gardenSchema.parse({
    service: 'garden', round: 'GDN-FRI', pricePencePerBin: 5500, concessionPencePerBin: 3500, maxBins: 3,
    year: { startsOn: '04-01' }, renewalOpensDaysBefore: 42, midYear: 'pro_rata', refund: 'none', ...over,
  });

const day = fc.integer({ min: dayNumber('1990-01-01'), max: dayNumber('2150-12-31') }).map(fromDayNumber);
const startsOn = fc.constantFrom('01-01', '03-01', '04-01', '02-28', '12-31', '10-15', '06-30');

describe('the subscription year', () => {
  test('1 April to 31 March, leap years included', () => {
    expect(yearContaining('2026-09-01', '04-01')).toEqual({ start: '2026-04-01', end: '2027-03-31' });
    expect(yearContaining('2026-04-01', '04-01')).toEqual({ start: '2026-04-01', end: '2027-03-31' });
    expect(yearContaining('2026-03-31', '04-01')).toEqual({ start: '2025-04-01', end: '2026-03-31' });
    expect(yearLength(yearContaining('2027-06-01', '04-01'))).toBe(366); // holds 29 February 2028
    expect(yearLength(yearContaining('2026-06-01', '04-01'))).toBe(365);
    // A year starting 1 March ends on 29 February in a leap year.
    expect(yearContaining('2027-06-01', '03-01')).toEqual({ start: '2027-03-01', end: '2028-02-29' });
    expect(yearContaining('2028-02-29', '03-01')).toEqual({ start: '2027-03-01', end: '2028-02-29' });
  });

  test('every day is in exactly one year, which runs to the day before the next start', () => {
    fc.assert(fc.property(day, startsOn, (d, s) => {
      const y = yearContaining(d, s);
      expect(y.start <= d && d <= y.end).toBe(true);
      expect(y.start.slice(5)).toBe(s);
      const next = followingYear(y, s);
      expect(next.start).toBe(addDays(y.end, 1));
      expect([365, 366]).toContain(yearLength(y));
      expect(yearContaining(y.start, s)).toEqual(y);
      expect(yearContaining(y.end, s)).toEqual(y);
    }));
  });
});

describe('which year a payment buys', () => {
  const c = config();
  test('the current year until renewal opens 42 days before the next', () => {
    expect(renewalOpensOn(yearContaining('2026-09-01', '04-01'), c)).toBe('2027-02-18');
    expect(daysBetween('2027-02-18', '2027-04-01')).toBe(42);
    expect(yearBought('2027-02-17', c).start).toBe('2026-04-01');
    expect(yearBought('2027-02-18', c).start).toBe('2027-04-01');
    expect(yearBought('2027-03-31', c).start).toBe('2027-04-01');
    expect(yearBought('2027-04-01', c).start).toBe('2027-04-01');
    expect(renewalOpen('2027-02-17', c)).toBe(false);
    expect(renewalOpen('2027-02-18', c)).toBe(true);
    expect(renewalOpen('2027-04-01', c)).toBe(false);
  });

  test('0 days: never early', () => {
    const z = config({ renewalOpensDaysBefore: 0 });
    expect(yearBought('2027-03-31', z).start).toBe('2026-04-01');
    expect(renewalOpensOn(yearContaining('2027-03-31', '04-01'), z)).toBeNull();
  });

  test('the year bought is the current one or the next, and the next only within the window', () => {
    fc.assert(fc.property(day, startsOn, fc.integer({ min: 0, max: 366 }), (d, s, n) => {
      const cfg = config({ year: { startsOn: s }, renewalOpensDaysBefore: n });
      const current = yearContaining(d, s);
      const bought = yearBought(d, cfg);
      if (bought.start === current.start) {
        expect(n === 0 || daysBetween(d, followingYear(current, s).start) > n).toBe(true);
      } else {
        expect(bought.start).toBe(followingYear(current, s).start);
        expect(daysBetween(d, bought.start)).toBeLessThanOrEqual(n);
        expect(daysBetween(d, bought.start)).toBeGreaterThan(0);
      }
    }));
  });
});

describe('prices', () => {
  const c = config();
  test('bins × price or concession price', () => {
    expect(subscriptionPrice(c, 1, false)).toBe(5500);
    expect(subscriptionPrice(c, 3, false)).toBe(16500);
    expect(subscriptionPrice(c, 2, true)).toBe(7000);
    // No concession price: the full price, concession or not.
    expect(subscriptionPrice(config({ concessionPencePerBin: undefined }), 2, true)).toBe(11000);
  });

  test('bins added mid-year: pro rata by days left after today, to the nearest penny', () => {
    const year = yearContaining('2026-09-01', '04-01');
    // 211 days after 1 September 2026 to 31 March 2027, of 365: 5500 × 211 / 365 = 3179.45… → 3179.
    expect(daysLeftAfter('2026-09-01', year)).toBe(211);
    expect(addedBinsPrice(c, 1, false, '2026-09-01', year)).toBe(3179);
    expect(addedBinsPrice(c, 2, true, '2026-09-01', year)).toBe(roundedShare(7000 * 211, 365));
    expect(addedBinsPrice(c, 1, false, '2027-03-31', year)).toBe(0);
    // Before the year starts (a renewal already bought): the whole year.
    expect(addedBinsPrice(c, 1, false, '2026-03-01', year)).toBe(5500);
    expect(addedBinsPrice(config({ midYear: 'full_price' }), 1, false, '2027-03-30', year)).toBe(5500);
  });

  test('half a penny rounds up; never negative, never above full price', () => {
    expect(roundedShare(1, 2)).toBe(1);
    expect(roundedShare(3, 2)).toBe(2);
    expect(roundedShare(1, 3)).toBe(0);
    expect(roundedShare(2, 3)).toBe(1);
    fc.assert(fc.property(day, fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 100_000_00 }), (d, bins, price) => {
      const cfg = config({ pricePencePerBin: price });
      const year = yearContaining(d, '04-01');
      const p = addedBinsPrice(cfg, bins, false, d, year);
      expect(Number.isInteger(p)).toBe(true);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(bins * price);
      const exact = (bins * price * daysLeftAfter(d, year)) / yearLength(year);
      expect(Math.abs(p - exact)).toBeLessThanOrEqual(0.5);
    }));
  });
});

describe('cancel refunds', () => {
  const year = yearContaining('2026-09-01', '04-01');
  test('none, full and pro rata', () => {
    expect(cancelRefund(config({ refund: 'none' }), 5500, '2026-09-01', year)).toBe(0);
    expect(cancelRefund(config({ refund: 'full' }), 5500, '2026-09-01', year)).toBe(5500);
    expect(cancelRefund(config({ refund: 'pro_rata' }), 5500, '2026-09-01', year)).toBe(3179);
    expect(cancelRefund(config({ refund: 'pro_rata' }), 5500, '2026-03-31', year)).toBe(5500);
    expect(cancelRefund(config({ refund: 'pro_rata' }), 5500, '2027-03-31', year)).toBe(0);
    expect(cancelRefund(config({ refund: 'full' }), 0, '2026-09-01', year)).toBe(0);
  });

  test('pro rata never refunds more than was paid and shrinks as the year goes on', () => {
    const cfg = config({ refund: 'pro_rata' });
    fc.assert(fc.property(fc.integer({ min: 0, max: 364 }), fc.integer({ min: 0, max: 100_000_00 }), (offset, paid) => {
      const d: LocalDate = addDays(year.start, offset);
      const r = cancelRefund(cfg, paid, d, year);
      expect(Number.isInteger(r)).toBe(true);
      expect(r).toBeGreaterThanOrEqual(0);
      expect(r).toBeLessThanOrEqual(paid);
      expect(cancelRefund(cfg, paid, addDays(d, 1), year)).toBeLessThanOrEqual(r);
    }));
  });
});
