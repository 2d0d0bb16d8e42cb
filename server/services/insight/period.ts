/**
 * The period an insight answer covers: council-local dates `from`..`to` (inclusive), cut into
 * Monday-to-Sunday weeks. Default: the last 8 weeks, i.e. from the Monday seven weeks before this
 * week's Monday up to today. A malformed, reversed or over-long range is a 422 `invalid_range`.
 */
import { addDays, dayNumber, isLocalDate, isoWeekday, type LocalDate } from '../../domain/dates.ts';
import { DomainError } from '../../errors.ts';

/** 53 weeks: a year's figures with its partial weeks at both ends, and no more (one answer, one request). */
export const MAX_DAYS = 371;
export const DEFAULT_WEEKS = 8;

export interface Period {
  from: LocalDate;
  to: LocalDate;
}

export const mondayOf = (d: LocalDate): LocalDate => addDays(d, 1 - isoWeekday(d));

export const invalidRange = (message: string) => new DomainError('invalid_range', message, 422);

export function defaultPeriod(today: LocalDate): Period {
  return { from: addDays(mondayOf(today), -7 * (DEFAULT_WEEKS - 1)), to: today };
}

/** Either bound may be left out: `to` defaults to today, `from` to 8 weeks of Mondays before `to`. */
export function resolvePeriod(today: LocalDate, input: { from?: string; to?: string }): Period {
  const from = input.from || undefined;
  const to = input.to || undefined;
  if (from !== undefined && !isLocalDate(from)) throw invalidRange('From must be a real date, like 2026-10-05.');
  if (to !== undefined && !isLocalDate(to)) throw invalidRange('To must be a real date, like 2026-11-29.');
  const end = to ?? today;
  const start = from ?? defaultPeriod(end).from;
  if (start > end) throw invalidRange('From must be on or before To.');
  if (dayNumber(end) - dayNumber(start) + 1 > MAX_DAYS) throw invalidRange(`The period can be at most ${MAX_DAYS} days (53 weeks).`);
  return { from: start, to: end };
}

/** The Mondays of the weeks the period touches, in order. */
export function weeksOf(p: Period): LocalDate[] {
  const out: LocalDate[] = [];
  for (let w = mondayOf(p.from); w <= p.to; w = addDays(w, 7)) out.push(w);
  return out;
}
