/**
 * The property lookup path (issue 10): one query per request in the steady state. A cached plan
 * (what the schedule decides) is validated against the database on every request by the same query
 * that reads the live crew and report facts (`fetchLookupFacts`); any change to the property or
 * council row (schedule_version included) or a new council-local day rebuilds the plan. Answers
 * derived from a plan (JSON text and its ETag) are memoised on it, keyed by what shapes them.
 *
 * Finished answers (the property JSON with its ETag, the page's HTML) are cached too (`cached`),
 * keyed by the plan, the live facts' text as read by this request's query and the clock's phase of
 * the day (day-clock.ts): equal key, equal bytes, so a hit costs the one query and a string compare.
 *
 * With the database unreachable, an entry validated within the last 60 s (real elapsed time) answers
 * instead (DESIGN "Operations"); otherwise the error propagates.
 */
import type { ServiceContext } from '../../context.ts';
import { localDateAt, type LocalDate } from '../../domain/dates.ts';
import { DomainError, notFound } from '../../errors.ts';
import { compareServices, requireUprn, type PropertyView } from '../property-view.ts';
import { loadPropertySchedule } from '../schedule.ts';
import { LruCache, roughBytes, SizedLruCache } from './cache.ts';
import { isSameDay, phaseOf } from './day-clock.ts';
import { fetchLookupFacts, type LookupFacts } from './facts.ts';
import { buildPlan, composeView, type PropertyPlan } from './plan.ts';

/**
 * Plans kept per database handle: bounded by their estimated bytes (`KERBSIDE_LOOKUP_PLAN_MB`,
 * default 24 MB) and by count (`KERBSIDE_LOOKUP_PLANS`, default 4,000). A plan holds a property's
 * schedule facts and memoised answers, 5–10 KB on the heap: 20,000 of them took an instance past
 * 600 MB in the scale bench at 100,000 properties (docs/scale.md).
 */
export const LOOKUP_CACHE_CAPACITY = Math.max(100, Number(process.env.KERBSIDE_LOOKUP_PLANS ?? 4_000));
export const PLAN_CACHE_BYTES = Math.max(1, Number(process.env.KERBSIDE_LOOKUP_PLAN_MB ?? 24)) * 1024 * 1024;
/** How old a validation may be for an answer while the database is unreachable. */
export const STALE_IF_ERROR_MS = 60_000;
/** Memoised answers per plan (a handful of routes and date ranges). */
const MEMO_CAPACITY = 16;
/**
 * Finished answers per database handle, by size (a property page is ~20 KB of HTML, its JSON ~2 KB):
 * bounded so an instance serving a million properties stays small (`KERBSIDE_LOOKUP_ANSWER_MB`).
 */
export const ANSWER_CACHE_BYTES = Math.max(0, Number(process.env.KERBSIDE_LOOKUP_ANSWER_MB ?? 32)) * 1024 * 1024;

interface Entry {
  plan: PropertyPlan;
  propertyStamp: string;
  councilStamp: string;
  /** The last facts read, for answers while the database is down. */
  facts: LookupFacts;
  /** performance.now() of the last successful validation. */
  validatedAt: number;
  memo: LruCache<string, unknown>;
  /** Distinguishes this plan from any earlier or later one for the same key (finished answers). */
  generation: number;
}

export interface PropertyLookup {
  plan: PropertyPlan;
  today: LocalDate;
  /** The property answer now (the facts of this request, the clock's reportability). */
  view(): PropertyView;
  /** A value derived from the plan only, memoised under `key` until the plan changes. */
  memo<T>(key: string, build: () => T): T;
  /**
   * A finished answer derived from `view()` and the plan, built once per (plan, live facts, phase of
   * the day) and kept while this request's facts read the same. `vary` names whatever else shapes it
   * (the public URL, the ETag's day, asset URLs); `size` is its rough size in bytes.
   */
  cached<T>(name: string, vary: string, build: () => T | Promise<T>, size: (value: T) => number): Promise<T>;
}

interface Caches {
  plans: SizedLruCache<string, Entry>;
  answers: SizedLruCache<string, { version: string; value: unknown }>;
}
const caches = new WeakMap<object, Caches>();
let generations = 0;

function cacheFor(ctx: ServiceContext): Caches | undefined {
  if ('rollback' in ctx.db) return undefined; // inside a transaction: never cache uncommitted reads
  let cache = caches.get(ctx.db);
  if (!cache) {
    cache = { plans: new SizedLruCache(PLAN_CACHE_BYTES, LOOKUP_CACHE_CAPACITY), answers: new SizedLruCache(ANSWER_CACHE_BYTES, LOOKUP_CACHE_CAPACITY) };
    caches.set(ctx.db, cache);
  }
  return cache;
}

const emptyQuery = (uprn: number, today: LocalDate) => ({ uprn, dates: [], rounds: [], today, todayRounds: [] });

/**
 * A plan entry's estimated heap bytes: what it holds of its own (the council's schedule is shared by
 * all its properties and not counted). Memoised answers are added as they are made (`grow`).
 */
const entryBytes = (e: Entry) =>
  512 + roughBytes(e.plan.services.map(({ service: _shared, ...own }) => own)) + roughBytes(e.plan.query) + roughBytes(e.plan.clock) + roughBytes(e.plan.ps.property)
  + roughBytes(e.plan.ps.assignments) + roughBytes(e.facts) + 64 * e.plan.ps.services.length;

function answer(ctx: ServiceContext, entry: Entry, facts: LookupFacts, key: string, caches?: Caches): PropertyLookup {
  const answers = caches?.answers;
  const now = ctx.clock.now();
  return {
    plan: entry.plan,
    today: entry.plan.today,
    view: () => composeView(entry.plan, facts, now),
    memo<T>(memoKey: string, build: () => T): T {
      const hit = entry.memo.get(memoKey);
      if (hit !== undefined) return hit as T;
      const value = build();
      entry.memo.set(memoKey, value);
      caches?.plans.grow(key, roughBytes(value) + memoKey.length * 2);
      return value;
    },
    async cached<T>(name: string, vary: string, build: () => T | Promise<T>, size: (value: T) => number): Promise<T> {
      const slot = `${key}|${name}`;
      const version = `${entry.generation}|${phaseOf(entry.plan.clock, now)}|${vary}|${facts.liveStamp}`;
      const hit = answers?.get(slot);
      if (hit && hit.version === version) return hit.value as T;
      const value = await build();
      answers?.set(slot, { version, value }, size(value) + version.length * 2 + 200);
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
  const caches_ = cacheFor(ctx);
  const cache = caches_?.plans;
  const key = `${ctx.councilId ?? '*'}|${uprn}`;
  const entry = cache?.get(key);

  let first: LookupFacts | null;
  if (entry) {
    try {
      first = await fetchLookupFacts(ctx, live ? entry.plan.query : emptyQuery(uprn, entry.plan.today), entry.facts);
    } catch (err) {
      if (isDatabaseFailure(err) && performance.now() - entry.validatedAt <= STALE_IF_ERROR_MS) {
        return answer(ctx, entry, entry.facts, key, caches_);
      }
      throw err;
    }
    if (!first) {
      cache!.delete(key);
      throw notFound(`No property with UPRN ${uprn}`);
    }
    if (first.propertyStamp === entry.propertyStamp && first.councilStamp === entry.councilStamp
      && isSameDay(entry.plan.clock, ctx.clock.now())) {
      entry.validatedAt = performance.now();
      if (live) entry.facts = first;
      return answer(ctx, entry, live ? first : entry.facts, key, caches_);
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
    validatedAt: performance.now(), memo: new LruCache(MEMO_CAPACITY), generation: ++generations,
  };
  if (cache) {
    if (facts.propertyStamp === first.propertyStamp && facts.councilStamp === first.councilStamp) cache.set(key, fresh, entryBytes(fresh));
    else cache.delete(key);
  }
  return answer(ctx, fresh, facts, key, caches_);
}

/** What the lookup caches of one database handle hold (entries and estimated bytes): for benches and probes. */
export function lookupCacheStats(db: object) {
  const c = caches.get(db);
  return { plans: c?.plans.size ?? 0, planBytes: c?.plans.bytes ?? 0, answers: c?.answers.size ?? 0, answerBytes: c?.answers.bytes ?? 0 };
}
