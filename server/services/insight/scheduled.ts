/**
 * Scheduled collections in a period, counted per round and week without listing properties: each
 * round's collection dates come from the schedule engine once, and each date is multiplied by the
 * number of properties whose assignment window covers its base date. Assignments are read already
 * grouped by (round, from, to), which for a real council is a handful of rows per round however
 * many properties it has.
 */
import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { roundCollections } from '../../domain/schedule.ts';
import type { CouncilSchedule } from '../schedule.ts';
import { mondayOf, type Period } from './period.ts';

const rowsOf = (result: unknown): any[] => ((result as { rows?: any[] }).rows ?? (result as any[]));

/** round id → week Monday → scheduled collections (cancelled ones are not scheduled). */
export type ScheduledCounts = Map<string, Map<string, number>>;

export async function scheduledCounts(ctx: ServiceContext, councilId: number, schedule: CouncilSchedule, period: Period): Promise<ScheduledCounts> {
  const rows = rowsOf(await ctx.db.execute(sql`
    select a.round_id, a."from"::text as "from", a."to"::text as "to", count(*)::int as n
    from assignments a where a.council_id = ${councilId}
    group by a.round_id, a."from", a."to"`));
  const windows = new Map<string, Array<{ from: string; to: string | null; n: number }>>();
  for (const r of rows) {
    const list = windows.get(r.round_id) ?? [];
    list.push({ from: r.from, to: r.to ?? null, n: Number(r.n) });
    windows.set(r.round_id, list);
  }
  const out: ScheduledCounts = new Map();
  for (const round of schedule.rounds.values()) {
    const byWeek = new Map<string, number>();
    const own = windows.get(round.id) ?? [];
    for (const o of roundCollections(round, schedule.rules, period.from, period.to)) {
      if (o.cancelled || o.date === null) continue;
      let n = 0;
      // A property's assignment applies to the collections whose base date is in its window.
      for (const w of own) if (o.originalDate >= w.from && (w.to === null || o.originalDate <= w.to)) n += w.n;
      if (n === 0) continue;
      const week = mondayOf(o.date);
      byWeek.set(week, (byWeek.get(week) ?? 0) + n);
    }
    out.set(round.id, byWeek);
  }
  return out;
}
