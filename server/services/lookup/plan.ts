/**
 * The part of a property answer that only the schedule decides (next and last collections, how
 * often, which rounds collect today): built once per (property row, council row, council-local day)
 * and kept in the lookup cache. `composeView` then adds the live crew and report facts and the
 * clock's reportability decisions, which are re-read on every request.
 */
import { addDays, type LocalDate } from '../../domain/dates.ts';
import { describeServiceFrequency, subscriptionOn } from '../../domain/frequency.ts';
import { decideReport, type RunStatus } from '../../domain/missed-rules.ts';
import type { Occurrence } from '../../domain/schedule.ts';
import { todayStatus } from '../../domain/today-status.ts';
import { translate } from '../../../web/i18n/index.ts';
import type { PropertySchedule, ServiceRow } from '../schedule.ts';
import type { FactsQuery, LookupFacts } from './facts.ts';
import type { PropertyView, ServiceView } from '../property-view.ts';
import { dayClock, type DayClock } from './day-clock.ts';

/** How far `next` and `last` look (a service with nothing in a year answers null). */
const LOOK_DAYS = 366;
/** How far back the latest collection for missed reports is looked for (as reportability.ts). */
const LOOKBACK_DAYS = 400;

export interface ServicePlan {
  service: ServiceRow;
  frequency: string | null;
  subscription?: ReturnType<typeof subscriptionOn>;
  next?: Occurrence;
  last?: Occurrence;
  /** The next collection strictly after today (a not-completed round's catch-up). */
  nextAfterToday?: LocalDate;
  /** Latest collection on or before today and the rounds collecting it then (missed-report rules). */
  latest?: { date: LocalDate; rounds: string[] };
  /** Rounds of this service the property is assigned to (any time). */
  rounds: string[];
  /** Rounds collecting this service at the property today. */
  todayRounds: string[];
}

export interface PropertyPlan {
  ps: PropertySchedule;
  today: LocalDate;
  services: ServicePlan[];
  query: FactsQuery;
  /** The day's bounds and the instants where a missed-report decision can flip (day-clock.ts). */
  clock: DayClock;
}

const changeOf = (o: Occurrence) => ({
  originalDate: o.originalDate,
  changed: o.changed,
  ...(o.changed && o.reason ? { reason: o.reason } : {}),
});

export function buildPlan(ps: PropertySchedule, today: LocalDate, sortedServices: ServiceRow[]): PropertyPlan {
  const { schedule } = ps;
  const upcoming = ps.collections(today, addDays(today, LOOK_DAYS));
  const past = ps.collections(addDays(today, -LOOKBACK_DAYS), addDays(today, -1));
  const periodsByRound = new Map([...schedule.rounds.values()].map((r) => [r.id, r.periods]));
  const lastFrom = addDays(today, -LOOK_DAYS);

  const services = sortedServices.map((service): ServicePlan => {
    const assigned = ps.assignments.filter((a) => schedule.rounds.get(a.round)?.serviceId === service.id);
    const mine = (o: Occurrence) => o.service === service.id && o.date !== null;
    const next = upcoming.find(mine);
    const nextAfterToday = upcoming.find((o) => mine(o) && o.date! > today)?.date ?? undefined;
    const pastMine = past.filter(mine);
    const lastAny = pastMine[pastMine.length - 1];
    const last = lastAny && lastAny.date! >= lastFrom ? lastAny : undefined;
    const todayRounds = upcoming.filter((o) => mine(o) && o.date === today).map((o) => o.round);
    const latestDate = todayRounds.length ? today : lastAny?.date ?? undefined;
    const latestRounds = todayRounds.length ? todayRounds : pastMine.filter((o) => o.date === latestDate).map((o) => o.round);
    // A booked one-off collection is not a subscription window.
    const subscription = subscriptionOn(assigned.filter((a) => !a.booked), today);
    return {
      service,
      frequency: describeServiceFrequency(assigned, periodsByRound, today, 'en', { booked: translate('en', 'bulky.booked_collection') }),
      ...(subscription ? { subscription } : {}),
      next,
      last,
      nextAfterToday,
      latest: latestDate ? { date: latestDate, rounds: [...new Set(latestRounds)] } : undefined,
      rounds: [...new Set(assigned.map((a) => a.round))],
      todayRounds: [...new Set(todayRounds)],
    };
  });

  const dates = new Set<LocalDate>([today]);
  for (const s of services) {
    if (s.last) dates.add(s.last.date!);
    if (s.latest) dates.add(s.latest.date);
  }
  const latestDates = services.flatMap((s) => (s.latest ? [s.latest.date] : []));
  return {
    ps,
    today,
    services,
    clock: dayClock(today, schedule.council, schedule.holidays, latestDates),
    query: {
      uprn: ps.property.uprn,
      dates: [...dates].sort(),
      rounds: [...new Set(ps.assignments.map((a) => a.round))].sort(),
      today,
      todayRounds: services.flatMap((s) => s.todayRounds.map((round) => ({ round, service: s.service.id }))),
    },
  };
}

/** The property answer from the plan, the live facts and the clock (pure). */
export function composeView(plan: PropertyPlan, facts: LookupFacts, now: Date): PropertyView {
  const { ps, today } = plan;
  const { council } = ps.schedule;
  const latestEvent = (serviceId: string, date: LocalDate) => facts.events.find((e) => e.serviceId === serviceId && e.date === date);

  const services = plan.services.map((sp): ServiceView => {
    const id = sp.service.id;
    const last = sp.last;
    const lastEvent = last ? latestEvent(id, last.date!) : undefined;
    const lastRun = last ? facts.runs.find((r) => r.roundId === last.round && r.date === last.date && r.completedAt) : undefined;

    const l = sp.latest;
    const runsThen = l ? facts.runs.filter((r) => r.date === l.date && l.rounds.includes(r.roundId)) : [];
    const runStatus = runsThen.some((r) => r.status === 'completed') ? 'completed' : (runsThen[0]?.status as RunStatus | undefined);
    const decision = decideReport({
      now,
      settings: council,
      holidays: ps.schedule.holidays,
      collectionDate: l?.date,
      runStatus,
      crewOutcome: l ? latestEvent(id, l.date)?.outcome : undefined,
      existingReference: l ? facts.reports.find((r) => r.serviceId === id && r.date === l.date)?.reference : undefined,
    });

    const todayEvent = latestEvent(id, today);
    const today_ = todayStatus({
      collectsToday: sp.todayRounds.length > 0,
      event: todayEvent,
      runStatuses: facts.runs.filter((r) => r.date === today && sp.rounds.includes(r.roundId)).map((r) => r.status),
      roundActive: sp.todayRounds.some((r) => facts.activeRounds.includes(r)),
      nextAfterToday: sp.nextAfterToday,
    });

    return {
      id,
      name: sp.service.name,
      stream: sp.service.stream,
      container: sp.service.container,
      colour: sp.service.colour,
      frequency: sp.frequency,
      ...(sp.subscription ? { subscription: sp.subscription } : {}),
      next: sp.next ? { date: sp.next.date!, ...changeOf(sp.next) } : null,
      last: last
        ? {
            date: last.date!,
            ...(lastEvent ? { outcome: lastEvent.outcome } : {}),
            ...(lastRun?.completedAt ? { completedAt: lastRun.completedAt.toISOString() } : {}),
          }
        : null,
      ...(today_ ? { today: today_ } : {}),
      reportable: decision.accepted,
      ...(!decision.accepted && decision.code ? { reportBlockedReason: decision.code } : {}),
    };
  });

  const { property } = ps;
  return {
    uprn: String(property.uprn),
    address: property.address,
    postcode: property.postcode,
    lat: property.lat,
    lon: property.lon,
    council: { slug: council.slug, name: council.name },
    services,
  };
}
