/**
 * Which garden waste link the property page offers, from what the lookup already has (the
 * property's assignments and its council row): "Subscribe" when the year a payment today would buy
 * is not covered, "Renew" when that is the coming year and the current one is, nothing when covered
 * or not offered. No query: the page's cached HTML stays exact (the plan is rebuilt when
 * assignments or the council change, and each new day).
 */
import { addDays, type LocalDate } from '../../../domain/dates.ts';
import { yearBought, yearContaining, type SubscriptionYear } from '../../../domain/requests/garden.ts';
import type { PropertySchedule } from '../../schedule.ts';

export function gardenLink(ps: PropertySchedule, today: LocalDate): 'subscribe' | 'renew' | null {
  const config = ps.schedule.council.requests?.garden;
  if (!config || (ps.property.kind !== 'domestic' && ps.property.kind !== 'mixed')) return null;
  const covers = (year: SubscriptionYear) => {
    const from = addDays(today, 1) > year.start ? addDays(today, 1) : year.start;
    return ps.assignments.some((a) => ps.schedule.rounds.get(a.round)?.serviceId === config.service
      && a.from <= year.end && (a.to === null || a.to >= from));
  };
  const year = yearBought(today, config);
  if (covers(year)) return null;
  if (year.start > today && covers(yearContaining(today, config.year.startsOn))) return 'renew';
  return 'subscribe';
}
