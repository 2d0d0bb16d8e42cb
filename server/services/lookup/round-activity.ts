/**
 * Marks the rounds that crew events belong to as active on their dates (`round_activity`), so the
 * property lookup answers "the crew have started this round" with one key lookup. Every write of
 * crew events must call this with the same stops (docs/lookup.md); it is idempotent.
 */
import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import type { LocalDate } from '../../domain/dates.ts';
import { pgArray } from './facts.ts';

export async function markRoundActivity(
  ctx: ServiceContext,
  councilId: number,
  stops: Array<{ uprn: number; service: string; date: LocalDate }>,
  at: Date,
): Promise<void> {
  if (stops.length === 0) return;
  await ctx.db.execute(sql`
    insert into round_activity (council_id, round_id, date, first_event_at)
    select distinct a.council_id, a.round_id, s.date, ${at.toISOString()}::timestamptz
      from unnest(${pgArray(stops.map((s) => String(s.uprn)))}::bigint[], ${pgArray(stops.map((s) => s.service))}::text[],
                  ${pgArray(stops.map((s) => s.date))}::date[]) as s(uprn, service, date)
      join assignments a on a.council_id = ${councilId} and a.uprn = s.uprn and a."from" <= s.date and (a."to" is null or a."to" >= s.date)
      join rounds r on r.council_id = a.council_id and r.id = a.round_id and r.service_id = s.service
    on conflict do nothing`);
}
