/**
 * Insight for the officer console and GET /api/v1/insight: for a period (default the last 8 weeks),
 * missed reports per 1,000 scheduled collections by round and by week, the share of reports handled
 * within the SLA, and crew outcomes by type. Officers and admins of the council only.
 */
import type { ServiceContext } from '../../context.ts';
import { addDays, type LocalDate } from '../../domain/dates.ts';
import { CREW_OUTCOMES } from '../../domain/missed-rules.ts';
import { officerCouncil } from '../officer-board/rounds-progress.ts';
import { councilToday, loadCouncilSchedule } from '../schedule.ts';
import { resolvePeriod, weeksOf, type Period } from './period.ts';
import { outcomeCounts, reportGroups } from './queries.ts';
import { scheduledCounts } from './scheduled.ts';

export interface Rate {
  scheduled: number;
  reports: number;
  /** Reports per 1,000 scheduled collections, to 2 decimal places; null when nothing was scheduled. */
  perThousand: number | null;
}

export interface Insight extends Period {
  today: LocalDate;
  total: Rate;
  weeks: Array<Rate & { week: LocalDate; from: LocalDate; to: LocalDate }>;
  rounds: Array<Rate & { id: string; name: string; service: string }>;
  /** Reports whose property was on no round of that service on the collection date (counted in totals and weeks). */
  unassignedReports: number;
  sla: {
    reports: number;
    inTime: number;
    late: number;
    overdue: number;
    /** Open or scheduled and not yet due: not counted either way. */
    pending: number;
    /** inTime / (inTime + late + overdue), to 4 decimal places; null when no report has reached a verdict. */
    share: number | null;
  };
  outcomes: Array<{ outcome: string; stops: number }>;
}

const rate = (scheduled: number, reports: number): Rate => ({
  scheduled, reports, perThousand: scheduled > 0 ? Math.round((reports * 100_000) / scheduled) / 100 : null,
});

export async function insight(ctx: ServiceContext, input: { from?: string; to?: string }): Promise<Insight> {
  const councilId = officerCouncil(ctx);
  const schedule = await loadCouncilSchedule(ctx, councilId);
  const today = councilToday(ctx, schedule.council);
  const period = resolvePeriod(today, input);
  const [scheduled, groups, outcomes] = await Promise.all([
    scheduledCounts(ctx, councilId, schedule, period),
    reportGroups(ctx, councilId, period),
    outcomeCounts(ctx, councilId, period),
  ]);

  const weekScheduled = new Map<string, number>();
  const roundScheduled = new Map<string, number>();
  for (const [roundId, byWeek] of scheduled) {
    for (const [week, n] of byWeek) {
      weekScheduled.set(week, (weekScheduled.get(week) ?? 0) + n);
      roundScheduled.set(roundId, (roundScheduled.get(roundId) ?? 0) + n);
    }
  }
  const weekReports = new Map<string, number>();
  const roundReports = new Map<string, number>();
  const sla = { reports: 0, inTime: 0, late: 0, overdue: 0, pending: 0 };
  let unassigned = 0;
  for (const g of groups) {
    weekReports.set(g.week, (weekReports.get(g.week) ?? 0) + g.reports);
    if (g.round === null || !schedule.rounds.has(g.round)) unassigned += g.reports;
    else roundReports.set(g.round, (roundReports.get(g.round) ?? 0) + g.reports);
    sla.reports += g.reports;
    sla.inTime += g.inTime;
    sla.late += g.late;
    sla.overdue += g.overdue;
    sla.pending += g.pending;
  }
  const decided = sla.inTime + sla.late + sla.overdue;
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

  return {
    ...period,
    today,
    total: rate(sum(weekScheduled), sla.reports),
    weeks: weeksOf(period).map((week) => ({
      week,
      from: week < period.from ? period.from : week,
      to: addDays(week, 6) > period.to ? period.to : addDays(week, 6),
      ...rate(weekScheduled.get(week) ?? 0, weekReports.get(week) ?? 0),
    })),
    rounds: [...schedule.rounds.values()]
      .filter((r) => (roundScheduled.get(r.id) ?? 0) > 0 || (roundReports.get(r.id) ?? 0) > 0)
      .map((r) => ({ id: r.id, name: r.name, service: r.serviceId, ...rate(roundScheduled.get(r.id) ?? 0, roundReports.get(r.id) ?? 0) })),
    unassignedReports: unassigned,
    sla: { ...sla, share: decided > 0 ? Math.round((sla.inTime / decided) * 10_000) / 10_000 : null },
    outcomes: [
      ...CREW_OUTCOMES.map((o) => ({ outcome: o as string, stops: outcomes.get(o) ?? 0 })),
      // An outcome recorded before the list grew: still counted, never dropped.
      ...[...outcomes].filter(([o]) => !(CREW_OUTCOMES as readonly string[]).includes(o)).map(([outcome, stops]) => ({ outcome, stops })),
    ],
  };
}
