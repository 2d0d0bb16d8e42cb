/**
 * The property lookup path (issue 10): one query per request in the steady state. A cached plan
 * (what the schedule decides) is validated against the database on every request by the same query
 * that reads the live crew and report facts (`fetchLookupFacts`); any change to the property or
 * council row (schedule_version included) or a new council-local day rebuilds the plan. Answers
 * derived from a plan (JSON text and its ETag) are memoised on it, keyed by what shapes them.
 *
 * With the database unreachable, an entry validated within the last 60 s (real elapsed time) answers
 * instead (DESIGN "Operations"); otherwise the error propagates.
 */
import type { ServiceContext } from '../../context.ts';
import { localDateAt, type LocalDate } from '../../domain/dates.ts';
import { DomainError, notFound } from '../../errors.ts';
import { compareServices, requireUprn, type PropertyView } from '../property-view.ts';
import { loadPropertySchedule } from '../schedule.ts';
import { LruCache } from './cache.ts';
import { fetchLookupFacts, type LookupFacts } from './facts.ts';
import { buildPlan, composeView, type PropertyPlan } from './plan.ts';

/** Entries per database handle; a plan is a few kilobytes. */
export const LOOKUP_CACHE_CAPACITY = 20_000;
/** How old a validation may be for an answer while the database is unreachable. */
export const STALE_IF_ERROR_MS = 60_000;
/** Memoised answers per plan (a handful of routes and date ranges). */
const MEMO_CAPACITY = 16;

interface Entry {
  plan: PropertyPlan;
  propertyStamp: string;
  councilStamp: string;
  /** The last facts read, for answers while the database is down. */
  facts: LookupFacts;
  /** performance.now() of the last successful validation. */
  validatedAt: number;
  memo: LruCache<string, unknown>;
}

export interface PropertyLookup {
  plan: PropertyPlan;
  today: LocalDate;
  /** The property answer now (the facts of this request, the clock's reportability). */
  view(): PropertyView;
  /** A value derived from the plan only, memoised under `key` until the plan changes. */
  memo<T>(key: string, build: () => T): T;
}

const caches = new WeakMap<object, LruCache<string, Entry>>();

function cacheFor(ctx: ServiceContext): LruCache<string, Entry> | undefined {
  if ('rollback' in ctx.db) return undefined; // inside a transaction: never cache uncommitted reads
  let cache = caches.get(ctx.db);
  if (!cache) caches.set(ctx.db, (cache = new LruCache(LOOKUP_CACHE_CAPACITY)));
  return cache;
}

const emptyQuery = (uprn: number, today: LocalDate) => ({ uprn, dates: [], rounds: [], today, todayRounds: [] });

function answer(ctx: ServiceContext, entry: Entry, facts: LookupFacts): PropertyLookup {
  const now = ctx.clock.now();
  return {
    plan: entry.plan,
    today: entry.plan.today,
    view: () => composeView(entry.plan, facts, now),
    memo<T>(key: string, build: () => T): T {
      const hit = entry.memo.get(key);
      if (hit !== undefined) return hit as T;
      const value = build();
      entry.memo.set(key, value);
      return value;
    },
  };
}

/** The database could not be asked (as opposed to a rule saying no). */
const isDatabaseFailure = (err: unknown) => !(err instanceof DomainError);

/**
 * The property's lookup. `live: false` skips the crew and report facts (schedule-only answers:
 * collections, bins) but still validates the plan against the database.
 */
export async function lookupProperty(ctx: ServiceContext, uprnInput: string | number, options: { live?: boolean } = {}): Promise<PropertyLookup> {
  const uprn = requireUprn(uprnInput);
  const live = options.live ?? true;
  const cache = cacheFor(ctx);
  const key = `${ctx.councilId ?? '*'}|${uprn}`;
  const entry = cache?.get(key);

  let first: LookupFacts | null;
  if (entry) {
    try {
      first = await fetchLookupFacts(ctx, live ? entry.plan.query : emptyQuery(uprn, entry.plan.today));
    } catch (err) {
      if (isDatabaseFailure(err) && performance.now() - entry.validatedAt <= STALE_IF_ERROR_MS) return answer(ctx, entry, entry.facts);
      throw err;
    }
    if (!first) {
      cache!.delete(key);
      throw notFound(`No property with UPRN ${uprn}`);
    }
    const tz = entry.plan.ps.schedule.council.timezone;
    if (first.propertyStamp === entry.propertyStamp && first.councilStamp === entry.councilStamp
      && localDateAt(ctx.clock.now(), tz) === entry.plan.today) {
      entry.validatedAt = performance.now();
      if (live) entry.facts = first;
      return answer(ctx, entry, live ? first : entry.facts);
    }
  } else {
    first = await fetchLookupFacts(ctx, emptyQuery(uprn, '1970-01-01'));
    if (!first) throw notFound(`No property with UPRN ${uprn}`);
  }

  // Build (or rebuild) the plan, then read the facts it needs. The plan is kept only when the
  // property and council rows read the same before and after: nothing changed while it was built.
  const ps = await loadPropertySchedule(ctx, uprn);
  const today = localDateAt(ctx.clock.now(), ps.schedule.council.timezone);
  const plan = buildPlan(ps, today, [...ps.services].sort(compareServices));
  const facts = await fetchLookupFacts(ctx, plan.query);
  if (!facts) throw notFound(`No property with UPRN ${uprn}`);
  const fresh: Entry = {
    plan, propertyStamp: facts.propertyStamp, councilStamp: facts.councilStamp, facts,
    validatedAt: performance.now(), memo: new LruCache(MEMO_CAPACITY),
  };
  if (cache) {
    if (facts.propertyStamp === first.propertyStamp && facts.councilStamp === first.councilStamp) cache.set(key, fresh);
    else cache.delete(key);
  }
  return answer(ctx, fresh, facts);
}
