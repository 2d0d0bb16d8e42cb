/**
 * Validating and writing a contract with its lines, shared by the officer verbs and the bundle
 * import. Runs on the caller's transaction; throws before writing anything when a rule fails.
 */
import { and, eq, gte, inArray, isNull, lte, max, or, sql } from 'drizzle-orm';
import {
  assignments, contractLines, contracts, customers, properties, rounds, services,
} from '../../../db/schema/index.ts';
import type { Tx } from '../../../db/client.ts';
import { contractViolations, type SiteContract } from '../../domain/commercial/contract-rules.ts';
import type { LocalDate } from '../../domain/dates.ts';
import { DomainError } from '../../errors.ts';

export interface ContractLineInput {
  service: string;
  round: string;
  container: string;
  quantity: number;
  ewcCode?: string | null;
  pricePerLiftPence: number;
}

export interface ContractInput {
  reference: string;
  customer: string;
  uprn: number;
  start: LocalDate;
  end: LocalDate;
  status: 'draft' | 'active' | 'suspended' | 'ended';
  paperAssessment?: boolean;
  lines: ContractLineInput[];
}

type Q = Tx;

/** Other contracts at the site (any status) with their streams. */
async function siteContracts(q: Q, councilId: number, uprn: number): Promise<SiteContract[]> {
  const rows = await q
    .select({ contract: contracts, stream: services.stream })
    .from(contracts)
    .leftJoin(contractLines, eq(contractLines.contractReference, contracts.reference))
    .leftJoin(services, and(eq(services.councilId, contractLines.councilId), eq(services.id, contractLines.serviceId)))
    .where(and(eq(contracts.councilId, councilId), eq(contracts.uprn, uprn)));
  const byRef = new Map<string, SiteContract>();
  for (const r of rows) {
    const c = byRef.get(r.contract.reference) ?? { reference: r.contract.reference, start: r.contract.start, end: r.contract.end, status: r.contract.status, streams: [] };
    if (r.stream) c.streams.push(r.stream);
    byRef.set(r.contract.reference, c);
  }
  return [...byRef.values()];
}

export type Problem = { code: string; message: string; path?: string };

/** Every rule violation of `input` against what the council holds (in this transaction). */
export async function contractProblems(q: Q, councilId: number, input: ContractInput): Promise<Problem[]> {
  const [[site], [customer], serviceRows, roundRows, others] = await Promise.all([
    q.select().from(properties).where(and(eq(properties.councilId, councilId), eq(properties.uprn, input.uprn))),
    q.select().from(customers).where(and(eq(customers.councilId, councilId), eq(customers.id, input.customer))),
    q.select().from(services).where(eq(services.councilId, councilId)),
    q.select().from(rounds).where(eq(rounds.councilId, councilId)),
    siteContracts(q, councilId, input.uprn),
  ]);
  const problems: Problem[] = [];
  if (!site) problems.push({ code: 'unknown_property', message: `No property with UPRN ${input.uprn} in this council.`, path: 'uprn' });
  if (!customer) problems.push({ code: 'unknown_customer', message: `No customer "${input.customer}" in this council.`, path: 'customer' });
  const svc = new Map(serviceRows.map((s) => [s.id, s]));
  const rnd = new Map(roundRows.map((r) => [r.id, r]));
  input.lines.forEach((l, i) => {
    if (!svc.has(l.service)) problems.push({ code: 'unknown_service', message: `Line ${i + 1}: no service "${l.service}".`, path: `lines[${i}].service` });
    const r = rnd.get(l.round);
    if (!r) problems.push({ code: 'unknown_round', message: `Line ${i + 1}: no round "${l.round}".`, path: `lines[${i}].round` });
    else if (r.serviceId !== l.service) {
      problems.push({ code: 'round_service_mismatch', message: `Line ${i + 1}: round ${l.round} collects ${r.serviceId}, not ${l.service}.`, path: `lines[${i}].round` });
    }
  });
  problems.push(...contractViolations(
    {
      reference: input.reference, uprn: input.uprn, start: input.start, end: input.end, status: input.status,
      siteKind: site?.kind ?? 'commercial',
      lines: input.lines.map((l) => ({
        service: l.service, stream: svc.get(l.service)?.stream ?? 'unknown', ewcCode: l.ewcCode,
        pricePerLiftPence: l.pricePerLiftPence, quantity: l.quantity,
      })),
    },
    others,
  ));
  return problems;
}

/** Throws the first problem as a 422 with its code (and every problem in `details.problems`). */
export function throwProblems(problems: Problem[]): void {
  if (!problems.length) return;
  const first = problems[0];
  throw new DomainError(first.code, first.message, 422, { problems });
}

/**
 * Writes the contract (upsert by reference) and replaces its lines; puts the site on each line's
 * round for the contract's period if it is not already there, so crews see the stop.
 */
export async function writeContract(q: Q, councilId: number, input: ContractInput): Promise<void> {
  const values = {
    reference: input.reference, councilId, customerId: input.customer, uprn: input.uprn, start: input.start, end: input.end,
    status: input.status, paperAssessment: input.paperAssessment ?? false,
  };
  await q.insert(contracts).values(values).onConflictDoUpdate({
    target: contracts.reference,
    set: { customerId: values.customerId, uprn: values.uprn, start: values.start, end: values.end, status: values.status, paperAssessment: values.paperAssessment },
  });
  await q.delete(contractLines).where(and(eq(contractLines.councilId, councilId), eq(contractLines.contractReference, input.reference)));
  if (input.lines.length) {
    await q.insert(contractLines).values(input.lines.map((l) => ({
      councilId, contractReference: input.reference, serviceId: l.service, roundId: l.round, ewcCode: l.ewcCode!.trim(),
      container: l.container, quantity: l.quantity, pricePerLiftPence: l.pricePerLiftPence,
    })));
  }
  for (const roundId of new Set(input.lines.map((l) => l.round))) await ensureOnRound(q, councilId, input.uprn, roundId, input.start, input.end);
}

/** Adds an assignment (uprn, round, start..end) at the end of the round unless one already overlaps. */
async function ensureOnRound(q: Q, councilId: number, uprn: number, roundId: string, start: LocalDate, end: LocalDate) {
  const [existing] = await q
    .select({ from: assignments.from })
    .from(assignments)
    .where(and(
      eq(assignments.councilId, councilId), eq(assignments.uprn, uprn), eq(assignments.roundId, roundId),
      lte(assignments.from, end), or(isNull(assignments.to), gte(assignments.to, start)),
    ))
    .limit(1);
  if (existing) return;
  const [{ last }] = await q
    .select({ last: max(assignments.sequence) })
    .from(assignments)
    .where(and(eq(assignments.councilId, councilId), eq(assignments.roundId, roundId)));
  await q.insert(assignments)
    .values({ councilId, uprn, roundId, from: start, to: end, sequence: (last ?? 0) + 1 })
    .onConflictDoUpdate({
      target: [assignments.councilId, assignments.uprn, assignments.roundId, assignments.from],
      set: { to: end },
    });
}

/** Moves the end of the assignments a contract created (same site, rounds and start). */
export async function clipAssignments(q: Q, councilId: number, uprn: number, roundIds: string[], start: LocalDate, end: LocalDate) {
  if (!roundIds.length) return;
  await q.update(assignments).set({ to: end }).where(and(
    eq(assignments.councilId, councilId), eq(assignments.uprn, uprn), inArray(assignments.roundId, roundIds), eq(assignments.from, start),
  ));
}

/** A fresh contract reference `CW-{yy}-{nnnnnn}` from the shared counters. */
export async function nextContractReference(q: Q, year: string): Promise<string> {
  const prefix = `CW-${year.slice(2, 4)}`;
  const result = (await q.execute(sql`
    insert into reference_counters (prefix, value) values (${prefix}, 1)
    on conflict (prefix) do update set value = reference_counters.value + 1
    returning value`)) as unknown as { rows?: Array<{ value: number }> } & Array<{ value: number }>;
  const value = Number((result.rows ?? result)[0].value);
  return `${prefix}-${String(value).padStart(6, '0')}`;
}
