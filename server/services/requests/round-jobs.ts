/**
 * Work a request puts on a crew's round sheet beside the scheduled bins: a bulky collection
 * (a stop with its items) or a container delivery. Each kind registers a source; the round sheet
 * (server/services/crew-rounds.ts) asks every source for the round and date and merges the jobs
 * into its stops (a property already on the round gets them on its stop; another becomes an
 * extra stop placed by its position). Crews record outcomes on a job like any stop, by reference.
 */
import type { LocalDate } from '../../domain/dates.ts';
import type { ServiceContext } from '../../context.ts';

export interface RoundJob {
  /** `bulky` or `delivery`. */
  type: 'bulky' | 'delivery';
  /** The request's reference: the crew's outcome for the job is recorded against it. */
  reference: string;
  uprn: number;
  /** What to pick up or drop off, in words for the crew ("Sofa × 1", "240L black wheelie bin × 1"). */
  items: string[];
  /** Where the items are (bulky `location`), when the resident said. */
  location?: string | null;
}

export type RoundJobSource = (ctx: ServiceContext, councilId: number, roundId: string, date: LocalDate) => Promise<RoundJob[]>;

const sources: RoundJobSource[] = [];

export function registerRoundJobs(source: RoundJobSource): void {
  sources.push(source);
}

export async function roundJobs(ctx: ServiceContext, councilId: number, roundId: string, date: LocalDate): Promise<RoundJob[]> {
  const lists = await Promise.all(sources.map((s) => s(ctx, councilId, roundId, date)));
  return lists.flat();
}
