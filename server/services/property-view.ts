/**
 * What the public API and the resident pages show about addresses and properties. Each verb
 * validates its own input (pages pass raw query strings too), returns exactly the JSON the API
 * serves, and reads "today" in the property's council time zone from the injected clock.
 */
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { councils, properties } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { compareAddresses, escapeLike, PREMISES_PREFIX_SQL } from '../domain/addresses.ts';
import { addDays, daysBetween, formatDdMmYyyy, isLocalDate, type LocalDate } from '../domain/dates.ts';
import type { Subscription } from '../domain/frequency.ts';
import { normalisePostcode } from '../domain/postcode.ts';
import type { Occurrence } from '../domain/schedule.ts';
import { parseUprn } from '../domain/uprn.ts';
import { invalid, notFound } from '../errors.ts';
import type { TodayStatus } from '../domain/today-status.ts';
import { lookupProperty } from './lookup/property-lookup.ts';
import { answerLanguage, localizeCollections } from './lookup/localize.ts';
import type { Lang } from '../../web/i18n/index.ts';
import { getCouncilBySlug, type PropertySchedule, type ServiceRow } from './schedule.ts';

// ---------------------------------------------------------------------------------------------
// Shapes (the API's JSON, field for field)

export interface AddressResult {
  /** Digits only, no padding. */
  uprn: string;
  address: string;
  postcode: string;
  /** The council's slug. */
  council: string;
}

export interface NextCollection {
  date: LocalDate;
  originalDate: LocalDate;
  changed: boolean;
  reason?: string;
}

export interface LastCollection {
  date: LocalDate;
  /** What the crew recorded, when they did (collected, not_presented, …). */
  outcome?: string;
  /** When the round run that day was completed, ISO 8601. */
  completedAt?: string;
}

export interface ServiceView {
  id: string;
  name: string;
  stream: string;
  container: string;
  colour: string;
  /** "Every other Tuesday"; null when the round has no schedule. */
  frequency: string | null;
  /** Present only for a bounded service (e.g. a garden waste subscription): its window and whether it runs today. */
  subscription?: Subscription;
  next: NextCollection | null;
  last: LastCollection | null;
  /** On a collection day: where that collection stands (from the crew's data). */
  today?: TodayStatus;
  reportable: boolean;
  reportBlockedReason?: string;
}

export interface PropertyView {
  uprn: string;
  address: string;
  postcode: string;
  lat: number;
  lon: number;
  council: { slug: string; name: string };
  services: ServiceView[];
}

export interface CollectionItem {
  date: LocalDate;
  /** The service id (refuse, recycling, …). */
  service: string;
  /** The service's name (Rubbish, Recycling, …). */
  name: string;
  originalDate: LocalDate;
  changed: boolean;
  reason?: string;
}

export interface BinsView {
  bins: Array<{ type: string; collectionDate: string }>;
}

// ---------------------------------------------------------------------------------------------
// Limits (documented in docs/api.md)

export const ADDRESS_QUERY_MIN = 3;
export const ADDRESS_QUERY_MAX = 100;
export const ADDRESS_RESULTS_MAX = 50;
/** A postcode holds at most a few hundred addresses; this only guards against a runaway answer. */
const POSTCODE_RESULTS_MAX = 1000;
export const MAX_RANGE_DAYS = 400;
/** The shape of a council slug (as the bundle requires); anything else is no council at all. */
const COUNCIL_SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const DEFAULT_RANGE_DAYS = 56;

// ---------------------------------------------------------------------------------------------
// Addresses

/**
 * Addresses by postcode (normalised and validated) and/or by a case-insensitive piece of the
 * address. With both, the postcode's addresses containing `q` (which may then be 1 character).
 * `council` (a slug) restricts the answer to that council; unknown → 404 `not_found`.
 */
export async function findAddresses(
  ctx: ServiceContext,
  input: { postcode?: string; q?: string; council?: string },
): Promise<AddressResult[]> {
  const rawPostcode = input.postcode?.trim() ?? '';
  const q = input.q?.trim().replace(/\s+/g, ' ') ?? '';
  if (!rawPostcode && !q) {
    throw invalid('invalid_query', 'Give a postcode (?postcode=DE1 1AA) or part of an address (?q=12 high street).');
  }
  const postcode = rawPostcode ? normalisePostcode(rawPostcode) : null;
  if (rawPostcode && !postcode) {
    throw invalid('invalid_postcode', `"${rawPostcode.slice(0, 20)}" is not a UK postcode. Try one like "DE1 1AA".`);
  }
  const minQ = postcode ? 1 : ADDRESS_QUERY_MIN;
  if (input.q !== undefined && !postcode && q.length < minQ) {
    throw invalid('invalid_query', `Type at least ${ADDRESS_QUERY_MIN} characters of the address.`);
  }
  if (q.length > ADDRESS_QUERY_MAX) {
    throw invalid('invalid_query', `Type at most ${ADDRESS_QUERY_MAX} characters of the address.`);
  }
  // Control characters (a NUL above all, which PostgreSQL refuses in text) are never in an address.
  if (/[\u0000-\u001f\u007f]/.test(q)) throw invalid('invalid_query', 'The address text holds characters no address has.');

  const where: SQL[] = [];
  if (input.council !== undefined) {
    if (!COUNCIL_SLUG.test(input.council)) throw notFound(`No council called "${input.council.slice(0, 64)}"`);
    const council = await getCouncilBySlug(ctx, input.council);
    if (ctx.councilId !== undefined && ctx.councilId !== council.id) return [];
    where.push(eq(properties.councilId, council.id));
  } else if (ctx.councilId !== undefined) {
    where.push(eq(properties.councilId, ctx.councilId));
  }
  if (postcode) where.push(eq(properties.postcode, postcode));
  const pattern = escapeLike(q);
  if (q) where.push(sql`${properties.address} ilike ${'%' + pattern + '%'}`);

  const columns = { uprn: properties.uprn, address: properties.address, postcode: properties.postcode, council: councils.slug };
  const base = ctx.db.select(columns).from(properties).innerJoin(councils, eq(councils.id, properties.councilId)).where(and(...where));

  if (postcode) {
    const rows = await base.limit(POSTCODE_RESULTS_MAX);
    return rows.sort((a, b) => compareAddresses(a.address, b.address) || a.uprn - b.uprn).map(toAddressResult);
  }

  // Free text: matches at the start of the address first, then at the start of a word, then
  // anywhere; within each, by street and building number (the same keys compareAddresses uses),
  // so the first 50 are the ones a person would expect to see first.
  const rank = sql<number>`case when ${properties.address} ilike ${pattern + '%'} then 0
    when ${properties.address} ilike ${'% ' + pattern + '%'} then 1 else 2 end`;
  const prefix = sql`coalesce((regexp_match(${properties.address}, ${PREMISES_PREFIX_SQL}, 'i'))[1], '')`;
  const street = sql`lower(btrim(substr(${properties.address}, length(${prefix}) + 1)))`;
  const building = sql`lpad(coalesce(substring(${prefix} from '([0-9]+)[^0-9]*$'), ''), 12, '0')`;
  const rows = await ctx.db
    .select({ ...columns, rank })
    .from(properties)
    .innerJoin(councils, eq(councils.id, properties.councilId))
    .where(and(...where))
    .orderBy(rank, street, building, asc(properties.address), asc(properties.uprn))
    .limit(ADDRESS_RESULTS_MAX);
  return rows
    .sort((a, b) => Number(a.rank) - Number(b.rank) || compareAddresses(a.address, b.address) || a.uprn - b.uprn)
    .map(toAddressResult);
}

const toAddressResult = (r: { uprn: number; address: string; postcode: string; council: string }): AddressResult => ({
  uprn: String(r.uprn),
  address: r.address,
  postcode: r.postcode,
  council: r.council,
});

// ---------------------------------------------------------------------------------------------
// Properties

/** The UPRN's value, or 400 `invalid_uprn`. */
export function requireUprn(uprn: string | number): number {
  const value = parseUprn(uprn);
  if (value === null) throw invalid('invalid_uprn', 'A UPRN is 1 to 12 digits, such as 100023336956.');
  return value;
}

/** Residents read services in this order: rubbish, then recycling, then food and garden. */
const STREAM_ORDER = [
  'residual', 'recycling', 'dry_mixed_with_paper', 'dry_mixed', 'paper', 'glass', 'metal', 'plastic', 'food', 'garden', 'bulky',
];
const streamRank = (s: ServiceRow) => {
  const i = STREAM_ORDER.indexOf(s.stream);
  return i < 0 ? STREAM_ORDER.length : i;
};
export const compareServices = (a: ServiceRow, b: ServiceRow) =>
  streamRank(a) - streamRank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export const changeOf = (o: Occurrence) => ({
  originalDate: o.originalDate,
  changed: o.changed,
  ...(o.changed && o.reason ? { reason: o.reason } : {}),
});

/**
 * The property with, per service, how often, the next and last collections, where today's
 * collection stands and whether a missed report is possible (through the lookup cache: one query).
 */
export async function propertyView(ctx: ServiceContext, uprn: string | number): Promise<PropertyView> {
  return (await lookupProperty(ctx, uprn)).view();
}

/** The property's collections, deduplicated per (date, service), sorted by date then service id. */
export function collectionItems(ps: PropertySchedule, from: LocalDate, to: LocalDate): CollectionItem[] {
  const seen = new Set<string>();
  const out: CollectionItem[] = [];
  for (const o of ps.collections(from, to)) {
    const key = `${o.date}|${o.service}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ date: o.date!, service: o.service, name: ps.schedule.services.get(o.service)?.name ?? o.service, ...changeOf(o) });
  }
  return out.sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
}

function requireDate(value: string | undefined, name: string): LocalDate | undefined {
  if (value === undefined || value === '') return undefined;
  if (!isLocalDate(value)) throw invalid('invalid_date', `${name}: "${String(value).slice(0, 20)}" is not a date YYYY-MM-DD.`);
  return value;
}

/**
 * The date range a collections question covers. Defaults: from today, to 8 weeks after `from`.
 * `to` before `from` → `invalid_range`; more than 400 days apart → `range_too_long`.
 */
export function resolveRange(today: LocalDate, input: { from?: string; to?: string }): { from: LocalDate; to: LocalDate } {
  const fromGiven = requireDate(input.from, 'from');
  const toGiven = requireDate(input.to, 'to');
  const from = fromGiven ?? today;
  const to = toGiven ?? addDays(from, DEFAULT_RANGE_DAYS);
  if (to < from) throw invalid('invalid_range', `to (${to}) is before from (${from}).`);
  if (daysBetween(from, to) > MAX_RANGE_DAYS) {
    throw invalid('range_too_long', `Ask for at most ${MAX_RANGE_DAYS} days at a time (${from} to ${to} is ${daysBetween(from, to)}).`);
  }
  return { from, to };
}

/** Collections between `from` and `to` inclusive (defaults: today to today + 8 weeks), in `lang` (see answerLanguage). */
export async function propertyCollectionsView(
  ctx: ServiceContext,
  uprn: string | number,
  input: { from?: string; to?: string; lang?: string } = {},
): Promise<Localised<CollectionItem[]>> {
  const value = requireUprn(uprn);
  // Validate the dates before looking the property up: a bad request is a 400 whether or not the UPRN exists.
  requireDate(input.from, 'from');
  requireDate(input.to, 'to');
  const lookup = await lookupProperty(ctx, value, { live: false });
  const { from, to } = resolveRange(lookup.today, input);
  const { lang, localize } = answerLanguage(lookup.plan, input.lang);
  // Memoised per language: the same object for the same answer keeps its serialised text and ETag.
  const body = lookup.memo(`collections|${from}|${to}|${lang}`, () => {
    const items = collectionItems(lookup.plan.ps, from, to);
    return localize ? localizeCollections(lookup.plan, items, lang) : items;
  });
  return { lang, body };
}

/** The next 8 weeks in the shape UKBinCollectionData (and its Home Assistant users) read, `type` in `lang`. */
export async function binsView(ctx: ServiceContext, uprn: string | number, input: { lang?: string } = {}): Promise<Localised<BinsView>> {
  const lookup = await lookupProperty(ctx, uprn, { live: false });
  const { lang, localize } = answerLanguage(lookup.plan, input.lang);
  const body = lookup.memo(`bins|${lang}`, () => {
    const all = collectionItems(lookup.plan.ps, lookup.today, addDays(lookup.today, DEFAULT_RANGE_DAYS));
    const items = localize ? localizeCollections(lookup.plan, all, lang) : all;
    return { bins: items.map((i) => ({ type: i.name, collectionDate: formatDdMmYyyy(i.date) })) };
  });
  return { lang, body };
}

/** An answer and the language its human-readable fields are in (the route's Content-Language). */
export interface Localised<T> {
  lang: Lang;
  body: T;
}
