/**
 * The duty-of-care waste transfer note (Environmental Protection Act 1990 s.34 and the Waste
 * (England and Wales) Regulations 2011 reg. 35): a "season ticket" covering repeated transfers of the
 * same waste between the same parties for at most 12 months. This builds every field the law asks
 * for from plain values; the note stores them as issued, so later contract edits do not rewrite it.
 */
import type { LocalDate } from '../dates.ts';
import { describeEwc, estimatedKgPerLift, EWC_CODES } from './ewc.ts';
import { CATALOGUES, translate, translator, type Lang, type MessageKey } from '../../../web/i18n/index.ts';
import { longDate } from '../../../web/i18n/dates.ts';

export const WASTE_HIERARCHY_DECLARATION =
  'I confirm that I have fulfilled my duty to apply the waste hierarchy as required by Regulation 12 of the Waste (England and Wales) Regulations 2011.';

export interface Party {
  name: string;
  address: string;
}

export interface TransferNoteWaste {
  service: string;
  serviceName: string;
  ewcCode: string;
  /** Written description of the waste. */
  description: string;
  /** How it is contained. */
  containment: string;
  quantity: number;
  /** Schedule of each transfer: e.g. "Every Tuesday" from the round. */
  frequency: string;
  physicalForm: string;
  estimatedKgPerLift: number | null;
}

export interface TransferNoteFields {
  contractReference: string;
  period: { start: LocalDate; end: LocalDate };
  transferor: Party & { companyNumber: string | null; sic: string; role: 'producer' };
  transferee: Party & { role: 'waste collection authority and carrier'; carrierRegistration: string };
  placeOfTransfer: { uprn: number; address: string; postcode: string };
  waste: TransferNoteWaste[];
  wasteHierarchyDeclaration: string;
  /** Dated transfers within the period (the schedule), first 400 at most. */
  schedule: Array<{ date: LocalDate; services: string[] }>;
  isSeasonTicket: true;
}

export interface TransferNoteSource {
  contract: { reference: string };
  period: { start: LocalDate; end: LocalDate };
  customer: { name: string; address: string; companyNumber: string | null; sic: string };
  council: { name: string; address?: string | null };
  carrierRegistration: string;
  site: { uprn: number; address: string; postcode: string };
  lines: Array<{ service: string; serviceName: string; ewcCode: string; container: string; quantity: number; frequency: string }>;
  schedule: Array<{ date: LocalDate; service: string }>;
}

export function buildTransferNoteFields(src: TransferNoteSource): TransferNoteFields {
  const byDate = new Map<LocalDate, Set<string>>();
  for (const s of src.schedule) {
    const set = byDate.get(s.date) ?? new Set<string>();
    set.add(s.service);
    byDate.set(s.date, set);
  }
  const schedule = [...byDate.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .slice(0, 400)
    .map(([date, set]) => ({ date, services: [...set].sort() }));
  return {
    contractReference: src.contract.reference,
    period: { ...src.period },
    transferor: {
      name: src.customer.name, address: src.customer.address, companyNumber: src.customer.companyNumber, sic: src.customer.sic, role: 'producer',
    },
    transferee: {
      name: src.council.name,
      address: src.council.address ?? src.council.name,
      role: 'waste collection authority and carrier',
      carrierRegistration: src.carrierRegistration,
    },
    placeOfTransfer: { ...src.site },
    waste: src.lines.map((l) => ({
      service: l.service,
      serviceName: l.serviceName,
      ewcCode: l.ewcCode,
      description: `${describeEwc(l.ewcCode)} (${l.serviceName})`,
      containment: `${l.quantity} × ${l.container}`,
      quantity: l.quantity,
      frequency: l.frequency,
      physicalForm: EWC_CODES[l.ewcCode]?.physicalForm ?? 'Solid',
      estimatedKgPerLift: estimatedKgPerLift(l.ewcCode, l.container),
    })),
    wasteHierarchyDeclaration: WASTE_HIERARCHY_DECLARATION,
    schedule,
    isSeasonTicket: true,
  };
}

/**
 * The List of Waste description of `code` in `lang`: the catalogue's `transfer_note.ewc_<code>` for
 * the codes EWC_CODES lists, else the English (or "EWC <code>") as before. The code is never translated.
 */
export function ewcDescription(code: string, lang: Lang): string {
  const key = `transfer_note.ewc_${code.replace(/ /g, '_')}` as MessageKey;
  return code in EWC_CODES && key in CATALOGUES.en ? translate(lang, key) : describeEwc(code);
}

/** A waste line's description in `lang` when it is the standard one it was issued with ("<EWC description> (<service>)"). */
function wasteDescription(w: TransferNoteWaste, lang: Lang): string {
  return w.description === `${describeEwc(w.ewcCode)} (${w.serviceName})` ? `${ewcDescription(w.ewcCode, lang)} (${w.serviceName})` : w.description;
}

/**
 * The note as labelled rows, in the order printed on the HTML and PDF copies, labels and fixed
 * wording in `lang` (the catalogue's `transfer_note.*`). The values the note stores as issued (names,
 * addresses, service names, frequency) are printed as stored; the declaration and the EWC waste
 * descriptions, stored in English, are printed in the note's language when they are the standard ones.
 */
export function transferNoteRows(f: TransferNoteFields, lang: Lang = 'en'): Array<[string, string]> {
  const t = translator(lang);
  const rows: Array<[string, string]> = [
    [t('transfer_note.contract'), f.contractReference],
    [t('transfer_note.type'), t('transfer_note.type_value')],
    [t('transfer_note.period'), t('transfer_note.period_value', { start: longDate(lang, f.period.start, true), end: longDate(lang, f.period.end, true) })],
    [t('transfer_note.place'), `${f.placeOfTransfer.address}, ${f.placeOfTransfer.postcode} (UPRN ${f.placeOfTransfer.uprn})`],
    [t('transfer_note.transferor'), `${f.transferor.name}, ${f.transferor.address}`],
    [t('transfer_note.company_number'), f.transferor.companyNumber ?? t('transfer_note.not_a_company')],
    [t('transfer_note.sic'), f.transferor.sic],
    [t('transfer_note.transferee'), `${f.transferee.name}, ${f.transferee.address}`],
    [t('transfer_note.carrier_registration'), f.transferee.carrierRegistration],
  ];
  f.waste.forEach((w, i) => {
    const n = f.waste.length > 1 ? ` ${i + 1}` : '';
    rows.push([t('transfer_note.waste_description', { n }), wasteDescription(w, lang)]);
    rows.push([t('transfer_note.waste_ewc', { n }), w.ewcCode]);
    rows.push([t('transfer_note.waste_containment', { n }), w.containment]);
    rows.push([t('transfer_note.waste_quantity', { n }), t('transfer_note.quantity_value', { count: w.quantity, frequency: w.frequency.toLowerCase() })]);
  });
  const declaration = f.wasteHierarchyDeclaration === WASTE_HIERARCHY_DECLARATION ? t('transfer_note.hierarchy_value') : f.wasteHierarchyDeclaration;
  rows.push([t('transfer_note.hierarchy'), declaration]);
  return rows;
}
