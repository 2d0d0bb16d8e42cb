/**
 * Bulky places: which dates a council's residents can book, how many places each has left, and
 * taking one race-free (see db/schema/bulky.ts `bulky_days` for why places are counted, not kept).
 */
import { and, eq, gte, lte, sql } from 'drizzle-orm';
import type { Tx } from '../../../../db/client.ts';
import { bulkyBookings, bulkyDays, properties } from '../../../../db/schema/index.ts';
import type { ServiceContext } from '../../../context.ts';
import { addDays, type LocalDate } from '../../../domain/dates.ts';
import { BOOKING_WINDOW_DAYS, bookableDates, type BulkyRoundOn } from '../../../domain/requests/bulky.ts';
import type { BulkyConfig } from '../../../domain/requests/config.ts';
import { roundCollections } from '../../../domain/schedule.ts';
import { DomainError, notFound } from '../../../errors.ts';
import { councilToday, getCouncil, loadCouncilSchedule, type CouncilRow, type CouncilSchedule, type PropertyRow } from '../../schedule.ts';

/** The property, its council and the council's bulky settings; 404 not_found, 422 not_served / not_domestic. */
export async function bulkyProperty(ctx: ServiceContext, uprn: number): Promise<{ property: PropertyRow; council: CouncilRow; config: BulkyConfig }> {
  const [property] = await ctx.db.select().from(properties).where(eq(properties.uprn, uprn));
  if (!property || (ctx.councilId !== undefined && property.councilId !== ctx.councilId)) throw notFound(`No property with UPRN ${uprn}`);
  const council = await getCouncil(ctx, property.councilId);
  const config = council.requests?.bulky;
  if (!config) throw new DomainError('not_served', `${council.name} does not offer bulky waste collections online.`, 422);
  if (property.kind === 'commercial') {
    throw new DomainError('not_domestic', 'Bulky waste collections are for households: this is a business property.', 422);
  }
  return { property, council, config };
}

/**
 * The round collecting bookings on each date of the window: the council's bulky-stream rounds'
 * collections by their adjusted date (the first round by id when two run the same day).
 */
export function bulkyRoundOn(schedule: CouncilSchedule, from: LocalDate, to: LocalDate): BulkyRoundOn {
  const byDate = new Map<LocalDate, { roundId: string; originalDate: LocalDate }>();
  for (const round of schedule.rounds.values()) {
    if (schedule.services.get(round.serviceId)?.stream !== 'bulky') continue;
    for (const o of roundCollections(round, schedule.rules, from, to)) {
      if (o.date && !byDate.has(o.date)) byDate.set(o.date, { roundId: round.id, originalDate: o.originalDate });
    }
  }
  return (date) => byDate.get(date);
}

/** The dates open for booking now, with their rounds. */
export async function openDates(ctx: ServiceContext, council: CouncilRow, config: BulkyConfig) {
  const schedule = await loadCouncilSchedule(ctx, council.id);
  const today = councilToday(ctx, council);
  const roundOn = bulkyRoundOn(schedule, today, addDays(today, BOOKING_WINDOW_DAYS));
  return bookableDates(config, { today, now: ctx.clock.now(), holidays: schedule.holidays, timeZone: council.timezone, roundOn });
}

/**
 * Places held per date in [from, to] (dates with none are absent): one grouped count on the partial
 * index. A pending booking keeps its place until the lifecycle's expiry job marks it expired (the
 * expire hook), not merely when its hold time passes: the job first asks the provider, and a
 * payment made in the last seconds must still find its place.
 */
export async function heldByDate(ctx: ServiceContext, councilId: number, from: LocalDate, to: LocalDate): Promise<Map<LocalDate, number>> {
  const rows = await ctx.db
    .select({ date: bulkyBookings.date, held: sql<number>`count(*)::int` })
    .from(bulkyBookings)
    .where(and(eq(bulkyBookings.councilId, councilId), gte(bulkyBookings.date, from), lte(bulkyBookings.date, to), eq(bulkyBookings.held, true)))
    .groupBy(bulkyBookings.date);
  return new Map(rows.map((r) => [r.date, Number(r.held)]));
}

/** `GET /api/v1/bulky/slots`: the open dates with room, and how many places each has left. */
export async function bulkySlots(ctx: ServiceContext, uprn: number): Promise<Array<{ date: LocalDate; remaining: number }>> {
  const { council, config } = await bulkyProperty(ctx, uprn);
  const dates = await openDates(ctx, council, config);
  if (dates.length === 0) return [];
  const held = await heldByDate(ctx, council.id, dates[0].date, dates[dates.length - 1].date);
  return dates
    .map((d) => ({ date: d.date, remaining: config.perDay - (held.get(d.date) ?? 0) }))
    .filter((d) => d.remaining > 0);
}

/**
 * Take a place on `date` inside the booking's transaction: lock the day's row (made on first use),
 * then count. Concurrent bookings for the day queue on the lock, and each counts after the one
 * before it committed, so the last place goes to exactly one of them; the rest get `409 slot_full`.
 */
export async function takePlace(tx: Tx, ctx: ServiceContext, councilId: number, date: LocalDate, perDay: number): Promise<void> {
  await tx.insert(bulkyDays).values({ councilId, date }).onConflictDoNothing();
  await tx.select().from(bulkyDays).where(and(eq(bulkyDays.councilId, councilId), eq(bulkyDays.date, date))).for('update');
  const held = (await heldByDate({ ...ctx, db: tx }, councilId, date, date)).get(date) ?? 0;
  if (held >= perDay) throw new DomainError('slot_full', `There is no room left for bulky collections on ${date}. Choose another date.`, 409);
}
