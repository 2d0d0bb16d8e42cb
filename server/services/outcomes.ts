/**
 * The last outcome crews recorded at a property, per service and date (issue 6 fills this in
 * from crew_events; until then nothing is known).
 */
import type { ServiceContext } from '../context.ts';
import type { LocalDate } from '../domain/dates.ts';

export interface RecordedOutcome {
  outcome: string;
  recordedAt: Date;
  /** When the round run for that date was completed, if it was. */
  completedAt?: Date;
}

/** Outcomes keyed `${serviceId}|${date}`, the latest per key. */
export async function outcomesFor(
  _ctx: ServiceContext,
  _input: { councilId: number; uprn: number; keys: Array<{ serviceId: string; date: LocalDate; roundId: string }> },
): Promise<Map<string, RecordedOutcome>> {
  return new Map();
}
