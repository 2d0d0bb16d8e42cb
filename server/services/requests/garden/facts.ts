/**
 * What every garden verb reads first: the property, its council's garden offer, and whether the
 * property already has garden waste for a year. Shared by creating, adding bins, paying and the
 * resident pages, so the refusals (`not_found`, `not_served`, `not_domestic`, `already_subscribed`)
 * are decided in one place.
 */
import { and, desc, eq, gte, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { assignments, gardenSubscriptions, properties, residentRequests, rounds } from '../../../../db/schema/index.ts';
import type { ServiceContext } from '../../../context.ts';
import { addDays, type LocalDate } from '../../../domain/dates.ts';
import type { GardenConfig } from '../../../domain/requests/config.ts';
import type { SubscriptionYear } from '../../../domain/requests/garden.ts';
import { DomainError, notFound } from '../../../errors.ts';
import { councilToday, getCouncil, type CouncilRow, type PropertyRow } from '../../schedule.ts';

export const unprocessable = (code: string, message: string) => new DomainError(code, message, 422);
export const alreadySubscribed = () =>
  new DomainError('already_subscribed', 'This property already has garden waste collections for that year.', 409);

/** Homes may subscribe; a commercial (or demolished) property may not. A mixed one has a home in it. */
const DOMESTIC_KINDS = new Set(['domestic', 'mixed']);

export interface GardenFacts {
  property: PropertyRow;
  council: CouncilRow;
  config: GardenConfig;
  today: LocalDate;
}

/**
 * The property (any council: a UPRN is unique) and its council's offer, or the refusal.
 * `lock` takes the property row for update, so two payments for one property settle one at a time.
 */
export async function gardenFacts(ctx: ServiceContext, uprn: number, options: { lock?: boolean } = {}): Promise<GardenFacts> {
  const query = ctx.db.select().from(properties).where(eq(properties.uprn, uprn));
  const [property] = options.lock ? await query.for('update') : await query;
  if (!property) throw notFound(`No property with UPRN ${uprn}.`);
  const council = await getCouncil(ctx, property.councilId);
  const config = council.requests?.garden;
  if (!config) throw unprocessable('not_served', `${council.name} does not offer garden waste subscriptions online.`);
  if (!DOMESTIC_KINDS.has(property.kind)) throw unprocessable('not_domestic', 'Garden waste subscriptions are for homes; this property is not one.');
  return { property, council, config, today: councilToday(ctx, council) };
}

/**
 * Whether the property already has garden waste for (the rest of) `year`: an active subscription
 * for it, or an assignment on a round of the garden service that collects on a day of the year
 * after today (one an import made counts too). `except` leaves out one request (the one being paid).
 */
export async function hasGardenFor(ctx: ServiceContext, facts: GardenFacts, year: SubscriptionYear, except?: number): Promise<boolean> {
  const { property, config, today } = facts;
  const [active] = await ctx.db.select({ id: gardenSubscriptions.requestId }).from(gardenSubscriptions)
    .innerJoin(residentRequests, eq(residentRequests.id, gardenSubscriptions.requestId))
    .where(and(
      eq(gardenSubscriptions.councilId, property.councilId), eq(gardenSubscriptions.uprn, property.uprn),
      eq(gardenSubscriptions.yearStart, year.start), isNull(gardenSubscriptions.addsTo), eq(residentRequests.status, 'active'),
      ...(except !== undefined ? [ne(gardenSubscriptions.requestId, except)] : []),
    )).limit(1);
  if (active) return true;
  const from = addDays(today, 1) > year.start ? addDays(today, 1) : year.start;
  if (from > year.end) return false;
  const [assigned] = await ctx.db.select({ one: sql<number>`1` }).from(assignments)
    .innerJoin(rounds, and(eq(rounds.councilId, assignments.councilId), eq(rounds.id, assignments.roundId)))
    .where(and(
      eq(assignments.councilId, property.councilId), eq(assignments.uprn, property.uprn), eq(rounds.serviceId, config.service),
      lte(assignments.from, year.end), or(isNull(assignments.to), gte(assignments.to, from)),
    )).limit(1);
  return assigned !== undefined;
}

/** The round of the garden service the property was last on (its latest assignment), if any. */
export async function previousGardenRound(ctx: ServiceContext, facts: GardenFacts): Promise<string | null> {
  const [row] = await ctx.db.select({ round: assignments.roundId }).from(assignments)
    .innerJoin(rounds, and(eq(rounds.councilId, assignments.councilId), eq(rounds.id, assignments.roundId)))
    .where(and(eq(assignments.councilId, facts.property.councilId), eq(assignments.uprn, facts.property.uprn), eq(rounds.serviceId, facts.config.service)))
    .orderBy(desc(assignments.from)).limit(1);
  return row?.round ?? null;
}

/** The subscription row of a request (council-scoped). */
export async function subscriptionRow(ctx: ServiceContext, councilId: number, requestId: number) {
  const [row] = await ctx.db.select().from(gardenSubscriptions)
    .where(and(eq(gardenSubscriptions.councilId, councilId), eq(gardenSubscriptions.requestId, requestId)));
  if (!row) throw notFound('No garden waste subscription with that reference.');
  return row;
}

/** Bins added to a subscription by its active add-on requests. */
export async function addedBins(ctx: ServiceContext, councilId: number, requestId: number): Promise<number> {
  const [row] = await ctx.db.select({ n: sql<number>`coalesce(sum(${gardenSubscriptions.bins}), 0)::int` }).from(gardenSubscriptions)
    .innerJoin(residentRequests, eq(residentRequests.id, gardenSubscriptions.requestId))
    .where(and(eq(gardenSubscriptions.councilId, councilId), eq(gardenSubscriptions.addsTo, requestId), eq(residentRequests.status, 'active')));
  return Number(row?.n ?? 0);
}
