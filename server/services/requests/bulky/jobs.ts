/**
 * Confirmed bookings on the crew's round sheet: each is a `bulky` job (a stop with its items) on
 * the round that collects on its date (server/services/requests/round-jobs.ts). A booking whose
 * day an officer moved is on the sheet of the day it moved to; one whose day was cancelled is on
 * no sheet (effective.ts). Item names are the council's English ones: crews' sheets are in the
 * council's first language of work.
 */
import { and, asc, eq, gte, inArray, lte } from 'drizzle-orm';
import { bulkyBookings, councils, residentRequests } from '../../../../db/schema/index.ts';
import { itemLines } from '../../../domain/requests/bulky.ts';
import { loadCouncilSchedule } from '../../schedule.ts';
import { registerRoundJobs } from '../round-jobs.ts';
import { bookedDatesAround, bookedDay } from './effective.ts';

registerRoundJobs(async (ctx, councilId, roundId, date) => {
  const around = bookedDatesAround(date);
  const candidates = await ctx.db
    .select({ reference: residentRequests.reference, uprn: bulkyBookings.uprn, items: bulkyBookings.items, location: bulkyBookings.location, date: bulkyBookings.date })
    .from(bulkyBookings)
    .innerJoin(residentRequests, eq(residentRequests.id, bulkyBookings.requestId))
    .where(and(
      eq(bulkyBookings.councilId, councilId), eq(bulkyBookings.roundId, roundId),
      gte(bulkyBookings.date, around.from), lte(bulkyBookings.date, around.to),
      inArray(residentRequests.status, ['confirmed', 'completed']),
    ))
    .orderBy(asc(residentRequests.reference));
  if (candidates.length === 0) return [];
  // Each booking where its collection lands now (a day an officer moved or cancelled included).
  const schedule = await loadCouncilSchedule(ctx, councilId);
  const round = schedule.rounds.get(roundId);
  const rows = candidates.filter((r) => {
    const day = bookedDay(round, schedule.rules, r.date);
    return day.state === 'on' && day.date === date;
  });
  if (rows.length === 0) return [];
  const [council] = await ctx.db.select({ requests: councils.requests }).from(councils).where(eq(councils.id, councilId));
  const config = council?.requests?.bulky;
  return rows.map((r) => ({
    type: 'bulky' as const, reference: r.reference, uprn: r.uprn, location: r.location,
    items: config ? itemLines(config, r.items, 'en') : r.items.map((i) => `${i.id} × ${i.quantity}`),
  }));
});
