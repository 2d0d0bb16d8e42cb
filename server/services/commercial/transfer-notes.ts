/**
 * Duty-of-care waste transfer notes: a season ticket per contract period of at most 12 months.
 * The officer issues it (signing for the council as carrier), the customer accepts it in the portal
 * (signing as producer). Notes are kept at least two years after their period ends: deleting one
 * sooner is refused.
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import { transferNotes } from '../../../db/schema/index.ts';
import { recordAudit } from '../audit/record.ts';
import type { ServiceContext } from '../../context.ts';
import { twelveMonthsEnd } from '../../domain/commercial/contract-rules.ts';
import { buildTransferNoteFields, type TransferNoteFields } from '../../domain/commercial/transfer-note.ts';
import { addDays, isLocalDate, type LocalDate } from '../../domain/dates.ts';
import { describeFrequency, periodAt } from '../../domain/schedule.ts';
import { DomainError, forbidden, notFound } from '../../errors.ts';
import { councilToday, getCouncil, loadCouncilSchedule } from '../schedule.ts';
import { contractDetail, contractForUser, customerScope, officerCouncil } from './access.ts';
import { lineCollections } from './charges.ts';

export type TransferNoteRow = typeof transferNotes.$inferSelect;
export interface TransferNote extends Omit<TransferNoteRow, 'fields'> {
  fields: TransferNoteFields;
}

/** Years a note is kept after its period ends (the law asks for at least two). */
export const RETENTION_YEARS = 2;

export const retainedUntil = (periodEnd: LocalDate): LocalDate =>
  `${Number(periodEnd.slice(0, 4)) + RETENTION_YEARS}${periodEnd.slice(4)}`;

export interface IssueInput {
  reference: string;
  /** Defaults to the contract start, or the day after the latest note ends. */
  periodStart?: LocalDate;
  /** The council's waste carrier registration (e.g. CBDU123456); defaults to the last one used. */
  carrierRegistration?: string;
  signerRole?: string;
}

export async function issueTransferNote(ctx: ServiceContext, input: IssueInput): Promise<TransferNote> {
  const councilId = officerCouncil(ctx);
  const d = await contractDetail(ctx, input.reference);
  if (!d.lines.length) throw new DomainError('no_lines', 'The contract has no lines to describe.', 422);
  return ctx.db.transaction(async (tx) => {
    const existing = await tx.select().from(transferNotes)
      .where(and(eq(transferNotes.councilId, councilId), eq(transferNotes.contractReference, d.contract.reference)))
      .orderBy(desc(transferNotes.periodEnd));
    if (input.periodStart !== undefined && !isLocalDate(input.periodStart)) throw new DomainError('invalid_date', 'periodStart must be a date YYYY-MM-DD.', 400);
    const start = input.periodStart ?? (existing[0] ? addDays(existing[0].periodEnd, 1) : d.contract.start);
    if (start < d.contract.start || start > d.contract.end) {
      throw new DomainError('outside_contract', `The note must start within the contract (${d.contract.start} to ${d.contract.end}).`, 422);
    }
    const limit = twelveMonthsEnd(start);
    const end = d.contract.end < limit ? d.contract.end : limit;
    const clash = existing.find((n) => n.periodStart <= end && start <= n.periodEnd);
    if (clash) throw new DomainError('note_period_overlap', `Transfer note ${clash.id} already covers ${clash.periodStart} to ${clash.periodEnd}.`, 409);

    // The officer's entry wins; then the council's recorded registration; then the last note's.
    let carrier = input.carrierRegistration?.trim() || d.council.carrierRegistration || undefined;
    if (!carrier) {
      const [last] = await tx.select({ fields: transferNotes.fields }).from(transferNotes)
        .where(eq(transferNotes.councilId, councilId)).orderBy(desc(transferNotes.id)).limit(1);
      carrier = (last?.fields as TransferNoteFields | undefined)?.transferee.carrierRegistration;
    }
    if (!carrier) throw new DomainError('carrier_registration_required', "Give the council's waste carrier registration number (e.g. CBDU123456).", 422);

    const schedule = await loadCouncilSchedule({ ...ctx, db: tx }, councilId);
    const dates = lineCollections(d, schedule, { from: start, to: end });
    const fields = buildTransferNoteFields({
      contract: d.contract,
      period: { start, end },
      customer: d.customer,
      council: { name: d.council.name },
      carrierRegistration: carrier,
      site: { uprn: d.site.uprn, address: d.site.address, postcode: d.site.postcode },
      lines: d.lines.map((l) => {
        const round = schedule.rounds.get(l.roundId);
        const period = round ? periodAt(round.periods, start) : undefined;
        return {
          service: l.serviceId, serviceName: l.serviceName, ewcCode: l.ewcCode, container: l.container, quantity: l.quantity,
          frequency: period ? describeFrequency(period) : 'As scheduled',
        };
      }),
      schedule: d.lines.flatMap((l) => (dates.get(l.id) ?? []).map((date) => ({ date, service: l.serviceId }))),
    });
    const now = ctx.clock.now();
    const [row] = await tx.insert(transferNotes).values({
      councilId, contractReference: d.contract.reference, periodStart: start, periodEnd: end, fields,
      transfereeSignedBy: ctx.user!.name ?? ctx.user!.email, transfereeRole: input.signerRole?.trim() || 'Commercial waste officer',
      transfereeSignedAt: now, createdAt: now,
    }).returning();
    await recordAudit(tx, ctx, {
      councilId, action: 'transfer_note.issue', entity: 'contract', entityId: d.contract.reference,
      before: null, after: { note: row.id, periodStart: start, periodEnd: end },
    });
    return row as TransferNote;
  });
}

export async function listTransferNotes(ctx: ServiceContext, reference: string): Promise<TransferNote[]> {
  const contract = await contractForUser(ctx, reference);
  const rows = await ctx.db.select().from(transferNotes)
    .where(and(eq(transferNotes.councilId, contract.councilId), eq(transferNotes.contractReference, contract.reference)))
    .orderBy(asc(transferNotes.periodStart));
  return rows as TransferNote[];
}

/** One note, if the signed-in user may see its contract (customers of other contracts get 404). */
export async function getTransferNote(ctx: ServiceContext, id: number): Promise<TransferNote> {
  if (!Number.isInteger(id) || id < 1) throw notFound('No such transfer note');
  if (!ctx.user) throw forbidden();
  const [row] = await ctx.db.select().from(transferNotes)
    .where(and(eq(transferNotes.id, id), eq(transferNotes.councilId, ctx.user.councilId)));
  if (!row) throw notFound('No such transfer note');
  await contractForUser(ctx, row.contractReference);
  return row as TransferNote;
}

/** The customer signs the note as producer: name, role and the time of acceptance. */
export async function acceptTransferNote(ctx: ServiceContext, input: { id: number; name: string; role: string }): Promise<TransferNote> {
  customerScope(ctx);
  const note = await getTransferNote(ctx, input.id);
  const name = input.name?.trim();
  const role = input.role?.trim();
  if (!name || !role) throw new DomainError('signature_required', 'Give your name and your role to sign.', 422);
  if (name.length > 200 || role.length > 200) throw new DomainError('signature_too_long', 'Name and role must be at most 200 characters.', 422);
  if (note.transferorSignedAt) throw new DomainError('already_accepted', 'This transfer note has already been accepted.', 409);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.update(transferNotes)
      .set({ transferorSignedBy: name, transferorRole: role, transferorSignedAt: now })
      .where(and(eq(transferNotes.id, note.id), eq(transferNotes.councilId, note.councilId)))
      .returning();
    await recordAudit(tx, ctx, {
      councilId: note.councilId, action: 'transfer_note.accept', entity: 'contract', entityId: note.contractReference,
      before: { note: note.id, transferorSignedBy: null }, after: { note: note.id, transferorSignedBy: name, transferorRole: role },
    });
    return row as TransferNote;
  });
}

/** Officers only, and only once the retention period is over: 409 `retention_period` before then. */
export async function deleteTransferNote(ctx: ServiceContext, id: number): Promise<void> {
  const councilId = officerCouncil(ctx);
  const note = await getTransferNote(ctx, id);
  const today = councilToday(ctx, await getCouncil(ctx, councilId));
  const until = retainedUntil(note.periodEnd);
  if (today <= until) {
    throw new DomainError('retention_period', `Transfer notes are kept for ${RETENTION_YEARS} years after they end; this one until ${until}.`, 409, { retainedUntil: until });
  }
  await ctx.db.transaction(async (tx) => {
    await tx.delete(transferNotes).where(and(eq(transferNotes.id, note.id), eq(transferNotes.councilId, councilId)));
    await recordAudit(tx, ctx, {
      councilId, action: 'transfer_note.delete', entity: 'contract', entityId: note.contractReference,
      before: { note: note.id, periodStart: note.periodStart, periodEnd: note.periodEnd }, after: null,
    });
  });
}
