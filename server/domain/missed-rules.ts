/**
 * Missed-collection rules (DESIGN.md "Missed-collection rules"). Pure: the caller gathers the facts
 * (latest collection on or before today, the round run, the crew's outcome, an existing report) and
 * the rules decide. Checks run in the order DESIGN.md lists them: not_due, window_closed,
 * crew_reported, duplicate; the first that applies is the answer.
 *
 * "End of a day" is the last instant of that council-local calendar day: a window or SLA that ends
 * on Wednesday is open through the whole of Wednesday and closed from Thursday 00:00 local.
 * `dueBy` is stored as 23:59:59 local of its day, which reads naturally ("by Wednesday 23:59").
 */
import { addDays, dayNumber, fromDayNumber, localDateAt, localTimeAt, instantAt, type LocalDate } from './dates.ts';
import { nthWorkingDayAfter, type HolidayCalendar } from './holidays.ts';

export const REPORT_REFUSALS = ['not_due', 'window_closed', 'crew_reported', 'duplicate'] as const;
export type ReportRefusal = (typeof REPORT_REFUSALS)[number];

export const RUN_STATUSES = ['not_started', 'in_progress', 'completed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const CREW_OUTCOMES = [
  'collected', 'not_presented', 'contaminated', 'excess_waste', 'no_access', 'too_heavy', 'damaged_container',
] as const;
export type CrewOutcome = (typeof CREW_OUTCOMES)[number];

export const REPORT_STATUSES = ['open', 'scheduled', 'resolved', 'closed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** The council's missed-report settings (columns of `councils`). */
export interface ReportSettings {
  timezone: string;
  /** HH:MM local. */
  sameDayCutoff: string;
  reportWindowWorkingDays: number;
  slaWorkingDays: number;
}

export interface ReportFacts {
  now: Date;
  settings: ReportSettings;
  holidays: HolidayCalendar;
  /** The latest collection date D ≤ today for (property, service), if any. */
  collectionDate?: LocalDate;
  /** Status of the round's run on D (absent: not started). */
  runStatus?: RunStatus;
  /** The latest outcome the crew recorded for (uprn, service, D). */
  crewOutcome?: string;
  /** Reference of a report already made for (uprn, service, D). */
  existingReference?: string;
}

export type ReportDecision =
  | { accepted: true; collectionDate: LocalDate; dueBy: Date; windowClosesAt: Date }
  | {
      accepted: false;
      code: ReportRefusal;
      message: string;
      collectionDate?: LocalDate;
      /** crew_reported: the outcome recorded. */
      outcome?: string;
      /** duplicate: the existing report. */
      reference?: string;
    };

/** The first instant after the end of council-local `date`. */
export const startOfNextDay = (date: LocalDate, timezone: string): Date => instantAt(addDays(date, 1), '00:00', timezone);

/** When reporting a missed collection on `D` stops: the end of the N-th working day after D. */
export function reportWindowClosesAt(collectionDate: LocalDate, settings: ReportSettings, holidays: HolidayCalendar): Date {
  const last = fromDayNumber(nthWorkingDayAfter(dayNumber(collectionDate), settings.reportWindowWorkingDays, holidays));
  return startOfNextDay(last, settings.timezone);
}

/** The last working day a report may be made for a collection on `D`. */
export function lastReportDay(collectionDate: LocalDate, settings: ReportSettings, holidays: HolidayCalendar): LocalDate {
  return fromDayNumber(nthWorkingDayAfter(dayNumber(collectionDate), settings.reportWindowWorkingDays, holidays));
}

/** `due_by`: 23:59:59 local on the `sla_working_days`-th working day after the day the report was made. */
export function dueByFor(madeAt: Date, settings: Pick<ReportSettings, 'timezone' | 'slaWorkingDays'>, holidays: HolidayCalendar): Date {
  const madeOn = localDateAt(madeAt, settings.timezone);
  const due = fromDayNumber(nthWorkingDayAfter(dayNumber(madeOn), settings.slaWorkingDays, holidays));
  return instantAt(due, '23:59:59', settings.timezone);
}

/** The latest date among `dates` that is on or before `today`. */
export function latestOnOrBefore(dates: Iterable<LocalDate>, today: LocalDate): LocalDate | undefined {
  let best: LocalDate | undefined;
  for (const d of dates) if (d <= today && (best === undefined || d > best)) best = d;
  return best;
}

const OUTCOME_TEXT: Record<string, string> = {
  not_presented: 'the bin was not out for collection',
  contaminated: 'the bin had the wrong items in it',
  excess_waste: 'there was extra waste that could not be taken',
  no_access: 'the crew could not get to the bin',
  too_heavy: 'the bin was too heavy to lift safely',
  damaged_container: 'the container was damaged',
};

export const describeOutcome = (outcome: string) => OUTCOME_TEXT[outcome] ?? outcome.replace(/_/g, ' ');

/** Applies the rules to the facts. */
export function decideReport(f: ReportFacts): ReportDecision {
  const { now, settings, holidays } = f;
  const today = localDateAt(now, settings.timezone);
  const D = f.collectionDate;
  if (!D || D > today) {
    return { accepted: false, code: 'not_due', message: 'There has been no collection to report yet.' };
  }
  if (D === today && localTimeAt(now, settings.timezone) < settings.sameDayCutoff && f.runStatus !== 'completed') {
    return {
      accepted: false,
      code: 'not_due',
      collectionDate: D,
      message: `Today's collection is still in progress. You can report it missed from ${settings.sameDayCutoff}, or once the crew has finished.`,
    };
  }
  const windowClosesAt = reportWindowClosesAt(D, settings, holidays);
  if (now.getTime() >= windowClosesAt.getTime()) {
    return {
      accepted: false,
      code: 'window_closed',
      collectionDate: D,
      message: `Missed collections must be reported by the end of the ${ordinal(settings.reportWindowWorkingDays)} working day after collection (${lastReportDay(D, settings, holidays)}).`,
    };
  }
  if (f.crewOutcome && f.crewOutcome !== 'collected') {
    return {
      accepted: false,
      code: 'crew_reported',
      collectionDate: D,
      outcome: f.crewOutcome,
      message: `The crew recorded that ${describeOutcome(f.crewOutcome)}, so it cannot be reported as missed.`,
    };
  }
  if (f.existingReference) {
    return {
      accepted: false,
      code: 'duplicate',
      collectionDate: D,
      reference: f.existingReference,
      message: `This collection has already been reported (reference ${f.existingReference}).`,
    };
  }
  return { accepted: true, collectionDate: D, dueBy: dueByFor(now, settings, holidays), windowClosesAt };
}

function ordinal(n: number): string {
  const words = ['zeroth', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
  return words[n] ?? `${n}th`;
}

/** Allowed status changes: forward only, open → scheduled → resolved | closed (scheduled may be skipped). */
const TRANSITIONS: Record<ReportStatus, ReportStatus[]> = {
  open: ['scheduled', 'resolved', 'closed'],
  scheduled: ['resolved', 'closed'],
  resolved: [],
  closed: [],
};

export const canTransition = (from: string, to: string): boolean =>
  (TRANSITIONS as Record<string, string[]>)[from]?.includes(to) ?? false;

/** Open311 knows two statuses. */
export const open311Status = (status: string): 'open' | 'closed' => (status === 'resolved' || status === 'closed' ? 'closed' : 'open');
