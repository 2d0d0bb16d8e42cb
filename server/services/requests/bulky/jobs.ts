/**
 * Confirmed bookings on the crew's round sheet: each is a `bulky` job (a stop with its items) on
 * the round that collects on its date (server/services/requests/round-jobs.ts). Item names are the
 * council's English ones: crews' sheets are in the council's first language of work.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { bulkyBookings, councils, residentRequests } from '../../../../db/schema/index.ts';
import { itemLines } from '../../../domain/requests/bulky.ts';
import { registerRoundJobs } from '../round-jobs.ts';

registerRoundJobs(async (ctx, councilId, roundId, date) => {
  const rows = await ctx.db
    .select({ reference: residentRequests.reference, uprn: bulkyBookings.uprn, items: bulkyBookings.items, location: bulkyBookings.location })
    .from(bulkyBookings)
    .innerJoin(residentRequests, eq(residentRequests.id, bulkyBookings.requestId))
    .where(and(
      eq(bulkyBookings.councilId, councilId), eq(bulkyBookings.roundId, roundId), eq(bulkyBookings.date, date),
      inArray(residentRequests.status, ['confirmed', 'completed']),
    ))
    .orderBy(asc(residentRequests.reference));
  if (rows.length === 0) return [];
  const [council] = await ctx.db.select({ requests: councils.requests }).from(councils).where(eq(councils.id, councilId));
  const config = council?.requests?.bulky;
  return rows.map((r) => ({
    type: 'bulky' as const, reference: r.reference, uprn: r.uprn, location: r.location,
    items: config ? itemLines(config, r.items, 'en') : r.items.map((i) => `${i.id} × ${i.quantity}`),
  }));
});
