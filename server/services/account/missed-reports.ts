/**
 * The "Missed collections you reported" section of Your account: the resident's reports at their
 * council, matched by the verified email they signed in with (the email they gave on the report
 * form, compared case-insensitively), newest first, each linking to its status page.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { missedReports, properties, services } from '../../../db/schema/index.ts';
import { statusLabel } from '../../../web/pages/format.ts';
import { pick } from '../../../web/i18n/names.ts';
import type { AccountContext, AccountSection } from './registry.ts';

/** Enough for one page; older reports stay findable by reference. */
const MOST = 50;

export async function missedReportsSection(ctx: AccountContext, email: string): Promise<AccountSection> {
  const rows = await ctx.db
    .select({
      reference: missedReports.reference, status: missedReports.status, date: missedReports.collectionDate,
      address: properties.address, service: services.name, names: services.names,
    })
    .from(missedReports)
    .innerJoin(properties, eq(properties.uprn, missedReports.uprn))
    .leftJoin(services, and(eq(services.councilId, missedReports.councilId), eq(services.id, missedReports.serviceId)))
    .where(and(eq(missedReports.councilId, ctx.councilId), sql`lower(${missedReports.reporterEmail}) = ${email.toLowerCase()}`))
    .orderBy(desc(missedReports.createdAt))
    .limit(MOST);
  return {
    id: 'missed-reports',
    title: 'account.reports_title',
    empty: 'account.reports_empty',
    items: rows.map((r) => ({
      title: `${r.service ? pick(r.service, r.names, ctx.lang) : ''} · ${r.address} (${r.reference})`,
      status: statusLabel(r.status, ctx.lang),
      date: r.date,
      href: `/reports/${r.reference}`,
    })),
  };
}
