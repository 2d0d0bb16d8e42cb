/**
 * Export of transfer-note data in the fields of the government's digital waste tracking service
 * (DEFRA), so a council is ready when recording movements there becomes mandatory: one row per
 * waste line of each note: EWC code, description, physical form, number and type of containers,
 * estimated weight, carrier registration, producer and site. Weights are estimates (container size ×
 * typical density, see domain/commercial/ewc.ts), flagged as such.
 */
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import { transferNotes } from '../../../db/schema/index.ts';
import type { ServiceContext } from '../../context.ts';
import type { TransferNoteFields } from '../../domain/commercial/transfer-note.ts';
import { isLocalDate, type LocalDate } from '../../domain/dates.ts';
import { DomainError } from '../../errors.ts';
import { officerCouncil } from './access.ts';

export interface WasteTrackingRow {
  transferNoteId: number;
  contractReference: string;
  periodStart: LocalDate;
  periodEnd: LocalDate;
  producerName: string;
  producerAddress: string;
  producerSicCode: string;
  producerCompanyNumber: string | null;
  collectionSiteAddress: string;
  collectionSitePostcode: string;
  collectionSiteUprn: number;
  carrierName: string;
  carrierRegistrationNumber: string;
  ewcCode: string;
  wasteDescription: string;
  physicalForm: string;
  numberOfContainers: number;
  containerType: string;
  transfersInPeriod: number;
  estimatedWeightKgPerTransfer: number | null;
  estimatedWeightKgInPeriod: number | null;
  weightIsEstimate: true;
}

export async function wasteTrackingExport(ctx: ServiceContext, range: { from?: LocalDate; to?: LocalDate } = {}): Promise<WasteTrackingRow[]> {
  const councilId = officerCouncil(ctx);
  for (const d of [range.from, range.to]) {
    if (d !== undefined && !isLocalDate(d)) throw new DomainError('invalid_date', 'from and to must be dates YYYY-MM-DD.', 400);
  }
  const conditions = [eq(transferNotes.councilId, councilId)];
  if (range.to) conditions.push(lte(transferNotes.periodStart, range.to));
  if (range.from) conditions.push(gte(transferNotes.periodEnd, range.from));
  const notes = await ctx.db.select().from(transferNotes).where(and(...conditions)).orderBy(asc(transferNotes.id));
  const rows: WasteTrackingRow[] = [];
  for (const n of notes) {
    const f = n.fields as TransferNoteFields;
    for (const w of f.waste) {
      const transfers = f.schedule.filter((s) => s.services.includes(w.service)).length;
      const container = w.containment.replace(/^\d+ × /, '');
      const perTransfer = w.estimatedKgPerLift === null ? null : Math.round(w.estimatedKgPerLift * w.quantity * 10) / 10;
      rows.push({
        transferNoteId: n.id, contractReference: n.contractReference, periodStart: n.periodStart, periodEnd: n.periodEnd,
        producerName: f.transferor.name, producerAddress: f.transferor.address, producerSicCode: f.transferor.sic,
        producerCompanyNumber: f.transferor.companyNumber,
        collectionSiteAddress: f.placeOfTransfer.address, collectionSitePostcode: f.placeOfTransfer.postcode, collectionSiteUprn: f.placeOfTransfer.uprn,
        carrierName: f.transferee.name, carrierRegistrationNumber: f.transferee.carrierRegistration,
        ewcCode: w.ewcCode, wasteDescription: w.description, physicalForm: w.physicalForm,
        numberOfContainers: w.quantity, containerType: container, transfersInPeriod: transfers,
        estimatedWeightKgPerTransfer: perTransfer,
        estimatedWeightKgInPeriod: perTransfer === null ? null : Math.round(perTransfer * transfers * 10) / 10,
        weightIsEstimate: true,
      });
    }
  }
  return rows;
}

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  const safe = typeof v === 'string' && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function wasteTrackingCsv(rows: WasteTrackingRow[]): string {
  const header: Array<keyof WasteTrackingRow> = [
    'transferNoteId', 'contractReference', 'periodStart', 'periodEnd', 'producerName', 'producerAddress', 'producerSicCode',
    'producerCompanyNumber', 'collectionSiteAddress', 'collectionSitePostcode', 'collectionSiteUprn', 'carrierName',
    'carrierRegistrationNumber', 'ewcCode', 'wasteDescription', 'physicalForm', 'numberOfContainers', 'containerType',
    'transfersInPeriod', 'estimatedWeightKgPerTransfer', 'estimatedWeightKgInPeriod', 'weightIsEstimate',
  ];
  return [header.join(','), ...rows.map((r) => header.map((h) => csvCell(r[h])).join(','))].join('\r\n') + '\r\n';
}
