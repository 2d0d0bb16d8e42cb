/**
 * The duty-of-care waste transfer note (Environmental Protection Act 1990 s.34 and the Waste
 * (England and Wales) Regulations 2011 reg. 35): a "season ticket" covering repeated transfers of the
 * same waste between the same parties for at most 12 months. This builds every field the law asks
 * for from plain values; the note stores them as issued, so later contract edits do not rewrite it.
 */
import { formatLongDate, type LocalDate } from '../dates.ts';
import { describeEwc, estimatedKgPerLift, EWC_CODES } from './ewc.ts';

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

/** The note as labelled rows, in the order printed on the HTML and PDF copies. */
export function transferNoteRows(f: TransferNoteFields): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    ['Contract', f.contractReference],
    ['Type', 'Season ticket (repeated transfers of the same waste, at most 12 months)'],
    ['Period of transfer', `${formatLongDate(f.period.start, true)} to ${formatLongDate(f.period.end, true)}`],
    ['Place of transfer', `${f.placeOfTransfer.address}, ${f.placeOfTransfer.postcode} (UPRN ${f.placeOfTransfer.uprn})`],
    ['Transferor (producer)', `${f.transferor.name}, ${f.transferor.address}`],
    ['Transferor company number', f.transferor.companyNumber ?? 'Not a registered company'],
    ['Transferor SIC 2007 code', f.transferor.sic],
    ['Transferee (carrier)', `${f.transferee.name}, ${f.transferee.address}`],
    ['Carrier registration', f.transferee.carrierRegistration],
  ];
  f.waste.forEach((w, i) => {
    const n = f.waste.length > 1 ? ` ${i + 1}` : '';
    rows.push([`Waste${n}: description`, w.description]);
    rows.push([`Waste${n}: EWC code`, w.ewcCode]);
    rows.push([`Waste${n}: containment`, w.containment]);
    rows.push([`Waste${n}: quantity`, `${w.quantity} container${w.quantity === 1 ? '' : 's'} per collection, ${w.frequency.toLowerCase()}`]);
  });
  rows.push(['Waste hierarchy declaration', f.wasteHierarchyDeclaration]);
  return rows;
}
