/**
 * STAND-IN, replaced by branch `pay`'s lifecycle at merge (same signatures as announced there):
 * just enough to insert and submit a request so the bulky kind can be built and tested meanwhile.
 */
import { eq } from 'drizzle-orm';
import type { Tx } from '../../../db/client.ts';
import { residentRequests, type RequestKind } from '../../../db/schema/index.ts';
import type { ServiceContext } from '../../context.ts';
import type { RequestRow } from './kinds.ts';

export const HOLD_MINUTES = 30;

export async function insertRequest(
  tx: Tx,
  ctx: ServiceContext,
  input: { councilId: number; kind: RequestKind; uprn: number; amountPence: number; name: string; email: string; phone?: string | null; language: string; channel: string },
): Promise<RequestRow> {
  const now = ctx.clock.now();
  const [row] = await tx.insert(residentRequests).values({
    reference: `tmp-${crypto.randomUUID()}`, councilId: input.councilId, kind: input.kind, uprn: input.uprn,
    amountPence: input.amountPence, name: input.name, email: input.email, phone: input.phone ?? null,
    language: input.language, channel: input.channel, holdUntil: new Date(now.getTime() + HOLD_MINUTES * 60_000),
    createdAt: now, updatedAt: now,
  }).returning();
  const reference = `BW-26-${String(row.id).padStart(6, '0')}`;
  await tx.update(residentRequests).set({ reference }).where(eq(residentRequests.id, row.id));
  return { ...row, reference } as RequestRow;
}

export async function submitRequest(ctx: ServiceContext, build: (tx: Tx) => Promise<RequestRow>) {
  const request = await (ctx.db as any).transaction((tx: Tx) => build(tx)) as RequestRow;
  return { request, payment: { nextUrl: `http://localhost/pay/${request.id}` } };
}
