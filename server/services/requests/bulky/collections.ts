/**
 * A confirmed booking is a collection of the bulky service at the property on its date: given to
 * the schedule engine as a one-day assignment to the booking's round (from = to = the base date of
 * the round's collection on the booking date), so the property page, its JSON and its calendar
 * feeds show it exactly like a scheduled bin, bank-holiday move included. Writers that change
 * bookings call scheduleChanged (bookings.ts), so cached answers see them.
 */
import { and, eq, gte, inArray } from 'drizzle-orm';
import { bulkyBookings, residentRequests } from '../../../../db/schema/index.ts';
import type { ServiceContext } from '../../../context.ts';
import { addDays, localDateAt } from '../../../domain/dates.ts';
import type { PropertyAssignment } from '../../../domain/schedule.ts';
import type { CouncilSchedule } from '../../schedule.ts';
import { bookedDay } from './effective.ts';

/** Bookings from this far back still show (the page's "last collection"). */
const LOOKBACK_DAYS = 60;

export async function bookedAssignments(ctx: ServiceContext, schedule: CouncilSchedule, uprn: number): Promise<PropertyAssignment[]> {
  const since = addDays(localDateAt(ctx.clock.now(), schedule.council.timezone), -LOOKBACK_DAYS);
  const rows = await ctx.db
    .select({ round: bulkyBookings.roundId, date: bulkyBookings.date })
    .from(bulkyBookings)
    .innerJoin(residentRequests, eq(residentRequests.id, bulkyBookings.requestId))
    .where(and(
      eq(bulkyBookings.councilId, schedule.council.id), eq(bulkyBookings.uprn, uprn), gte(bulkyBookings.date, since),
      inArray(residentRequests.status, ['confirmed', 'completed']),
    ));
  const out: PropertyAssignment[] = [];
  for (const r of rows) {
    // Follows an officer's move of its day (effective.ts); a cancelled day leaves it off the
    // calendar, and on the officer's list as needing rebooking.
    const day = bookedDay(schedule.rounds.get(r.round), schedule.rules, r.date);
    if (day.state === 'on') out.push({ round: r.round, from: day.originalDate, to: day.originalDate, booked: true });
  }
  return out;
}
