/**
 * The one call for writers whose change the lookup cannot see in the rows it reads (docs/lookup.md
 * "The rule for writers"): assignments, rounds, round periods, services, exceptions, bank holidays.
 * Bumps `councils.schedule_version`, which gives the council row a new version, so every cached plan
 * and answer for the council's properties is rebuilt on its next request, in every instance.
 * Call it inside the write's own transaction (pass the transaction handle).
 */
import { eq, sql } from 'drizzle-orm';
import { councils } from '../../../db/schema/index.ts';
import type { ServiceContext } from '../../context.ts';

export async function scheduleChanged(db: ServiceContext['db'], councilId: number): Promise<void> {
  await db.update(councils).set({ scheduleVersion: sql`${councils.scheduleVersion} + 1` }).where(eq(councils.id, councilId));
}
