/**
 * Everything the officer's Today board shows: today's rounds with progress, today's published
 * changes (exceptions whose base date or new date is today) and the open/overdue report counts.
 */
import { and, avg, eq, or } from 'drizzle-orm';
import { properties, scheduleExceptions } from '../../../db/schema/index.ts';
import type { ServiceContext } from '../../context.ts';
import { reportCounts } from '../officer-reports.ts';
import { councilToday, getCouncil } from '../schedule.ts';
import { officerCouncil, roundsProgress } from './rounds-progress.ts';

export async function todayBoard(ctx: ServiceContext) {
  const councilId = officerCouncil(ctx);
  const council = await getCouncil(ctx, councilId);
  const today = councilToday(ctx, council);
  const [progress, counts, changes, [centre]] = await Promise.all([
    roundsProgress(ctx, today),
    reportCounts(ctx),
    ctx.db.select().from(scheduleExceptions)
      .where(and(eq(scheduleExceptions.councilId, councilId), or(eq(scheduleExceptions.date, today), eq(scheduleExceptions.to, today)))),
    ctx.db.select({ lat: avg(properties.lat), lon: avg(properties.lon) }).from(properties).where(eq(properties.councilId, councilId)),
  ]);
  return {
    council, today, rounds: progress.rounds, counts,
    centre: centre?.lat != null && centre?.lon != null ? { lat: Number(centre.lat), lon: Number(centre.lon) } : undefined,
    changes: changes.map((e) => ({ id: e.id, date: e.date, action: e.action, to: e.to, rounds: e.rounds, services: e.services, reason: e.reason })),
  };
}
