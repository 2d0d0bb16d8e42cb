/**
 * The two aggregate queries behind insight: missed reports grouped by round and week with their SLA
 * outcome, and crew outcomes by type. Both are GROUP BYs scoped by council_id: the answer is counts,
 * never a list of reports or stops.
 */
import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import type { Period } from './period.ts';

const rowsOf = (result: unknown): any[] => ((result as { rows?: any[] }).rows ?? (result as any[]));

export interface ReportGroup {
  /** The round of the report's service the property was assigned to on the collection date; null if none. */
  round: string | null;
  /** Monday of the collection date's week. */
  week: string;
  reports: number;
  /** Resolved or closed at or before due_by. */
  inTime: number;
  /** Resolved or closed after due_by. */
  late: number;
  /** Still open or scheduled and past due_by. */
  overdue: number;
  /** Still open or scheduled, not yet due. */
  pending: number;
}

/**
 * A report counts in the period of its collection date. It was handled when it first became
 * resolved or closed (its history; updated_at for a report imported without one).
 */
export async function reportGroups(ctx: ServiceContext, councilId: number, period: Period): Promise<ReportGroup[]> {
  const now = ctx.clock.now().toISOString();
  const rows = rowsOf(await ctx.db.execute(sql`
    with r as (
      select m.collection_date, m.due_by,
        (select a.round_id from assignments a
           join rounds ro on ro.council_id = a.council_id and ro.id = a.round_id
          where a.council_id = m.council_id and a.uprn = m.uprn and ro.service_id = m.service_id
            and a."from" <= m.collection_date and (a."to" is null or a."to" >= m.collection_date)
          order by a."from" desc, a.round_id limit 1) as round_id,
        coalesce(
          (select min(u.at) from report_updates u
            where u.council_id = m.council_id and u.reference = m.reference and u.status in ('resolved', 'closed')),
          case when m.status in ('resolved', 'closed') then m.updated_at end) as handled_at
      from missed_reports m
      where m.council_id = ${councilId} and m.collection_date between ${period.from} and ${period.to}
    )
    select round_id, (collection_date - (extract(isodow from collection_date)::int - 1))::text as week,
      count(*)::int as reports,
      count(*) filter (where handled_at is not null and handled_at <= due_by)::int as in_time,
      count(*) filter (where handled_at is not null and handled_at > due_by)::int as late,
      count(*) filter (where handled_at is null and due_by < ${now}::timestamptz)::int as overdue,
      count(*) filter (where handled_at is null and due_by >= ${now}::timestamptz)::int as pending
    from r group by 1, 2`));
  return rows.map((r) => ({
    round: r.round_id ?? null, week: String(r.week), reports: Number(r.reports), inTime: Number(r.in_time),
    late: Number(r.late), overdue: Number(r.overdue), pending: Number(r.pending),
  }));
}

/** Stops by their latest outcome (a crew correcting a stop counts once, as its last word). */
export async function outcomeCounts(ctx: ServiceContext, councilId: number, period: Period): Promise<Map<string, number>> {
  const rows = rowsOf(await ctx.db.execute(sql`
    select outcome, count(*)::int as n from (
      select distinct on (e.uprn, e.service_id, e.date) e.outcome
      from crew_events e
      where e.council_id = ${councilId} and e.date between ${period.from} and ${period.to}
      order by e.uprn, e.service_id, e.date, e.recorded_at desc, e.id desc
    ) latest group by outcome`));
  return new Map(rows.map((r) => [String(r.outcome), Number(r.n)]));
}
