/**
 * Whether a property's service can be reported missed right now, and why not: gathers the facts the
 * rules need (latest collection on or before today, the round run, the crew's latest outcome, an
 * existing report) in a few batched queries, then asks `decideReport`.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { crewEvents, missedReports, roundRuns } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { addDays, type LocalDate } from '../domain/dates.ts';
import { decideReport, type ReportDecision, type RunStatus } from '../domain/missed-rules.ts';
import { councilToday, type PropertySchedule } from './schedule.ts';

export interface Reportability {
  reportable: boolean;
  /** Stable code: not_due | window_closed | crew_reported | duplicate */
  reason?: string;
  /** The collection a report would be about (latest on or before today). */
  collectionDate?: LocalDate;
  /** For crew_reported: the outcome recorded. For duplicate: the existing reference. */
  outcome?: string;
  reference?: string;
  /** Human explanation of the reason, for pages. */
  message?: string;
}

/** How far back to look for the latest collection (covers 4-weekly rounds and long pauses). */
const LOOKBACK_DAYS = 400;

/** The rule decision per service of the property (all its services, or the ones asked for). */
export async function assessServices(
  ctx: ServiceContext,
  ps: PropertySchedule,
  serviceIds: string[] = ps.services.map((s) => s.id),
): Promise<Map<string, ReportDecision>> {
  const { council } = ps.schedule;
  const today = councilToday(ctx, council);
  const occurrences = ps.collections(addDays(today, -LOOKBACK_DAYS), today, { services: serviceIds });

  // Latest collection per service, and the rounds collecting it that day.
  const latest = new Map<string, { date: LocalDate; rounds: string[] }>();
  for (const o of occurrences) {
    if (!o.date || o.date > today) continue;
    const cur = latest.get(o.service);
    if (!cur || o.date > cur.date) latest.set(o.service, { date: o.date, rounds: [o.round] });
    else if (o.date === cur.date) cur.rounds.push(o.round);
  }
  const dates = [...new Set([...latest.values()].map((l) => l.date))];
  const roundIds = [...new Set([...latest.values()].flatMap((l) => l.rounds))];
  const uprn = ps.property.uprn;

  const [runs, events, reports] = dates.length
    ? await Promise.all([
        ctx.db
          .select({ roundId: roundRuns.roundId, date: roundRuns.date, status: roundRuns.status })
          .from(roundRuns)
          .where(and(eq(roundRuns.councilId, council.id), inArray(roundRuns.roundId, roundIds), inArray(roundRuns.date, dates))),
        ctx.db
          .select({ serviceId: crewEvents.serviceId, date: crewEvents.date, outcome: crewEvents.outcome })
          .from(crewEvents)
          .where(and(eq(crewEvents.councilId, council.id), eq(crewEvents.uprn, uprn), inArray(crewEvents.date, dates)))
          .orderBy(desc(crewEvents.recordedAt), desc(crewEvents.receivedAt)),
        ctx.db
          .select({ reference: missedReports.reference, serviceId: missedReports.serviceId, date: missedReports.collectionDate })
          .from(missedReports)
          .where(and(eq(missedReports.councilId, council.id), eq(missedReports.uprn, uprn), inArray(missedReports.collectionDate, dates))),
      ])
    : [[], [], []];

  const out = new Map<string, ReportDecision>();
  for (const serviceId of serviceIds) {
    const l = latest.get(serviceId);
    const runStatus = l
      ? (runs.some((r) => r.date === l.date && l.rounds.includes(r.roundId) && r.status === 'completed')
          ? 'completed'
          : (runs.find((r) => r.date === l.date && l.rounds.includes(r.roundId))?.status as RunStatus | undefined))
      : undefined;
    out.set(
      serviceId,
      decideReport({
        now: ctx.clock.now(),
        settings: council,
        holidays: ps.schedule.holidays,
        collectionDate: l?.date,
        runStatus,
        // events are newest first: the first match is the crew's latest word
        crewOutcome: l ? events.find((e) => e.serviceId === serviceId && e.date === l.date)?.outcome : undefined,
        existingReference: l ? reports.find((r) => r.serviceId === serviceId && r.date === l.date)?.reference : undefined,
      }),
    );
  }
  return out;
}

export async function reportabilityByService(ctx: ServiceContext, ps: PropertySchedule): Promise<Map<string, Reportability>> {
  const decisions = await assessServices(ctx, ps);
  const out = new Map<string, Reportability>();
  for (const [serviceId, d] of decisions) {
    out.set(
      serviceId,
      d.accepted
        ? { reportable: true, collectionDate: d.collectionDate }
        : { reportable: false, reason: d.code, collectionDate: d.collectionDate, outcome: d.outcome, reference: d.reference, message: d.message },
    );
  }
  return out;
}
