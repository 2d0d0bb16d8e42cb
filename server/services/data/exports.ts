/**
 * Exports of a council's data (docs/officer.md "Properties and data"): properties, rounds,
 * assignments and a date range of collections, as CSV (server/domain/csv.ts) or GeoJSON
 * (RFC 7946 FeatureCollection, [lon, lat]). Each is an async generator of text chunks read by
 * keyset pages of PAGE rows, so a 100,000-property council is never held in memory at once.
 */
import { and, asc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import { assignments, properties, roundSchedules, rounds } from '../../../db/schema/index.ts';
import type { ServiceContext } from '../../context.ts';
import { csvLine } from '../../domain/csv.ts';
import { addDays, daysBetween, isLocalDate, type LocalDate } from '../../domain/dates.ts';
import { applyWindows, roundCollections, type Occurrence } from '../../domain/schedule.ts';
import { DomainError, forbidden } from '../../errors.ts';
import { councilToday, getCouncil, loadCouncilSchedule } from '../schedule.ts';

const PAGE = 2000;
/** The longest collections export: a quarter. */
export const MAX_COLLECTION_DAYS = 92;
export const EXPORTS = ['properties', 'rounds', 'assignments', 'collections'] as const;
export type ExportName = (typeof EXPORTS)[number];
export type ExportFormat = 'csv' | 'geojson';

function scope(ctx: ServiceContext): number {
  if (!ctx.user || ctx.councilId === undefined) throw forbidden();
  if (ctx.user.role !== 'officer' && ctx.user.role !== 'admin') throw forbidden();
  return ctx.councilId;
}

const CRLF = '\r\n';
const feature = (lon: number, lat: number, props: Record<string, unknown>) =>
  JSON.stringify({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: props });

/** Wraps a generator of features as one FeatureCollection, comma-separated. */
async function* collection(features: AsyncGenerator<string>): AsyncGenerator<string> {
  yield '{"type":"FeatureCollection","features":[';
  let first = true;
  for await (const f of features) {
    yield first ? f : `,${f}`;
    first = false;
  }
  yield ']}\n';
}

/** Pages of a council's properties by UPRN. */
async function* propertyPages(ctx: ServiceContext, councilId: number) {
  let after = 0;
  for (;;) {
    const rows = await ctx.db.select().from(properties).where(and(eq(properties.councilId, councilId), gt(properties.uprn, after)))
      .orderBy(asc(properties.uprn)).limit(PAGE);
    if (rows.length) yield rows;
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1].uprn;
  }
}

const PROPERTY_HEADER = ['uprn', 'address', 'postcode', 'usrn', 'lat', 'lon', 'kind', 'assisted'];

async function* propertiesCsv(ctx: ServiceContext, councilId: number) {
  yield csvLine(PROPERTY_HEADER) + CRLF;
  for await (const rows of propertyPages(ctx, councilId)) {
    yield rows.map((p) => csvLine([String(p.uprn), p.address, p.postcode, p.usrn, p.lat, p.lon, p.kind, p.assisted ? 'yes' : 'no']) + CRLF).join('');
  }
}

async function* propertyFeatures(ctx: ServiceContext, councilId: number) {
  for await (const rows of propertyPages(ctx, councilId)) {
    for (const p of rows) {
      yield feature(p.lon, p.lat, { uprn: String(p.uprn), address: p.address, postcode: p.postcode, usrn: p.usrn, kind: p.kind, assisted: p.assisted });
    }
  }
}

/** Rounds are few (hundreds at most): one row per schedule period. */
async function* roundsCsv(ctx: ServiceContext, councilId: number) {
  yield csvLine(['round', 'service', 'name', 'period_from', 'period_to', 'anchor', 'every_weeks']) + CRLF;
  const rows = await ctx.db.select({ id: rounds.id, service: rounds.serviceId, name: rounds.name, from: roundSchedules.from, to: roundSchedules.to, anchor: roundSchedules.anchor, everyWeeks: roundSchedules.everyWeeks })
    .from(rounds).leftJoin(roundSchedules, and(eq(roundSchedules.councilId, rounds.councilId), eq(roundSchedules.roundId, rounds.id)))
    .where(eq(rounds.councilId, councilId)).orderBy(asc(rounds.id), asc(roundSchedules.from));
  yield rows.map((r) => csvLine([r.id, r.service, r.name, r.from, r.to, r.anchor, r.everyWeeks]) + CRLF).join('');
}

/** A round as a MultiPoint of its stops assigned on `on`, in stop order. */
async function* roundFeatures(ctx: ServiceContext, councilId: number, on: LocalDate) {
  const list = await ctx.db.select().from(rounds).where(eq(rounds.councilId, councilId)).orderBy(asc(rounds.id));
  for (const r of list) {
    const stops = await ctx.db.select({ lat: properties.lat, lon: properties.lon }).from(assignments)
      .innerJoin(properties, eq(properties.uprn, assignments.uprn))
      .where(and(eq(assignments.councilId, councilId), eq(assignments.roundId, r.id), sql`${assignments.from} <= ${on}`,
        or(sql`${assignments.to} is null`, sql`${assignments.to} >= ${on}`)))
      .orderBy(asc(assignments.sequence));
    yield JSON.stringify({
      type: 'Feature', geometry: { type: 'MultiPoint', coordinates: stops.map((s) => [s.lon, s.lat]) },
      properties: { round: r.id, service: r.serviceId, name: r.name, stops: stops.length, on },
    });
  }
}

/** Pages of assignments with their property's location, by (uprn, round, from). */
async function* assignmentPages(ctx: ServiceContext, councilId: number) {
  let key: { uprn: number; round: string; from: string } | undefined;
  for (;;) {
    const rows = await ctx.db.select({ uprn: assignments.uprn, round: assignments.roundId, from: assignments.from, to: assignments.to, sequence: assignments.sequence, lat: properties.lat, lon: properties.lon, address: properties.address })
      .from(assignments).innerJoin(properties, eq(properties.uprn, assignments.uprn))
      .where(and(eq(assignments.councilId, councilId),
        key ? sql`(${assignments.uprn}, ${assignments.roundId}, ${assignments.from}) > (${key.uprn}, ${key.round}, ${key.from}::date)` : undefined))
      .orderBy(asc(assignments.uprn), asc(assignments.roundId), asc(assignments.from)).limit(PAGE);
    if (rows.length) yield rows;
    if (rows.length < PAGE) return;
    const last = rows[rows.length - 1];
    key = { uprn: last.uprn, round: last.round, from: last.from };
  }
}

async function* assignmentsCsv(ctx: ServiceContext, councilId: number) {
  yield csvLine(['uprn', 'round', 'from', 'to', 'sequence']) + CRLF;
  for await (const rows of assignmentPages(ctx, councilId)) {
    yield rows.map((a) => csvLine([String(a.uprn), a.round, a.from, a.to, a.sequence]) + CRLF).join('');
  }
}

async function* assignmentFeatures(ctx: ServiceContext, councilId: number) {
  for await (const rows of assignmentPages(ctx, councilId)) {
    for (const a of rows) yield feature(a.lon, a.lat, { uprn: String(a.uprn), round: a.round, from: a.from, to: a.to, sequence: a.sequence });
  }
}

export interface Range { from?: string; to?: string }

/** The collections range: default the next four weeks from today; at most MAX_COLLECTION_DAYS days. */
export async function collectionRange(ctx: ServiceContext, range: Range): Promise<{ from: LocalDate; to: LocalDate }> {
  const councilId = scope(ctx);
  for (const k of ['from', 'to'] as const) {
    if (range[k] !== undefined && !isLocalDate(range[k])) throw new DomainError('invalid_date', `${k} must be a date YYYY-MM-DD.`, 422);
  }
  const from = range.from ?? councilToday(ctx, await getCouncil(ctx, councilId));
  const to = range.to ?? addDays(from, 27);
  if (to < from) throw new DomainError('invalid_range', '`to` is before `from`.', 422);
  if (daysBetween(from, to) + 1 > MAX_COLLECTION_DAYS) {
    throw new DomainError('range_too_long', `At most ${MAX_COLLECTION_DAYS} days of collections per export; export longer periods in parts.`, 422);
  }
  return { from, to };
}

/**
 * Every collection of the range, property by property (by UPRN) then by date: each round's
 * collections are worked out once and filtered by each stop's assignment window. Cancelled
 * collections are included (no date, `cancelled` yes) so the export explains gaps.
 */
async function* collectionRows(ctx: ServiceContext, councilId: number, from: LocalDate, to: LocalDate) {
  const schedule = await loadCouncilSchedule(ctx, councilId);
  const byRound = new Map<string, Occurrence[]>();
  for (const [id, round] of schedule.rounds) byRound.set(id, roundCollections(round, schedule.rules, from, to, { includeCancelled: true }));
  for await (const rows of propertyPages(ctx, councilId)) {
    const uprns = rows.map((p) => p.uprn);
    const list = await ctx.db.select().from(assignments).where(and(eq(assignments.councilId, councilId), inArray(assignments.uprn, uprns)));
    const byUprn = new Map<number, typeof list>();
    for (const a of list) byUprn.set(a.uprn, [...(byUprn.get(a.uprn) ?? []), a]);
    const out: Array<{ p: (typeof rows)[number]; o: Occurrence }> = [];
    for (const p of rows) {
      const mine: Occurrence[] = [];
      for (const a of byUprn.get(p.uprn) ?? []) mine.push(...applyWindows(byRound.get(a.roundId) ?? [], [{ from: a.from, to: a.to }]));
      mine.sort((x, y) => (x.date ?? x.originalDate).localeCompare(y.date ?? y.originalDate) || x.service.localeCompare(y.service));
      for (const o of mine) out.push({ p, o });
    }
    yield out;
  }
}

async function* collectionsCsv(ctx: ServiceContext, councilId: number, from: LocalDate, to: LocalDate) {
  yield csvLine(['uprn', 'address', 'postcode', 'service', 'round', 'date', 'original_date', 'changed', 'cancelled', 'reason']) + CRLF;
  for await (const rows of collectionRows(ctx, councilId, from, to)) {
    yield rows.map(({ p, o }) => csvLine([String(p.uprn), p.address, p.postcode, o.service, o.round, o.date, o.originalDate, o.changed ? 'yes' : 'no', o.cancelled ? 'yes' : 'no', o.reason ?? '']) + CRLF).join('');
  }
}

async function* collectionFeatures(ctx: ServiceContext, councilId: number, from: LocalDate, to: LocalDate) {
  for await (const rows of collectionRows(ctx, councilId, from, to)) {
    for (const { p, o } of rows) {
      yield feature(p.lon, p.lat, { uprn: String(p.uprn), address: p.address, service: o.service, round: o.round, date: o.date, originalDate: o.originalDate, changed: o.changed, cancelled: o.cancelled, reason: o.reason ?? null });
    }
  }
}

/** The export as text chunks; checks scope and the range before the first chunk. */
export async function exportData(ctx: ServiceContext, name: ExportName, format: ExportFormat, range: Range = {}): Promise<AsyncGenerator<string>> {
  const councilId = scope(ctx);
  if (name === 'collections') {
    const { from, to } = await collectionRange(ctx, range);
    return format === 'csv' ? collectionsCsv(ctx, councilId, from, to) : collection(collectionFeatures(ctx, councilId, from, to));
  }
  if (name === 'properties') return format === 'csv' ? propertiesCsv(ctx, councilId) : collection(propertyFeatures(ctx, councilId));
  if (name === 'assignments') return format === 'csv' ? assignmentsCsv(ctx, councilId) : collection(assignmentFeatures(ctx, councilId));
  const today = councilToday(ctx, await getCouncil(ctx, councilId));
  return format === 'csv' ? roundsCsv(ctx, councilId) : collection(roundFeatures(ctx, councilId, today));
}
