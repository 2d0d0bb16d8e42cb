/** Words for where today's collection stands (the property answer's `today`), in the page's language. */
import { localTimeAt, type LocalDate } from '../../server/domain/dates.ts';
import { translate, type Lang } from '../i18n/index.ts';
import { longDate, outcomeLabel } from './format.ts';

export interface TodayStatusView {
  status: string;
  outcome?: string | null;
  recordedAt?: string | null;
  catchUpDate?: LocalDate | null;
}

/** "Collected at 09:42", "The crew have started this round", "Not finished today: now due Tuesday 22 December". */
export function todayStatusText(s: TodayStatusView, today: LocalDate, timeZone = 'Europe/London', lang: Lang = 'en'): string {
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(lang, key, params);
  switch (s.status) {
    case 'recorded': {
      const at = s.recordedAt ? t('today.at', { time: localTimeAt(new Date(s.recordedAt), timeZone) }) : '';
      if (!s.outcome || s.outcome === 'collected') return t('today.collected', { at });
      return t('today.crew_recorded', { at, outcome: outcomeLabel(s.outcome, lang) });
    }
    case 'round_completed':
      return t('today.round_completed');
    case 'not_completed':
      return s.catchUpDate ? t('today.not_completed_catch_up', { date: longDate(s.catchUpDate, today, lang) }) : t('today.not_completed');
    case 'in_progress':
      return t('today.in_progress');
    default:
      return t('today.not_started');
  }
}
