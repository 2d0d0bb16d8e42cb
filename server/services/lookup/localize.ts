/**
 * The property answer in another of the council's languages (DESIGN.md "Languages"): service and
 * container names from the bundle's per-language names, frequency in words, and bank holiday
 * reasons. Pure: from the plan the answer was composed from, so nothing is looked up again.
 */
import { describeServiceFrequency } from '../../domain/frequency.ts';
import type { PropertyView } from '../property-view.ts';
import { isLang, translate, type Lang } from '../../../web/i18n/index.ts';
import { localReason } from '../../../web/i18n/holidays.ts';
import { pick, type Names } from '../../../web/i18n/names.ts';
import type { CouncilSchedule } from '../schedule.ts';
import type { PropertyPlan } from './plan.ts';

/** Anything with a service id, a name and maybe a reason (upcoming collections). */
interface Named { service: string; name: string; reason?: string }

/**
 * A change's reason in `lang`: the council's own words in that language when it gave them (bundle
 * `{ en, cy }`, an officer's `reasons`), else GOV.UK's title for a bank holiday, else as stored.
 */
export const changeReason = (schedule: Pick<CouncilSchedule, 'reasonNames'>, reason: string, lang: Lang): string =>
  schedule.reasonNames.get(reason)?.[lang] ?? localReason(reason, lang);

/** A round's name in `lang`, where the bundle gave one. */
export const roundName = (round: { name: string; names?: Names }, lang: Lang): string => pick(round.name, round.names, lang);

export function localizeView(plan: PropertyPlan, view: PropertyView, lang: Lang): PropertyView {
  const { ps, today } = plan;
  const rows = ps.schedule.services;
  const periodsByRound = new Map([...ps.schedule.rounds.values()].map((r) => [r.id, r.periods]));
  const reason = <T extends { reason?: string }>(o: T | null | undefined): T | null | undefined =>
    o && o.reason ? { ...o, reason: changeReason(ps.schedule, o.reason, lang) } : o;
  return {
    ...view,
    services: view.services.map((s) => {
      const row = rows.get(s.id);
      const assigned = ps.assignments.filter((a) => ps.schedule.rounds.get(a.round)?.serviceId === s.id);
      return {
        ...s,
        name: row ? pick(row.name, row.names, lang) : s.name,
        container: row ? pick(row.container, row.containers, lang) : s.container,
        frequency: describeServiceFrequency(assigned, periodsByRound, today, lang, { booked: translate(lang, 'bulky.booked_collection') }) ?? s.frequency,
        next: reason(s.next) ?? null,
      } as typeof s;
    }),
  };
}

/** Upcoming collections with the language's service names and reasons. */
export function localizeCollections<T extends Named>(plan: PropertyPlan, list: T[], lang: Lang): T[] {
  const rows = plan.ps.schedule.services;
  return list.map((c) => {
    const row = rows.get(c.service);
    return { ...c, name: row ? pick(row.name, row.names, lang) : c.name, ...(c.reason ? { reason: changeReason(plan.ps.schedule, c.reason, lang) } : {}) };
  });
}


/**
 * The language a JSON answer is in: `asked` when the council offers it, else the council's first
 * (an unknown or unoffered `?lang=` falls back, never an error); and whether that needs localising
 * (the stored names are already the council's first language's).
 */
export function answerLanguage(plan: PropertyPlan, asked: string | undefined): { lang: Lang; localize: boolean } {
  const languages = (plan.ps.schedule.council.languages ?? ['en']).filter(isLang);
  const first = languages[0] ?? 'en';
  const lang: Lang = isLang(asked) && languages.includes(asked) ? asked : first;
  return { lang, localize: lang !== first || lang !== 'en' };
}
