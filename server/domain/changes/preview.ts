/**
 * What a proposed exception changes (DESIGN.md "Officer API", `?preview=true`). Pure: the engine is run
 * with and without the exception, only for the rounds the exception's scope covers and only over the
 * dates involved (its base date and, for a move, its target), never for every property for a year.
 */
import { addDays, type LocalDate } from '../dates.ts';
import { compileRules, roundCollections, type RoundPlan, type ScheduleException, type ScheduleRules } from '../schedule.ts';

export interface RoundChange {
  round: string;
  service: string;
  originalDate: LocalDate;
  /** The collection's date before the change (null: already cancelled). */
  before: LocalDate | null;
  /** … and after it (null: cancelled). */
  after: LocalDate | null;
}

export const scopeCovers = (e: Pick<ScheduleException, 'rounds' | 'services'>, round: Pick<RoundPlan, 'id' | 'serviceId'>) =>
  (e.rounds.length === 0 && e.services.length === 0) || e.rounds.includes(round.id) || e.services.includes(round.serviceId);

/** Scopes overlap when some round could be covered by both (council-wide overlaps everything). */
export function scopesOverlap(a: Pick<ScheduleException, 'rounds' | 'services'>, b: Pick<ScheduleException, 'rounds' | 'services'>, rounds: RoundPlan[]): boolean {
  return rounds.some((r) => scopeCovers(a, r) && scopeCovers(b, r));
}

function occurrenceOn(round: RoundPlan, rules: ReturnType<typeof compileRules>, base: LocalDate, lo: LocalDate, hi: LocalDate) {
  return roundCollections(round, rules, lo, hi, { includeCancelled: true }).find((o) => o.originalDate === base);
}

/**
 * The round collections whose date differs with `added` applied to (or `removed` taken from) the rule
 * set. `rules` is the council's rule set without the change applied (for a withdrawal: with it).
 */
export function roundChanges(
  rounds: RoundPlan[], rules: ScheduleRules, change: { add?: ScheduleException; remove?: ScheduleException },
): RoundChange[] {
  const e = change.add ?? change.remove;
  if (!e) return [];
  const base = rules.exceptions.filter((x) => x !== change.remove);
  const withoutRules = compileRules({ ...rules, exceptions: base });
  const withRules = compileRules({ ...rules, exceptions: [...base, e] });
  // A collection can slip up to a week past its base date; a move lands on `to`.
  const ends = [e.date, addDays(e.date, 10), e.to ?? e.date].sort();
  const lo = ends[0];
  const hi = ends[ends.length - 1];
  const out: RoundChange[] = [];
  for (const round of rounds) {
    if (!scopeCovers(e, round)) continue;
    const a = occurrenceOn(round, withoutRules, e.date, lo, hi);
    if (!a) continue; // no collection of this round on that base date
    const b = occurrenceOn(round, withRules, e.date, lo, hi);
    const [before, after] = change.add ? [a, b] : [b, a];
    const beforeDate = before && !before.cancelled ? before.date : null;
    const afterDate = after && !after.cancelled ? after.date : null;
    if (beforeDate === afterDate) continue;
    out.push({ round: round.id, service: round.serviceId, originalDate: e.date, before: beforeDate, after: afterDate });
  }
  return out;
}

