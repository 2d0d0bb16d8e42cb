/**
 * A crew recording `collected` at a booked bulky stop completes the booking: status `completed`,
 * a history step for the resident and `request.updated` (event `collected`). Crews send outcomes
 * per property, service and date (crew-events.ts), so the booking is found by those: a confirmed
 * booking at that property on that date on a round of that service. Conditional on `confirmed`,
 * so a retried batch changes nothing the second time. Other outcomes (not presented…) leave the
 * booking as it is: it stays visible to officers with the crew's outcome on the round sheet.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { bulkyBookings, requestHistory, residentRequests, rounds } from '../../../../db/schema/index.ts';
import type { ServiceContext } from '../../../context.ts';
import { isLang, translate } from '../../../../web/i18n/index.ts';
import { loadCouncilSchedule } from '../../schedule.ts';
import { requestUpdated } from '../events.ts';
import { bookedDay } from './effective.ts';

export interface CollectedStop {
  uprn: number;
  service: string;
  date: string;
  outcome: string;
}

export async function completeCollectedBookings(ctx: ServiceContext, councilId: number, stops: CollectedStop[]): Promise<number> {
  const collected = stops.filter((s) => s.outcome === 'collected');
  if (collected.length === 0) return 0;
  const uprns = [...new Set(collected.map((s) => s.uprn))];
  const candidates = await ctx.db
    .select({ id: residentRequests.id, uprn: bulkyBookings.uprn, date: bulkyBookings.date, round: bulkyBookings.roundId, service: rounds.serviceId })
    .from(bulkyBookings)
    .innerJoin(residentRequests, eq(residentRequests.id, bulkyBookings.requestId))
    .innerJoin(rounds, and(eq(rounds.councilId, bulkyBookings.councilId), eq(rounds.id, bulkyBookings.roundId)))
    .where(and(eq(bulkyBookings.councilId, councilId), inArray(bulkyBookings.uprn, uprns), eq(residentRequests.status, 'confirmed')));
  if (candidates.length === 0) return 0;
  // Crews record the day they collected: the booked date, or where an officer moved it (effective.ts).
  const schedule = await loadCouncilSchedule(ctx, councilId);
  const due = candidates.filter((c) => {
    const day = bookedDay(schedule.rounds.get(c.round), schedule.rules, c.date);
    const on = day.state === 'on' ? day.date : c.date;
    return collected.some((s) => s.uprn === c.uprn && s.date === on && s.service === c.service);
  });
  if (due.length === 0) return 0;
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    let done = 0;
    for (const d of due) {
      const [row] = await tx.update(residentRequests).set({ status: 'completed', updatedAt: now })
        .where(and(eq(residentRequests.id, d.id), eq(residentRequests.status, 'confirmed')))
        .returning();
      if (!row) continue;
      await tx.insert(requestHistory).values({
        councilId, requestId: row.id, at: now, status: 'completed', userId: ctx.user?.id ?? null,
        note: translate(isLang(row.language) ? row.language : 'en', 'bulky.history_collected'), detail: { event: 'collected' },
      });
      await requestUpdated({ ...ctx, db: tx }, row, 'confirmed', { event: 'collected' });
      done++;
    }
    return done;
  });
}
