/**
 * "Your email alerts" on Your account: the alerts sent to the resident's verified email at their
 * council, one line per property, with whether they are on, waiting to be confirmed or stopped.
 * Changing them stays on the emailed manage link (docs/alerts.md).
 */
import { and, eq } from 'drizzle-orm';
import { alertSubscriptions, properties } from '../../../db/schema/index.ts';
import { translate } from '../../../web/i18n/index.ts';
import type { AccountContext, AccountSection } from './registry.ts';

export async function alertsSection(ctx: AccountContext, email: string): Promise<AccountSection> {
  const rows = await ctx.db
    .select({
      uprn: alertSubscriptions.uprn, address: properties.address,
      confirmedAt: alertSubscriptions.confirmedAt, unsubscribedAt: alertSubscriptions.unsubscribedAt,
    })
    .from(alertSubscriptions)
    .innerJoin(properties, eq(properties.uprn, alertSubscriptions.uprn))
    .where(and(eq(alertSubscriptions.councilId, ctx.councilId), eq(alertSubscriptions.email, email.toLowerCase()) /* stored lower-cased: the email index serves it */))
    .orderBy(properties.address)
    .limit(50);
  return {
    id: 'alerts',
    title: 'account.alerts_title',
    empty: 'account.alerts_empty',
    items: rows.map((r) => ({
      title: r.address,
      status: translate(ctx.lang, r.unsubscribedAt ? 'alerts.status_ended' : r.confirmedAt ? 'alerts.status_active' : 'alerts.status_pending'),
      href: `/property/${r.uprn}`,
    })),
  };
}
