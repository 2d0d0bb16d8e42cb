/**
 * Bank holiday titles in Welsh. Kerbside stores GOV.UK's English titles (server/data/bank-holidays.json);
 * these are GOV.UK's own Welsh titles for the same days (gov.uk/gwyliau-banc). A reason that is not a
 * known title (a council's own reason for a change) is shown as the council wrote it.
 */
import type { Lang } from './index.ts';

export const BANK_HOLIDAY_TITLES_CY: Record<string, string> = {
  'New Year’s Day': 'Dydd Calan',
  '2nd January': '2 Ionawr',
  'St Patrick’s Day': 'Gŵyl San Padrig',
  'Good Friday': 'Dydd Gwener y Groglith',
  'Easter Monday': 'Llun y Pasg',
  'Early May bank holiday': 'Gŵyl banc dechrau mis Mai',
  'Spring bank holiday': 'Gŵyl banc y gwanwyn',
  'Battle of the Boyne (Orangemen’s Day)': 'Brwydr y Boyne (Diwrnod yr Orangemen)',
  'Summer bank holiday': 'Gŵyl banc yr haf',
  'St Andrew’s Day': 'Gŵyl Sant Andreas',
  'Christmas Day': 'Dydd Nadolig',
  'Boxing Day': 'Gŵyl San Steffan',
};

/** A collection's reason for moving, in `lang` where it is a bank holiday we know. */
export const localReason = (reason: string, lang: Lang): string =>
  lang === 'cy' ? BANK_HOLIDAY_TITLES_CY[reason] ?? reason : reason;
