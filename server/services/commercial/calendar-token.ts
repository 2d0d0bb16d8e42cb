/**
 * The private calendar link of a contract: `/calendars/contracts/{reference}.ics?token=…`. Only the
 * SHA-256 of the token is stored; issuing a new token (or revoking) makes the old link stop working.
 * The token is shown once, when issued.
 */
import { and, eq } from 'drizzle-orm';
import { contracts } from '../../../db/schema/index.ts';
import type { ServiceContext } from '../../context.ts';
import { randomToken, sha256 } from '../auth.ts';
import { contractForUser } from './access.ts';

export const contractCalendarPath = (reference: string, token: string) =>
  `/calendars/contracts/${encodeURIComponent(reference)}.ics?token=${encodeURIComponent(token)}`;

export async function issueCalendarToken(ctx: ServiceContext, reference: string): Promise<{ token: string; path: string }> {
  const contract = await contractForUser(ctx, reference);
  const token = randomToken(24);
  await ctx.db.update(contracts).set({ calendarTokenHash: sha256(token) })
    .where(and(eq(contracts.councilId, contract.councilId), eq(contracts.reference, contract.reference)));
  return { token, path: contractCalendarPath(contract.reference, token) };
}

export async function revokeCalendarToken(ctx: ServiceContext, reference: string): Promise<void> {
  const contract = await contractForUser(ctx, reference);
  await ctx.db.update(contracts).set({ calendarTokenHash: null })
    .where(and(eq(contracts.councilId, contract.councilId), eq(contracts.reference, contract.reference)));
}

export async function hasCalendarToken(ctx: ServiceContext, reference: string): Promise<boolean> {
  const contract = await contractForUser(ctx, reference);
  return contract.calendarTokenHash !== null;
}
