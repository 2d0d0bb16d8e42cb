/**
 * The one query a property lookup makes per request: the row versions (`xmin`) of the property and
 * council rows (any update of a row, by any route or instance, gives it a new one), and the live crew and report facts the answer
 * reads (crew events and missed reports for this stop, round runs for the property's rounds, whether
 * anyone on today's rounds has recorded anything) for the few dates the answer depends on.
 *
 * Reading the facts themselves (instead of trusting counters that writers must remember to bump)
 * keeps every cached answer exact whichever route or app instance made the write: see docs/lookup.md.
 */
import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import type { LocalDate } from '../../domain/dates.ts';

export interface FactsQuery {
  uprn: number;
  /** Dates the answer reads crew events, runs and reports for (today, last and latest collections). */
  dates: LocalDate[];
  /** Every round the property is assigned to. */
  rounds: string[];
  /** Today's rounds with their service: "did anyone record a stop on this round today?". */
  today: LocalDate;
  todayRounds: Array<{ round: string; service: string }>;
}

export interface EventFact { serviceId: string; date: LocalDate; outcome: string; recordedAt: Date }
export interface RunFact { roundId: string; date: LocalDate; status: string; completedAt: Date | null }
export interface ReportFact { serviceId: string; date: LocalDate; reference: string }

export interface LookupFacts {
  councilId: number;
  /** The property and council rows' `xmin` (the transaction that wrote the row version): any update changes them. */
  propertyStamp: string;
  councilStamp: string;
  /** The live facts as fetched (JSON text): equal text, equal answer. */
  liveStamp: string;
  /** Newest first (recorded_at, then received_at). */
  events: EventFact[];
  runs: RunFact[];
  reports: ReportFact[];
  /** Rounds of `todayRounds` with a crew event today. */
  activeRounds: string[];
}

const rowsOf = (result: unknown): Array<Record<string, unknown>> =>
  ((result as { rows?: Array<Record<string, unknown>> }).rows ?? (result as Array<Record<string, unknown>>));

/** A PostgreSQL array literal of text values ({"a","b"}), quoting every element. */
export const pgArray = (values: string[]) => `{${values.map((v) => `"${v.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`).join(',')}}`;

/**
 * One statement; $1 uprn, $2 dates, $3 rounds, $4 today's rounds ($5 their services, unused since round_activity is per round), $6 today,
 * $7 the caller's council or null. Prepared once per connection (it runs on every lookup).
 */
const FACTS_SQL = `
  select p.council_id, p.xmin::text as property_stamp, c.xmin::text as council_stamp,
    json_build_array(
      (select coalesce(json_agg(json_build_array(e.service_id, e.date, e.outcome, e.recorded_at)
               order by e.recorded_at desc, e.received_at desc, e.id), '[]')
         from crew_events e
        where e.council_id = p.council_id and e.uprn = p.uprn and e.date = any($2::date[])),
      (select coalesce(json_agg(json_build_array(r.round_id, r.date, r.status, r.completed_at) order by r.round_id, r.date), '[]')
         from round_runs r
        where r.council_id = p.council_id and r.round_id = any($3::text[]) and r.date = any($2::date[])),
      (select coalesce(json_agg(json_build_array(m.service_id, m.collection_date, m.reference) order by m.reference), '[]')
         from missed_reports m
        where m.uprn = p.uprn and m.council_id = p.council_id and m.collection_date = any($2::date[])),
      (select coalesce(json_agg(x.round_id order by x.round_id), '[]')
         from round_activity x
        where x.council_id = p.council_id and x.round_id = any($4::text[]) and x.date = $6::date and $5::text[] is not null)
    )::text as live
  from properties p join councils c on c.id = p.council_id
  where p.uprn = $1 and ($7::int is null or p.council_id = $7::int)`;

/** Only the property and council rows: for schedule-only answers (collections, bins). */
const STAMPS_SQL = `
  select p.council_id, p.xmin::text as property_stamp, c.xmin::text as council_stamp, '[[],[],[],[]]' as live
  from properties p join councils c on c.id = p.council_id
  where p.uprn = $1 and ($2::int is null or p.council_id = $2::int)`;

interface RawClients {
  $client?: { unsafe?: (q: string, p: unknown[], o: { prepare: boolean }) => Promise<unknown>; query?: (q: string, p: unknown[]) => Promise<unknown> };
}

async function runFacts(ctx: ServiceContext, params: unknown[], text = FACTS_SQL): Promise<Array<Record<string, unknown>>> {
  const client = 'rollback' in ctx.db ? undefined : (ctx.db as unknown as RawClients).$client;
  // postgres.js: a named prepared statement (no parse and plan per request); PGlite: its own query.
  if (client?.unsafe) return rowsOf(await client.unsafe(text, params, { prepare: true }));
  if (client?.query) return rowsOf(await client.query(text, params));
  // Inside a transaction: through drizzle, so the read sees the transaction's own writes.
  const chunks = text.split(/\$(\d)/);
  const parts = chunks.map((chunk, i) => (i % 2 === 0 ? sql.raw(chunk) : sql`${params[Number(chunk) - 1]}`));
  return rowsOf(await ctx.db.execute(sql.join(parts, sql``)));
}

/** The statement's parameters for a query (built once per plan: the arrays are the same every request). */
const paramsCache = new WeakMap<FactsQuery, unknown[]>();
function factsParams(q: FactsQuery, councilId: number | null): unknown[] {
  let params = paramsCache.get(q);
  if (!params || params[6] !== councilId) {
    params = [
      q.uprn,
      pgArray(q.dates),
      pgArray(q.rounds),
      pgArray(q.todayRounds.map((r) => r.round)),
      pgArray(q.todayRounds.map((r) => r.service)),
      q.today,
      councilId,
    ];
    paramsCache.set(q, params);
  }
  return params;
}

/**
 * The facts, or null when no property has that UPRN (in the caller's council, when it has one).
 * Live facts that read exactly as `previous` did are not parsed again.
 */
export async function fetchLookupFacts(ctx: ServiceContext, q: FactsQuery, previous?: LookupFacts): Promise<LookupFacts | null> {
  const live = q.dates.length > 0 || q.rounds.length > 0;
  const [row] = live
    ? await runFacts(ctx, factsParams(q, ctx.councilId ?? null))
    : await runFacts(ctx, [q.uprn, ctx.councilId ?? null], STAMPS_SQL);
  if (!row) return null;
  const liveText = String(row.live);
  const councilId = Number(row.council_id);
  const propertyStamp = String(row.property_stamp);
  const councilStamp = String(row.council_stamp);
  if (previous && previous.liveStamp === liveText) return { ...previous, councilId, propertyStamp, councilStamp };
  const [events, runs, reports, active] = JSON.parse(liveText) as [
    Array<[string, string, string, string]>, Array<[string, string, string, string | null]>, Array<[string, string, string]>, string[],
  ];
  return {
    councilId,
    propertyStamp,
    councilStamp,
    liveStamp: liveText,
    events: events.map(([serviceId, date, outcome, at]) => ({ serviceId, date, outcome, recordedAt: new Date(at) })),
    runs: runs.map(([roundId, date, status, at]) => ({ roundId, date, status, completedAt: at ? new Date(at) : null })),
    reports: reports.map(([serviceId, date, reference]) => ({ serviceId, date, reference })),
    activeRounds: active,
  };
}
