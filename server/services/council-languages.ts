/**
 * A council's languages (DESIGN.md "Languages"), the first its default: what the crew app follows
 * once it knows whose crew is signed in.
 */
import { eq } from 'drizzle-orm';
import { councils } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { isLang, type Lang } from '../../web/i18n/index.ts';

export async function councilLanguages(ctx: Pick<ServiceContext, 'db'>, councilId: number): Promise<Lang[]> {
  const [row] = await ctx.db.select({ languages: councils.languages }).from(councils).where(eq(councils.id, councilId));
  const list = (row?.languages ?? []).filter(isLang);
  return list.length ? list : ['en'];
}
