/**
 * The last outcome crews recorded at a property, per service and date, and when the round run for
 * that date was completed (for the property answer's `last: { date, outcome?, completedAt? }`).
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { crewEvents, roundRuns } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import type { LocalDate } from '../domain/dates.ts';

export interface RecordedOutcome {
  /** The crew's latest outcome for that stop and service; absent when only the run is known. */
  outcome?: string;
  recordedAt?: Date;
  /** When the round run for that date was completed, if it was. */
  completedAt?: Date;
}

/** Outcomes keyed `${serviceId}|${date}`, the latest per key. */
export async function outcomesFor(
  ctx: ServiceContext,
  input: { councilId: number; uprn: number; keys: Array<{ serviceId: string; date: LocalDate; roundId: string }> },
): Promise<Map<string, RecordedOutcome>> {
  const out = new Map<string, RecordedOutcome>();
  if (input.keys.length === 0) return out;
  const dates = [...new Set(input.keys.map((k) => k.date))];
  const roundIds = [...new Set(input.keys.map((k) => k.roundId))];
  const [events, runs] = await Promise.all([
    ctx.db
      .select({ serviceId: crewEvents.serviceId, date: crewEvents.date, outcome: crewEvents.outcome, recordedAt: crewEvents.recordedAt })
      .from(crewEvents)
      .where(and(eq(crewEvents.councilId, input.councilId), eq(crewEvents.uprn, input.uprn), inArray(crewEvents.date, dates)))
      .orderBy(desc(crewEvents.recordedAt), desc(crewEvents.receivedAt)),
    ctx.db
      .select({ roundId: roundRuns.roundId, date: roundRuns.date, completedAt: roundRuns.completedAt })
      .from(roundRuns)
      .where(and(eq(roundRuns.councilId, input.councilId), inArray(roundRuns.roundId, roundIds), inArray(roundRuns.date, dates))),
  ]);
  for (const k of input.keys) {
    const key = `${k.serviceId}|${k.date}`;
    const event = events.find((e) => e.serviceId === k.serviceId && e.date === k.date);
    const run = runs.find((r) => r.roundId === k.roundId && r.date === k.date && r.completedAt);
    const prev = out.get(key);
    const completedAt = run?.completedAt ?? prev?.completedAt ?? undefined;
    if (!event && !completedAt) continue;
    out.set(key, { outcome: event?.outcome, recordedAt: event?.recordedAt, completedAt });
  }
  return out;
}
