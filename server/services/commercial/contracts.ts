/**
 * Officer verbs over contracts and customers (create, renew, end, expiring soon) and listing for
 * officers and customers. Every query is filtered by the signed-in user's council; every write is
 * one transaction and leaves an audit entry.
 */
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import { contractLines, contracts, customers } from '../../../db/schema/index.ts';
import { recordAudit } from '../audit/record.ts';
import type { ServiceContext } from '../../context.ts';
import { twelveMonthsEnd } from '../../domain/commercial/contract-rules.ts';
import { addDays, isLocalDate, type LocalDate } from '../../domain/dates.ts';
import { DomainError, notFound } from '../../errors.ts';
import { councilToday, getCouncil } from '../schedule.ts';
import { contractForUser, contractLinesOf, customerScope, officerCouncil, type ContractRow } from './access.ts';
import { clipAssignments, contractProblems, nextContractReference, throwProblems, writeContract, type ContractInput } from './store.ts';

export const EXPIRING_WITHIN_DAYS = 60;

export interface ContractSummary {
  reference: string;
  customer: string;
  customerName: string;
  uprn: number;
  start: LocalDate;
  end: LocalDate;
  status: string;
}

const summarySelect = {
  reference: contracts.reference, customer: contracts.customerId, customerName: customers.name, uprn: contracts.uprn,
  start: contracts.start, end: contracts.end, status: contracts.status,
};

/** Officer: every contract of the council. Customer: their own contracts only. */
export async function listContracts(ctx: ServiceContext): Promise<ContractSummary[]> {
  const base = ctx.db.select(summarySelect).from(contracts)
    .innerJoin(customers, and(eq(customers.councilId, contracts.councilId), eq(customers.id, contracts.customerId)));
  if (ctx.user?.role === 'customer') {
    const scope = customerScope(ctx);
    return base.where(and(eq(contracts.councilId, scope.councilId), eq(contracts.customerId, scope.customerId))).orderBy(asc(contracts.start));
  }
  const councilId = officerCouncil(ctx);
  return base.where(eq(contracts.councilId, councilId)).orderBy(asc(contracts.reference));
}

/** Active contracts ending within the next 60 days (today included). */
export async function expiringContracts(ctx: ServiceContext): Promise<ContractSummary[]> {
  const councilId = officerCouncil(ctx);
  const today = councilToday(ctx, await getCouncil(ctx, councilId));
  return ctx.db.select(summarySelect).from(contracts)
    .innerJoin(customers, and(eq(customers.councilId, contracts.councilId), eq(customers.id, contracts.customerId)))
    .where(and(
      eq(contracts.councilId, councilId), eq(contracts.status, 'active'),
      gte(contracts.end, today), lte(contracts.end, addDays(today, EXPIRING_WITHIN_DAYS)),
    ))
    .orderBy(asc(contracts.end));
}

export interface CustomerInput {
  id: string;
  name: string;
  address: string;
  companyNumber?: string | null;
  sic: string;
  employees: number;
  email: string;
  phone?: string | null;
}

export async function listCustomers(ctx: ServiceContext) {
  const councilId = officerCouncil(ctx);
  return ctx.db.select().from(customers).where(eq(customers.councilId, councilId)).orderBy(asc(customers.name));
}

/** Creates or updates a customer of the officer's council. */
export async function saveCustomer(ctx: ServiceContext, input: CustomerInput) {
  const councilId = officerCouncil(ctx);
  if (!/^[0-9]{5}$/.test(input.sic)) throw new DomainError('invalid_sic', 'The SIC 2007 code has five digits.', 422);
  if (!Number.isInteger(input.employees) || input.employees < 0) throw new DomainError('invalid_employees', 'Employees must be a whole number, zero or more.', 422);
  return ctx.db.transaction(async (tx) => {
    const values = { councilId, ...input, companyNumber: input.companyNumber || null, phone: input.phone || null };
    const { councilId: _c, id: _i, ...set } = values;
    const [row] = await tx.insert(customers).values(values).onConflictDoUpdate({ target: [customers.councilId, customers.id], set }).returning();
    await recordAudit(tx, ctx, { councilId, action: 'customer.save', entity: 'contract', entityId: input.id, before: null, after: row });
    return row;
  });
}

export type NewContract = Omit<ContractInput, 'reference'> & { reference?: string };

/** Creates a contract (reference generated when absent). Rule failures are 422 with a code; nothing is stored. */
export async function createContract(ctx: ServiceContext, input: NewContract): Promise<ContractRow> {
  const councilId = officerCouncil(ctx);
  if (!isLocalDate(input.start) || !isLocalDate(input.end)) throw new DomainError('invalid_date', 'start and end must be dates YYYY-MM-DD.', 400);
  return ctx.db.transaction(async (tx) => {
    const reference = input.reference ?? (await nextContractReference(tx, input.start));
    const [clash] = await tx.select({ r: contracts.reference }).from(contracts).where(eq(contracts.reference, reference));
    if (clash) throw new DomainError('duplicate_reference', `Contract ${reference} already exists.`, 409);
    const full: ContractInput = { ...input, reference };
    throwProblems(await contractProblems(tx, councilId, full));
    await writeContract(tx, councilId, full);
    await recordAudit(tx, ctx, { councilId, action: 'contract.create', entity: 'contract', entityId: reference, before: null, after: full });
    const [row] = await tx.select().from(contracts).where(eq(contracts.reference, reference));
    return row;
  });
}

/**
 * Renews a contract: a new contract with the same customer, site and lines, from the day after the
 * current one ends to `end` (default 12 months). The old one runs to its end.
 */
export async function renewContract(ctx: ServiceContext, input: { reference: string; end?: LocalDate; pricePerLiftPence?: Record<string, number> }): Promise<ContractRow> {
  officerCouncil(ctx);
  const old = await contractForUser(ctx, input.reference);
  if (old.status === 'ended' || old.status === 'draft') throw new DomainError('not_renewable', `Contract ${old.reference} is ${old.status}.`, 409);
  const lines = await contractLinesOf(ctx, old);
  const start = addDays(old.end, 1);
  const end = input.end ?? twelveMonthsEnd(start);
  if (!isLocalDate(end) || end < start) throw new DomainError('invalid_period', 'The renewal must end after it starts.', 422);
  const renewed = await createContract(ctx, {
    customer: old.customerId, uprn: old.uprn, start, end, status: 'active', paperAssessment: old.paperAssessment,
    lines: lines.map((l) => ({
      service: l.serviceId, round: l.roundId, container: l.container, quantity: l.quantity, ewcCode: l.ewcCode,
      pricePerLiftPence: input.pricePerLiftPence?.[l.serviceId] ?? l.pricePerLiftPence,
    })),
  });
  return renewed;
}

/**
 * Ends a contract on `on` (default today): its end date moves to `on` (never later than it was),
 * status becomes `ended` once that date has passed or is today, and the site leaves its rounds after it.
 */
export async function endContract(ctx: ServiceContext, input: { reference: string; on?: LocalDate }): Promise<ContractRow> {
  const councilId = officerCouncil(ctx);
  const contract = await contractForUser(ctx, input.reference);
  const today = councilToday(ctx, await getCouncil(ctx, councilId));
  const on = input.on ?? today;
  if (!isLocalDate(on)) throw new DomainError('invalid_date', 'on must be a date YYYY-MM-DD.', 400);
  if (on < contract.start) throw new DomainError('invalid_period', `Contract ${contract.reference} starts on ${contract.start}.`, 422);
  const end = on < contract.end ? on : contract.end;
  const status = end <= today ? 'ended' : contract.status;
  return ctx.db.transaction(async (tx) => {
    const lines = await tx.select({ round: contractLines.roundId }).from(contractLines)
      .where(and(eq(contractLines.councilId, councilId), eq(contractLines.contractReference, contract.reference)));
    const [row] = await tx.update(contracts).set({ end, status })
      .where(and(eq(contracts.councilId, councilId), eq(contracts.reference, contract.reference))).returning();
    if (!row) throw notFound();
    await clipAssignments(tx, councilId, contract.uprn, [...new Set(lines.map((l) => l.round))], contract.start, end);
    await recordAudit(tx, ctx, { councilId, action: 'contract.end', entity: 'contract', entityId: contract.reference, before: { end: contract.end, status: contract.status }, after: { end, status } });
    return row;
  });
}

/** Changes status (draft → active, active ↔ suspended). Activation re-checks the rules. */
export async function setContractStatus(ctx: ServiceContext, input: { reference: string; status: 'active' | 'suspended' }): Promise<ContractRow> {
  const councilId = officerCouncil(ctx);
  const contract = await contractForUser(ctx, input.reference);
  if (contract.status === 'ended') throw new DomainError('contract_ended', `Contract ${contract.reference} has ended.`, 409);
  return ctx.db.transaction(async (tx) => {
    const lines = await contractLinesOf({ ...ctx, db: tx }, contract);
    throwProblems(await contractProblems(tx, councilId, {
      reference: contract.reference, customer: contract.customerId, uprn: contract.uprn, start: contract.start, end: contract.end,
      status: input.status, paperAssessment: contract.paperAssessment,
      lines: lines.map((l) => ({ service: l.serviceId, round: l.roundId, container: l.container, quantity: l.quantity, ewcCode: l.ewcCode, pricePerLiftPence: l.pricePerLiftPence })),
    }));
    const [row] = await tx.update(contracts).set({ status: input.status })
      .where(and(eq(contracts.councilId, councilId), eq(contracts.reference, contract.reference))).returning();
    await recordAudit(tx, ctx, { councilId, action: 'contract.status', entity: 'contract', entityId: contract.reference, before: { status: contract.status }, after: { status: input.status } });
    return row;
  });
}
