/**
 * Who may see a contract: an officer (or admin) of the contract's council, or the contract's own
 * customer. Another council's officer gets 403; a customer asking for someone else's contract gets
 * 404, exactly as if it did not exist, so references cannot be probed.
 */
import { and, asc, eq } from 'drizzle-orm';
import { contractLines, contracts, councils, customers, properties, services } from '../../../db/schema/index.ts';
import type { ServiceContext, SessionUser } from '../../context.ts';
import { forbidden, notFound, unauthorized } from '../../errors.ts';

export type ContractRow = typeof contracts.$inferSelect;
export type CustomerRow = typeof customers.$inferSelect;
export type LineRow = typeof contractLines.$inferSelect & { stream: string; serviceName: string };

const isStaff = (u: SessionUser) => u.role === 'officer' || u.role === 'admin';

/** The signed-in officer's council id, or 401/403. */
export function officerCouncil(ctx: ServiceContext): number {
  if (!ctx.user) throw unauthorized();
  if (!isStaff(ctx.user)) throw forbidden();
  return ctx.user.councilId;
}

/** The signed-in customer's (council, customer id), or 401/403. */
export function customerScope(ctx: ServiceContext): { councilId: number; customerId: string } {
  if (!ctx.user) throw unauthorized();
  if (ctx.user.role !== 'customer' || !ctx.user.customerId) throw forbidden();
  return { councilId: ctx.user.councilId, customerId: ctx.user.customerId };
}

export async function contractForUser(ctx: ServiceContext, reference: string): Promise<ContractRow> {
  const user = ctx.user;
  if (!user) throw unauthorized();
  if (!isStaff(user) && user.role !== 'customer') throw forbidden();
  const [row] = await ctx.db.select().from(contracts).where(eq(contracts.reference, reference));
  const missing = notFound(`No contract ${reference}`);
  if (!row) throw missing;
  if (isStaff(user)) {
    if (row.councilId !== user.councilId) throw forbidden('That contract belongs to another council.');
    return row;
  }
  if (row.councilId !== user.councilId || !user.customerId || row.customerId !== user.customerId) throw missing;
  return row;
}

export async function contractLinesOf(ctx: ServiceContext, contract: ContractRow): Promise<LineRow[]> {
  const rows = await ctx.db
    .select({ line: contractLines, stream: services.stream, serviceName: services.name })
    .from(contractLines)
    .innerJoin(services, and(eq(services.councilId, contractLines.councilId), eq(services.id, contractLines.serviceId)))
    .where(and(eq(contractLines.councilId, contract.councilId), eq(contractLines.contractReference, contract.reference)))
    .orderBy(asc(contractLines.id));
  return rows.map((r) => ({ ...r.line, stream: r.stream, serviceName: r.serviceName }));
}

export interface ContractDetail {
  contract: ContractRow;
  customer: CustomerRow;
  council: typeof councils.$inferSelect;
  site: typeof properties.$inferSelect;
  lines: LineRow[];
}

export async function contractDetail(ctx: ServiceContext, reference: string): Promise<ContractDetail> {
  const contract = await contractForUser(ctx, reference);
  const [[customer], [council], [site], lines] = await Promise.all([
    ctx.db.select().from(customers).where(and(eq(customers.councilId, contract.councilId), eq(customers.id, contract.customerId))),
    ctx.db.select().from(councils).where(eq(councils.id, contract.councilId)),
    ctx.db.select().from(properties).where(and(eq(properties.councilId, contract.councilId), eq(properties.uprn, contract.uprn))),
    contractLinesOf(ctx, contract),
  ]);
  if (!customer || !council || !site) throw notFound(`Contract ${reference} is incomplete`);
  return { contract, customer, council, site, lines };
}
