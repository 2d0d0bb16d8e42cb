/**
 * "Your requests" on Your account: the resident's garden subscriptions, bulky bookings and bin
 * requests at their council, matched by the verified email they signed in with (the email on the
 * request, case-insensitively), newest first, each linking to its status page.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { properties, residentRequests } from '../../../db/schema/index.ts';
import { translate } from '../../../web/i18n/index.ts';
import { KIND_KEY, STATUS_KEY } from '../requests/words.ts';
import type { AccountContext, AccountSection } from './registry.ts';

const MOST = 50;

export async function requestsSection(ctx: AccountContext, email: string): Promise<AccountSection> {
  const rows = await ctx.db
    .select({
      reference: residentRequests.reference, kind: residentRequests.kind, status: residentRequests.status,
      createdAt: residentRequests.createdAt, address: properties.address,
    })
    .from(residentRequests)
    .innerJoin(properties, eq(properties.uprn, residentRequests.uprn))
    .where(and(eq(residentRequests.councilId, ctx.councilId), sql`lower(${residentRequests.email}) = ${email.toLowerCase()}`))
    .orderBy(desc(residentRequests.createdAt))
    .limit(MOST);
  return {
    id: 'requests',
    title: 'account.requests_title',
    empty: 'account.requests_empty',
    items: rows.map((r) => ({
      title: `${translate(ctx.lang, KIND_KEY[r.kind])} · ${r.address} (${r.reference})`,
      status: translate(ctx.lang, STATUS_KEY[r.status]),
      href: `/requests/${r.reference}`,
    })),
  };
}
