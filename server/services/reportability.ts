/**
 * Whether a property's service can be reported missed right now, and why not.
 * Until missed reports exist every service answers `not_available` (issue 4 replaces this).
 */
import type { ServiceContext } from '../context.ts';
import type { LocalDate } from '../domain/dates.ts';
import type { PropertySchedule } from './schedule.ts';

export interface Reportability {
  reportable: boolean;
  /** Stable code: not_due | window_closed | crew_reported | duplicate | not_available | … */
  reason?: string;
  /** The collection a report would be about (latest on or before today). */
  collectionDate?: LocalDate;
  /** For crew_reported: the outcome recorded. For duplicate: the existing reference. */
  outcome?: string;
  reference?: string;
}

export async function reportabilityByService(
  _ctx: ServiceContext,
  ps: PropertySchedule,
): Promise<Map<string, Reportability>> {
  return new Map(ps.services.map((s) => [s.id, { reportable: false, reason: 'not_available' }]));
}
