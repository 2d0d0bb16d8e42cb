/**
 * Loads a council's schedule inputs from the database and answers schedule questions for
 * properties and rounds. The compiled rules are cached per database handle and council,
 * keyed by `councils.schedule_version`, which every schedule-changing write bumps.
 */
import { and, asc, eq } from 'drizzle-orm';
import {
  assignments, bankHolidays, councils, properties, roundSchedules, rounds, scheduleExceptions, services,
} from '../../db/schema/index.ts';
import { localDateAt, type LocalDate } from '../domain/dates.ts';
import { holidayCalendar, type HolidayCalendar } from '../domain/holidays.ts';
import {
  compileRules, propertyCollections, type CompiledRules, type Occurrence, type PropertyAssignment, type RoundPlan,
} from '../domain/schedule.ts';
import type { ServiceContext } from '../context.ts';
import { notFound } from '../errors.ts';
import { bookedAssignments } from './requests/bulky/collections.ts';
import type { Names } from '../../web/i18n/names.ts';

export type CouncilRow = typeof councils.$inferSelect;
export type ServiceRow = typeof services.$inferSelect;
export type PropertyRow = typeof properties.$inferSelect;
export type RoundInfo = RoundPlan & { name: string; names?: Names };

export interface CouncilSchedule {
  council: CouncilRow;
  holidays: HolidayCalendar;
  rules: CompiledRules;
  rounds: Map<string, RoundInfo>;
  services: Map<string, ServiceRow>;
  /**
   * Each published change's reason in the languages the council gave, by its stored (first-language)
   * text: occurrences carry that text, and a page or feed in another language looks it up here.
   */
  reasonNames: Map<string, Names>;
}

const cache = new WeakMap<object, Map<number, CouncilSchedule>>();

export async function getCouncil(ctx: ServiceContext, councilId: number): Promise<CouncilRow> {
  const [council] = await ctx.db.select().from(councils).where(eq(councils.id, councilId));
  if (!council) throw notFound('Council not found');
  return council;
}

export async function getCouncilBySlug(ctx: ServiceContext, slug: string): Promise<CouncilRow> {
  const [council] = await ctx.db.select().from(councils).where(eq(councils.slug, slug));
  if (!council) throw notFound(`No council called "${slug}"`);
  return council;
}

/** The council's brand colour, or undefined for an unknown slug (its pages then keep the default). */
export async function councilBrandColour(ctx: ServiceContext, slug: string): Promise<string | undefined> {
  const [row] = await ctx.db.select({ colour: councils.brandColour }).from(councils).where(eq(councils.slug, slug));
  return row?.colour;
}

/** "Today" in the council's time zone, from the injected clock. */
export const councilToday = (ctx: ServiceContext, council: Pick<CouncilRow, 'timezone'>): LocalDate =>
  localDateAt(ctx.clock.now(), council.timezone);

export async function loadCouncilSchedule(ctx: ServiceContext, councilId: number): Promise<CouncilSchedule> {
  const council = await getCouncil(ctx, councilId);
  let perDb = cache.get(ctx.db);
  if (!perDb) cache.set(ctx.db, (perDb = new Map()));
  const hit = perDb.get(councilId);
  // createdAt too: a council deleted and recreated (tests reset the database) restarts at version 1.
  if (hit && hit.council.scheduleVersion === council.scheduleVersion && hit.council.createdAt.getTime() === council.createdAt.getTime()) {
    hit.council = council;
    return hit;
  }

  const [holidayRows, serviceRows, roundRows, periodRows, exceptionRows] = await Promise.all([
    ctx.db.select().from(bankHolidays).where(eq(bankHolidays.division, council.bankHolidayDivision)),
    ctx.db.select().from(services).where(eq(services.councilId, councilId)).orderBy(asc(services.id)),
    ctx.db.select().from(rounds).where(eq(rounds.councilId, councilId)).orderBy(asc(rounds.id)),
    ctx.db.select().from(roundSchedules).where(eq(roundSchedules.councilId, councilId)),
    ctx.db.select().from(scheduleExceptions).where(eq(scheduleExceptions.councilId, councilId)),
  ]);

  const holidays = holidayCalendar(holidayRows);
  const roundMap = new Map<string, RoundInfo>();
  for (const r of roundRows) roundMap.set(r.id, { id: r.id, serviceId: r.serviceId, name: r.name, names: r.names, periods: [] });
  for (const p of periodRows) {
    roundMap.get(p.roundId)?.periods.push({ from: p.from, to: p.to, anchor: p.anchor, everyWeeks: p.everyWeeks });
  }
  const rules = compileRules({
    holidays,
    rule: council.bankHolidayRule === 'none' ? 'none' : 'slip',
    exceptions: exceptionRows.map((e) => ({
      date: e.date, action: e.action as 'move' | 'cancel', to: e.to, rounds: e.rounds, services: e.services, reason: e.reason,
    })),
  });
  const schedule: CouncilSchedule = {
    council, holidays, rules, rounds: roundMap, services: new Map(serviceRows.map((s) => [s.id, s])),
    reasonNames: new Map(exceptionRows.filter((e) => e.reasons).map((e) => [e.reason, e.reasons])),
  };
  if (!('rollback' in ctx.db)) perDb.set(councilId, schedule);
  return schedule;
}

export async function getProperty(ctx: ServiceContext, uprn: number): Promise<PropertyRow> {
  const where = ctx.councilId === undefined
    ? eq(properties.uprn, uprn)
    : and(eq(properties.uprn, uprn), eq(properties.councilId, ctx.councilId));
  const [property] = await ctx.db.select().from(properties).where(where);
  if (!property) throw notFound(`No property with UPRN ${uprn}`);
  return property;
}

export interface PropertyAssignmentRow extends PropertyAssignment {
  sequence: number;
}

export async function propertyAssignments(ctx: ServiceContext, property: PropertyRow): Promise<PropertyAssignmentRow[]> {
  const rows = await ctx.db
    .select()
    .from(assignments)
    .where(and(eq(assignments.councilId, property.councilId), eq(assignments.uprn, property.uprn)));
  return rows.map((a) => ({ round: a.roundId, from: a.from, to: a.to, sequence: a.sequence }));
}

export interface PropertySchedule {
  property: PropertyRow;
  schedule: CouncilSchedule;
  assignments: PropertyAssignmentRow[];
  /** Services the property is on a round for (ever), in service-id order. */
  services: ServiceRow[];
  collections(from: LocalDate, to: LocalDate, options?: { includeCancelled?: boolean; services?: string[] }): Occurrence[];
}

/** Everything needed to answer schedule questions about one property. */
export async function loadPropertySchedule(ctx: ServiceContext, uprn: number): Promise<PropertySchedule> {
  const property = await getProperty(ctx, uprn);
  const [schedule, scheduled] = await Promise.all([
    loadCouncilSchedule(ctx, property.councilId),
    propertyAssignments(ctx, property),
  ]);
  // Collections residents booked (bulky waste) count like assignments: docs/requests.md "Bulky".
  const booked = await bookedAssignments(ctx, schedule, property.uprn);
  const assigned = booked.length ? [...scheduled, ...booked.map((b) => ({ ...b, sequence: 0 }))] : scheduled;
  const serviceIds = new Set(assigned.map((a) => schedule.rounds.get(a.round)?.serviceId).filter(Boolean) as string[]);
  const serviceRows = [...schedule.services.values()].filter((s) => serviceIds.has(s.id));
  return {
    property,
    schedule,
    assignments: assigned,
    services: serviceRows,
    collections(from, to, options = {}) {
      const wanted = options.services ? new Set(options.services) : undefined;
      const list = wanted
        ? assigned.filter((a) => wanted.has(schedule.rounds.get(a.round)?.serviceId ?? ''))
        : assigned;
      return propertyCollections(list, schedule.rounds, schedule.rules, from, to, { includeCancelled: options.includeCancelled });
    },
  };
}
