/** Plain-English wording for where today's collection stands (the property answer's `today`). */
import { localTimeAt, type LocalDate } from '../../server/domain/dates.ts';
import { longDate, OUTCOME_LABEL } from './format.ts';

export interface TodayStatusView {
  status: string;
  outcome?: string | null;
  recordedAt?: string | null;
  catchUpDate?: LocalDate | null;
}

/** "Collected at 09:42", "The crew have started this round", "Not finished today: now due Tuesday 22 December". */
export function todayStatusText(t: TodayStatusView, today: LocalDate, timeZone = 'Europe/London'): string {
  switch (t.status) {
    case 'recorded': {
      const at = t.recordedAt ? ` at ${localTimeAt(new Date(t.recordedAt), timeZone)}` : '';
      if (!t.outcome || t.outcome === 'collected') return `Collected${at}`;
      return `Crew recorded${at}: ${OUTCOME_LABEL[t.outcome] ?? t.outcome.replace(/_/g, ' ')}`;
    }
    case 'round_completed':
      return 'The crew have finished this round';
    case 'not_completed':
      return t.catchUpDate
        ? `Not finished today: now due ${longDate(t.catchUpDate, today)}`
        : 'Not finished today: the council will publish a new date';
    case 'in_progress':
      return 'The crew have started this round';
    default:
      return 'The crew have not started this round yet';
  }
}
