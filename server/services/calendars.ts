/**
 * Calendar feeds (DESIGN.md "Calendars"): property, round, council changes and contract feeds.
 *
 * Every feed is answered in two steps. First a cheap query (one row: the council's schedule_version
 * and what identifies the feed) gives the ETag; only when no generated body is cached under that ETag
 * is the feed built. The ETag covers everything that shapes the body: the council (id, creation time,
 * schedule_version, which every schedule-changing write bumps), the feed and its options, the
 * council-local date (the window slides daily), the UID host and the feed format version. Two
 * instances over one database therefore agree on ETags and write byte-identical bodies.
 */
import { bookedAssignments } from './requests/bulky/collections.ts';
import { pick } from '../../web/i18n/names.ts';
import { isLang, translate, type Lang } from '../../web/i18n/index.ts';
import { createHash, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { assignments, contractLines, contracts, councils, properties } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { instantAt, localDateAt, type LocalDate } from '../domain/dates.ts';
import {
  collectionUid, FEED_FORMAT_VERSION, feedWindow, renderCalendar, uidHost,
  type FeedCalendar, type FeedEvent, type FeedServiceInfo,
} from '../domain/ical.ts';
import {
  compareOccurrences, propertyCollections, roundCollections, type Occurrence, type PropertyAssignment,
} from '../domain/schedule.ts';
import { DomainError, notFound } from '../errors.ts';
import { sha256 } from './auth.ts';
import { etagMatches, feedEntry, feedText, type CachedFeed, type FeedCache } from './feed-cache.ts';
import { changeReason, roundName } from './lookup/localize.ts';
import { getCouncil, getCouncilBySlug, loadCouncilSchedule, type CouncilRow, type ServiceRow } from './schedule.ts';

export { calendarLinks } from '../domain/ical.ts';

export interface FeedOptions {
  /** config.publicUrl: the UIDs' host. */
  publicUrl: string;
  /** The app instance's cache; without one every request builds the feed. */
  cache?: FeedCache;
  /** The request's validators. */
  conditional?: { ifNoneMatch?: string; ifModifiedSince?: string };
  /** `?lang=` as asked; a language the council does not offer falls back to its first. */
  lang?: string;
}

/** The feed's language: the one asked for when the council offers it, else the council's first. */
function feedLang(asked: string | undefined, offered: readonly string[] | null | undefined): Lang {
  const list = (offered ?? []).filter(isLang);
  if (isLang(asked) && list.includes(asked)) return asked;
  return list[0] ?? 'en';
}

export interface FeedAnswer {
  status: 200 | 304;
  etag: string;
  lastModified: Date;
  /** The body as text (inflated from the cached gzip bytes); for clients that do not take gzip. */
  body(): string;
  /** The body gzipped (made once per cached version). */
  gzipped(): Uint8Array;
  filename: string;
}

export interface PropertyFeedInput {
  uprn: number;
  /** Sorted, de-duplicated service ids (see `parseServiceList`); all services when absent. */
  services?: string[];
  /** `HH:MM`, already checked (see `reminderSecondsBefore`). */
  reminder?: string;
  reminderSecondsBefore?: number;
}

/** A feed whose validator is known and whose body can be built on demand. */
interface PreparedFeed {
  /** Identifies the feed regardless of version (for Last-Modified bookkeeping). */
  key: string;
  etag: string;
  filename: string;
  /** Builds the body; answers the ETag of what it actually built (the version may have moved meanwhile). */
  generate(): Promise<{ etag: string; body: string }>;
}

type CouncilIdentity = Pick<CouncilRow, 'id' | 'createdAt' | 'scheduleVersion' | 'timezone'>;

function makeEtag(identity: string, council: CouncilIdentity, today: LocalDate, host: string): string {
  const text = [FEED_FORMAT_VERSION, identity, council.id, council.createdAt.getTime(), council.scheduleVersion, today, host].join('|');
  return `"${createHash('sha256').update(text).digest('base64url').slice(0, 32)}"`;
}

const serviceInfo = (s: ServiceRow | undefined, id: string, lang: Lang): FeedServiceInfo =>
  s
    ? { id: s.id, name: pick(s.name, s.names, lang), container: pick(s.container, s.containers, lang), colour: s.colour }
    : { id, name: id, container: 'bin', colour: '' };

/** The shared ending of every feed: cache lookup, build on a miss, then the conditional-request rules. */
async function answer(ctx: ServiceContext, feed: PreparedFeed, options: FeedOptions): Promise<FeedAnswer> {
  const now = ctx.clock.now();
  let entry: CachedFeed | undefined = options.cache?.get(feed.etag);
  if (!entry) {
    // Also on an If-None-Match hit we have not cached (another instance built it): building it here
    // checks the feed still exists and warms this instance for the next subscriber.
    const built = await feed.generate();
    entry = options.cache
      ? options.cache.put(feed.key, built.etag, built.body, now)
      : feedEntry(built.etag, built.body, new Date(Math.floor(now.getTime() / 1000) * 1000));
  }
  const cached = entry;
  const base = { etag: entry.etag, lastModified: entry.lastModified, filename: feed.filename, gzipped: () => cached.gzipped, body: () => feedText(cached) };
  const { ifNoneMatch, ifModifiedSince } = options.conditional ?? {};
  if (ifNoneMatch !== undefined) {
    // RFC 9110: when If-None-Match is present, If-Modified-Since is ignored.
    if (etagMatches(ifNoneMatch, entry.etag)) return { status: 304, ...base };
  } else if (ifModifiedSince !== undefined) {
    const since = Date.parse(ifModifiedSince);
    if (!Number.isNaN(since) && entry.lastModified.getTime() <= since) return { status: 304, ...base };
  }
  return { status: 200, ...base };
}

/** DTSTAMP for every event: the start of the council's day, so a day's feeds are byte-identical everywhere. */
const stampFor = (today: LocalDate, timezone: string) => instantAt(today, '00:00', timezone);

// ---------------------------------------------------------------------------------------------
// Property feed: /calendars/properties/{uprn}.ics

const propertyHeadSelect = (db: ServiceContext['db']) =>
  db
    .select({
      address: properties.address,
      id: councils.id,
      createdAt: councils.createdAt,
      scheduleVersion: councils.scheduleVersion,
      timezone: councils.timezone,
      languages: councils.languages,
    })
    .from(properties)
    .innerJoin(councils, eq(councils.id, properties.councilId))
    .$dynamic();

type PropertyHeadQuery = ReturnType<typeof preparePropertyHead>;
const preparePropertyHead = (db: ServiceContext['db']) =>
  propertyHeadSelect(db).where(eq(properties.uprn, sql.placeholder('uprn'))).prepare('calendar_property_head');
const propertyHeadQueries = new WeakMap<object, PropertyHeadQuery>();

/**
 * The hot path of every cached property feed, prepared once per database handle: building the query
 * each time costs about three times what Postgres takes to answer it.
 */
function propertyHeadQuery(db: ServiceContext['db']): PropertyHeadQuery {
  let q = propertyHeadQueries.get(db);
  if (!q) propertyHeadQueries.set(db, (q = preparePropertyHead(db)));
  return q;
}

export async function propertyFeed(ctx: ServiceContext, input: PropertyFeedInput, options: FeedOptions): Promise<FeedAnswer> {
  // The one query a cached answer needs: the property's council and what its validator is made of.
  const [head] = ctx.councilId === undefined
    ? await propertyHeadQuery(ctx.db).execute({ uprn: input.uprn })
    : await propertyHeadSelect(ctx.db).where(and(eq(properties.uprn, input.uprn), eq(properties.councilId, ctx.councilId)));
  if (!head) throw notFound(`No property with UPRN ${input.uprn}.`);

  const host = uidHost(options.publicUrl);
  const today = localDateAt(ctx.clock.now(), head.timezone);
  const lang = feedLang(options.lang, head.languages);
  const identity = `property|${input.uprn}|${input.services?.join(',') ?? '*'}|${input.reminder ?? ''}|${lang}`;

  return answer(ctx, {
    key: identity,
    etag: makeEtag(identity, head, today, host),
    filename: `kerbside-${input.uprn}.ics`,
    async generate() {
      const [schedule, assignmentRows] = await Promise.all([
        loadCouncilSchedule(ctx, head.id),
        ctx.db
          .select({ round: assignments.roundId, from: assignments.from, to: assignments.to })
          .from(assignments)
          .where(and(eq(assignments.councilId, head.id), eq(assignments.uprn, input.uprn))),
      ]);
      const assigned: PropertyAssignment[] = [...assignmentRows, ...(await bookedAssignments(ctx, schedule, input.uprn))];
      const { council, services } = schedule;
      let wanted = assigned;
      if (input.services) {
        const unknown = input.services.filter((id) => !services.has(id));
        if (unknown.length) {
          throw new DomainError(
            'invalid_services',
            `Unknown service: ${unknown.join(', ')}. This council's services are: ${[...services.keys()].join(', ')}.`,
            400,
          );
        }
        const only = new Set(input.services);
        wanted = assigned.filter((a) => only.has(schedule.rounds.get(a.round)?.serviceId ?? ''));
      }
      const { from, to } = feedWindow(today);
      const events: FeedEvent[] = propertyCollections(wanted, schedule.rounds, schedule.rules, from, to).map((o) => ({
        uid: collectionUid(input.uprn, o.service, o.originalDate, host),
        service: serviceInfo(services.get(o.service), o.service, lang),
        date: o.date!,
        originalDate: o.originalDate,
        changed: o.changed,
        cancelled: false,
        reason: o.reason && changeReason(schedule, o.reason, lang),
        ...(wanted.some((a) => a.booked && a.round === o.round && a.from === o.originalDate) ? { booked: true } : {}),
      }));
      const calendar: FeedCalendar = {
        name: translate(lang, 'ical.property_name', { address: head.address }),
        description: translate(lang, 'ical.property_description', { council: council.name, address: head.address, uprn: input.uprn }),
        lang,
        timezone: council.timezone,
        stamp: stampFor(today, council.timezone),
        sequence: council.scheduleVersion,
        reminderSecondsBefore: input.reminderSecondsBefore,
      };
      return { etag: makeEtag(identity, council, today, host), body: renderCalendar(calendar, events) };
    },
  }, options);
}

// ---------------------------------------------------------------------------------------------
// Round feed and the council's changes feed: computed per round, never per property.

async function councilForFeed(ctx: ServiceContext, slug: string): Promise<CouncilRow> {
  const council = await getCouncilBySlug(ctx, slug);
  if (ctx.councilId !== undefined && ctx.councilId !== council.id) throw notFound(`No council called "${slug}"`);
  return council;
}

/** `{council}-{round}-{originalDate}@{host}`: one round has one service, so this names one collection. */
const roundUid = (councilSlug: string, roundId: string, originalDate: LocalDate, host: string) =>
  `${councilSlug}-${roundId}-${originalDate}@${host}`;

export async function roundFeed(
  ctx: ServiceContext, input: { council: string; round: string }, options: FeedOptions,
): Promise<FeedAnswer> {
  const head = await councilForFeed(ctx, input.council);
  const host = uidHost(options.publicUrl);
  const today = localDateAt(ctx.clock.now(), head.timezone);
  const lang = feedLang(options.lang, head.languages);
  const identity = `round|${head.id}|${input.round}|${lang}`;
  return answer(ctx, {
    key: identity,
    etag: makeEtag(identity, head, today, host),
    filename: `kerbside-${head.slug}-${input.round}.ics`,
    async generate() {
      const schedule = await loadCouncilSchedule(ctx, head.id);
      const { council } = schedule;
      const round = schedule.rounds.get(input.round);
      if (!round) throw notFound(`No round "${input.round}" at ${council.name}.`);
      const { from, to } = feedWindow(today);
      const service = serviceInfo(schedule.services.get(round.serviceId), round.serviceId, lang);
      const events: FeedEvent[] = roundCollections(round, schedule.rules, from, to).map((o) => ({
        uid: roundUid(council.slug, round.id, o.originalDate, host),
        service,
        date: o.date!,
        originalDate: o.originalDate,
        changed: o.changed,
        cancelled: false,
        reason: o.reason && changeReason(schedule, o.reason, lang),
        roundName: roundName(round, lang),
      }));
      const calendar: FeedCalendar = {
        name: `${roundName(round, lang)}: ${council.name}`,
        lang,
        timezone: council.timezone,
        stamp: stampFor(today, council.timezone),
        sequence: council.scheduleVersion,
      };
      return { etag: makeEtag(identity, council, today, host), body: renderCalendar(calendar, events) };
    },
  }, options);
}

export async function changesFeed(ctx: ServiceContext, input: { council: string }, options: FeedOptions): Promise<FeedAnswer> {
  const head = await councilForFeed(ctx, input.council);
  const host = uidHost(options.publicUrl);
  const today = localDateAt(ctx.clock.now(), head.timezone);
  const lang = feedLang(options.lang, head.languages);
  const identity = `changes|${head.id}|${lang}`;
  return answer(ctx, {
    key: identity,
    etag: makeEtag(identity, head, today, host),
    filename: `kerbside-${head.slug}-changes.ics`,
    async generate() {
      const schedule = await loadCouncilSchedule(ctx, head.id);
      const { council } = schedule;
      const { from, to } = feedWindow(today);
      const changed: Array<Occurrence & { roundName: string }> = [];
      for (const round of schedule.rounds.values()) {
        for (const o of roundCollections(round, schedule.rules, from, to, { includeCancelled: true })) {
          if (o.changed) changed.push({ ...o, roundName: roundName(round, lang) });
        }
      }
      changed.sort(compareOccurrences);
      const events: FeedEvent[] = changed.map((o) => ({
        uid: roundUid(council.slug, o.round, o.originalDate, host),
        service: serviceInfo(schedule.services.get(o.service), o.service, lang),
        date: o.date ?? o.originalDate,
        originalDate: o.originalDate,
        changed: true,
        cancelled: o.cancelled,
        reason: o.reason && changeReason(schedule, o.reason, lang),
        roundName: o.roundName,
      }));
      const calendar: FeedCalendar = {
        name: translate(lang, 'ical.changes_name', { council: council.name }),
        description: translate(lang, 'ical.changes_description'),
        lang,
        timezone: council.timezone,
        stamp: stampFor(today, council.timezone),
        sequence: council.scheduleVersion,
        describeChange: true,
      };
      return { etag: makeEtag(identity, council, today, host), body: renderCalendar(calendar, events) };
    },
  }, options);
}

// ---------------------------------------------------------------------------------------------
// Contract feed: /calendars/contracts/{reference}.ics?token=… (private: the token is the key).

const CONTRACT_NOT_FOUND = 'No calendar at this address.';
/** Contracts whose collections are running (or ran, within their dates). Drafts and suspended contracts show none. */
const COLLECTING_STATUSES = new Set(['active', 'ended']);

function tokenMatches(token: string | undefined, hash: string | null): boolean {
  if (!token || !hash) return false;
  const a = Buffer.from(sha256(token), 'utf8');
  const b = Buffer.from(hash, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A contract's collections (its lines' rounds, at the site's UPRN, within the contract's dates).
 * An unknown reference and a wrong token get the same 404, so the feed never confirms a reference.
 */
export async function contractFeed(
  ctx: ServiceContext, reference: string, token: string | undefined, options: FeedOptions,
): Promise<FeedAnswer> {
  const where = ctx.councilId === undefined
    ? eq(contracts.reference, reference)
    : and(eq(contracts.reference, reference), eq(contracts.councilId, ctx.councilId));
  const [contract] = await ctx.db.select().from(contracts).where(where);
  if (!contract || !tokenMatches(token, contract.calendarTokenHash)) throw new DomainError('not_found', CONTRACT_NOT_FOUND, 404);

  const [head, lines] = await Promise.all([
    getCouncil(ctx, contract.councilId),
    ctx.db
      .select()
      .from(contractLines)
      .where(and(eq(contractLines.councilId, contract.councilId), eq(contractLines.contractReference, reference)))
      .orderBy(asc(contractLines.id)),
  ]);
  const host = uidHost(options.publicUrl);
  const today = localDateAt(ctx.clock.now(), head.timezone);
  const shape = JSON.stringify([
    contract.calendarTokenHash, contract.uprn, contract.start, contract.end, contract.status,
    lines.map((l) => [l.serviceId, l.roundId, l.container, l.quantity]),
  ]);
  const lang = feedLang(options.lang, head.languages);
  const identity = `contract|${reference}|${shape}|${lang}`;
  return answer(ctx, {
    key: `contract|${reference}`,
    etag: makeEtag(identity, head, today, host),
    filename: `kerbside-${reference}.ics`,
    async generate() {
      const schedule = await loadCouncilSchedule(ctx, contract.councilId);
      const { council } = schedule;
      const window = feedWindow(today);
      const from = contract.start > window.from ? contract.start : window.from;
      const to = contract.end < window.to ? contract.end : window.to;
      const byUid = new Map<string, FeedEvent>();
      if (COLLECTING_STATUSES.has(contract.status) && from <= to) {
        for (const line of lines) {
          const round = schedule.rounds.get(line.roundId);
          if (!round) continue;
          for (const o of roundCollections(round, schedule.rules, from, to)) {
            const uid = collectionUid(contract.uprn, o.service, o.originalDate, host);
            const same = byUid.get(uid);
            if (same) {
              // Two lines of one service on one day are one lift visit: one event, containers added up.
              same.quantity = (same.quantity ?? 1) + line.quantity;
              if (same.container !== line.container) same.container = `${same.container}; ${line.container}`;
              continue;
            }
            byUid.set(uid, {
              uid,
              service: serviceInfo(schedule.services.get(o.service), o.service, lang),
              date: o.date!,
              originalDate: o.originalDate,
              changed: o.changed,
              cancelled: false,
              reason: o.reason && changeReason(schedule, o.reason, lang),
              quantity: line.quantity,
              container: line.container,
            });
          }
        }
      }
      const events = [...byUid.values()].sort((a, b) =>
        a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.service.id < b.service.id ? -1 : a.service.id > b.service.id ? 1 : 0);
      const calendar: FeedCalendar = {
        name: translate(lang, 'ical.contract_name', { reference }),
        description: translate(lang, 'ical.contract_description', { council: council.name, reference }),
        lang,
        timezone: council.timezone,
        stamp: stampFor(today, council.timezone),
        sequence: council.scheduleVersion,
      };
      return { etag: makeEtag(identity, council, today, host), body: renderCalendar(calendar, events) };
    },
  }, options);
}
