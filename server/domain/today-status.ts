/**
 * Where a service's collection stands today (DESIGN "Public JSON API", `today`), from the crew's
 * own data. Pure: the caller gathers the facts for one (property, service, today).
 *
 * Order (the coordinator's rule): the crew recorded this stop → `recorded`; else the round's run is
 * completed → `round_completed`; else the run was marked not completed → `not_completed` with the
 * published catch-up date; else the run started or the crew recorded any stop on the round today →
 * `in_progress`; else `not_started`.
 */
import type { LocalDate } from './dates.ts';

export const TODAY_STATUSES = ['not_started', 'in_progress', 'recorded', 'round_completed', 'not_completed'] as const;
export type TodayStatusCode = (typeof TODAY_STATUSES)[number];

export interface TodayStatus {
  status: TodayStatusCode;
  /** For `recorded`: what the crew recorded (collected, not_presented, …): the outcome is the crew's reason. */
  outcome?: string;
  /** For `recorded`: when, ISO 8601. */
  recordedAt?: string;
  /** For `not_completed`: the service's next collection after today. */
  catchUpDate?: LocalDate;
}

export interface TodayFacts {
  /** The service has a collection on today's date (after holidays and exceptions). */
  collectsToday: boolean;
  /** The crew's latest event for this stop and service today. */
  event?: { outcome: string; recordedAt: Date };
  /** Statuses of today's runs of the service's rounds (those collecting today, and any marked not completed). */
  runStatuses: string[];
  /** Some stop on one of today's rounds of the service has a crew event today. */
  roundActive: boolean;
  /** The service's next collection strictly after today. */
  nextAfterToday?: LocalDate;
}

/** The status, or undefined when today is not a collection day for the service. */
export function todayStatus(f: TodayFacts): TodayStatus | undefined {
  const notCompleted = f.runStatuses.includes('not_completed');
  // A collection moved off today by a "not completed" catch-up still counts as today's collection.
  if (!f.collectsToday && !notCompleted) return undefined;
  if (f.event) return { status: 'recorded', outcome: f.event.outcome, recordedAt: f.event.recordedAt.toISOString() };
  if (f.runStatuses.includes('completed')) return { status: 'round_completed' };
  if (notCompleted) return { status: 'not_completed', ...(f.nextAfterToday ? { catchUpDate: f.nextAfterToday } : {}) };
  if (f.runStatuses.includes('in_progress') || f.roundActive) return { status: 'in_progress' };
  return { status: 'not_started' };
}
