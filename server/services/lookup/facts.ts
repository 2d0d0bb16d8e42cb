/**
 * The one query a property lookup makes per request: the property and council rows (as text, so a
 * cached answer can be compared field for field), and the live crew and report facts the answer
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
  /** row_to_json of the property and council: any change to either changes these. */
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

/** The facts, or null when no property has that UPRN (in the caller's council, when it has one). */
export async function fetchLookupFacts(ctx: ServiceContext, q: FactsQuery): Promise<LookupFacts | null> {
  const dates = JSON.stringify(q.dates);
  const rounds = JSON.stringify(q.rounds);
  const todayRounds = JSON.stringify(q.todayRounds.map((r) => [r.round, r.service]));
  const scope = ctx.councilId === undefined ? sql`` : sql` and p.council_id = ${ctx.councilId}`;
  const result = await ctx.db.execute(sql`
    select p.council_id as council_id, row_to_json(p)::text as property_stamp, row_to_json(c)::text as council_stamp,
      json_build_array(
        (select coalesce(json_agg(json_build_array(e.service_id, e.date, e.outcome, e.recorded_at)
                 order by e.recorded_at desc, e.received_at desc, e.id), '[]')
           from crew_events e
          where e.council_id = p.council_id and e.uprn = p.uprn
            and e.date in (select value::date from json_array_elements_text(${dates}::json))),
        (select coalesce(json_agg(json_build_array(r.round_id, r.date, r.status, r.completed_at) order by r.round_id, r.date), '[]')
           from round_runs r
          where r.council_id = p.council_id
            and r.round_id in (select value from json_array_elements_text(${rounds}::json))
            and r.date in (select value::date from json_array_elements_text(${dates}::json))),
        (select coalesce(json_agg(json_build_array(m.service_id, m.collection_date, m.reference) order by m.reference), '[]')
           from missed_reports m
          where m.council_id = p.council_id and m.uprn = p.uprn
            and m.collection_date in (select value::date from json_array_elements_text(${dates}::json))),
        (select coalesce(json_agg(t.value->>0 order by t.value->>0), '[]')
           from json_array_elements(${todayRounds}::json) t
          where exists (
            select 1 from assignments a
              join crew_events e on e.council_id = a.council_id and e.uprn = a.uprn
                and e.service_id = t.value->>1 and e.date = ${q.today}::date
             where a.council_id = p.council_id and a.round_id = t.value->>0))
      )::text as live
    from properties p join councils c on c.id = p.council_id
    where p.uprn = ${q.uprn}${scope}`);
  const row = rowsOf(result)[0];
  if (!row) return null;
  const live = String(row.live);
  const [events, runs, reports, active] = JSON.parse(live) as [
    Array<[string, string, string, string]>, Array<[string, string, string, string | null]>, Array<[string, string, string]>, string[],
  ];
  return {
    councilId: Number(row.council_id),
    propertyStamp: String(row.property_stamp),
    councilStamp: String(row.council_stamp),
    liveStamp: live,
    events: events.map(([serviceId, date, outcome, at]) => ({ serviceId, date, outcome, recordedAt: new Date(at) })),
    runs: runs.map(([roundId, date, status, at]) => ({ roundId, date, status, completedAt: at ? new Date(at) : null })),
    reports: reports.map(([serviceId, date, reference]) => ({ serviceId, date, reference })),
    activeRounds: active,
  };
}
