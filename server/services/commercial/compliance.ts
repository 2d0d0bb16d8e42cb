/** Simpler Recycling checks for one contract, and the flags of every active contract of a council. */
import { and, eq } from 'drizzle-orm';
import { contractLines, contracts, customers, services } from '../../../db/schema/index.ts';
import type { ServiceContext } from '../../context.ts';
import { isLocalDate, type LocalDate } from '../../domain/dates.ts';
import { checkSimplerRecycling, type Compliance } from '../../domain/commercial/simpler-recycling.ts';
import { DomainError } from '../../errors.ts';
import { councilToday, getCouncil } from '../schedule.ts';
import { contractDetail, officerCouncil } from './access.ts';

export async function contractCompliance(ctx: ServiceContext, input: { reference: string; on?: unknown }): Promise<Compliance & { on: LocalDate }> {
  if (input.on !== undefined && !isLocalDate(input.on)) throw new DomainError('invalid_date', 'on must be a date YYYY-MM-DD.', 400);
  const d = await contractDetail(ctx, input.reference);
  const on = (input.on as LocalDate | undefined) ?? councilToday(ctx, d.council);
  const result = checkSimplerRecycling({
    on,
    division: d.council.bankHolidayDivision,
    nation: d.council.nation,
    employees: d.customer.employees,
    contract: d.contract,
    streams: d.lines.map((l) => l.stream),
  });
  return { ...result, on };
}

export interface ComplianceFlag {
  reference: string;
  customer: string;
  customerName: string;
  uprn: number;
  dutySince: LocalDate;
  findings: Compliance['findings'];
}

/** Every active contract of the officer's council that falls short on `on` (default today). */
export async function councilComplianceFlags(ctx: ServiceContext, on?: LocalDate): Promise<{ on: LocalDate; flags: ComplianceFlag[] }> {
  const councilId = officerCouncil(ctx);
  const council = await getCouncil(ctx, councilId);
  const day = on ?? councilToday(ctx, council);
  const [rows, lineRows] = await Promise.all([
    ctx.db
      .select({ contract: contracts, customerName: customers.name, employees: customers.employees })
      .from(contracts)
      .innerJoin(customers, and(eq(customers.councilId, contracts.councilId), eq(customers.id, contracts.customerId)))
      .where(and(eq(contracts.councilId, councilId), eq(contracts.status, 'active'))),
    ctx.db
      .select({ reference: contractLines.contractReference, stream: services.stream })
      .from(contractLines)
      .innerJoin(services, and(eq(services.councilId, contractLines.councilId), eq(services.id, contractLines.serviceId)))
      .where(eq(contractLines.councilId, councilId)),
  ]);
  const streams = new Map<string, string[]>();
  for (const l of lineRows) streams.set(l.reference, [...(streams.get(l.reference) ?? []), l.stream]);
  const flags: ComplianceFlag[] = [];
  for (const r of rows) {
    const result = checkSimplerRecycling({
      on: day, division: council.bankHolidayDivision, nation: council.nation, employees: r.employees, contract: r.contract,
      streams: streams.get(r.contract.reference) ?? [],
    });
    if (!result.compliant) {
      flags.push({
        reference: r.contract.reference, customer: r.contract.customerId, customerName: r.customerName,
        uprn: r.contract.uprn, dutySince: result.dutySince!, findings: result.findings,
      });
    }
  }
  flags.sort((a, b) => (a.reference < b.reference ? -1 : 1));
  return { on: day, flags };
}

