/**
 * The per-round text the bulk queries join to subscriptions: the schedule is worked out once per
 * round (exceptions and bank-holiday moves applied, services/schedule.ts), never per property, and
 * written in each language a subscriber may read; SQL then picks each property's rounds.
 */
import type { LocalDate } from '../../domain/dates.ts';
import { roundCollections, type Occurrence } from '../../domain/schedule.ts';
import { LANGS, type Lang } from '../../../web/i18n/index.ts';
import { pick } from '../../../web/i18n/names.ts';
import type { CouncilSchedule } from '../schedule.ts';

export interface RoundLine {
  round: string;
  lang: Lang;
  line: string;
  /** For change alerts: names the change (service, base date, where it went). */
  key?: string;
}

/** Every occurrence of every round of the council in [from, to]. */
export function roundOccurrences(schedule: CouncilSchedule, from: LocalDate, to: LocalDate, includeCancelled = false): Occurrence[] {
  const out: Occurrence[] = [];
  for (const round of schedule.rounds.values()) out.push(...roundCollections(round, schedule.rules, from, to, { includeCancelled }));
  return out;
}

export function serviceName(schedule: CouncilSchedule, serviceId: string, lang: Lang): string {
  const s = schedule.services.get(serviceId);
  return s ? pick(s.name, s.names as any, lang) : serviceId;
}

/** One line per round and language. */
export function linesFor(occurrences: Occurrence[], write: (o: Occurrence, lang: Lang) => string, key?: (o: Occurrence) => string): RoundLine[] {
  return occurrences.flatMap((o) => LANGS.map((lang) => ({ round: o.round, lang, line: write(o, lang), ...(key ? { key: key(o) } : {}) })));
}
