/**
 * Report updates (kind `reports`): when an officer updates a report at a property, its confirmed
 * `reports` subscribers are told, in the same transaction as the update (call with its `tx`). The
 * reporter is left out here: they already get the report's own email.
 */
import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { LANGS, translate, type Lang } from '../../../web/i18n/index.ts';
import { PUBLIC_URL_TOKEN } from '../outbox.ts';
import { unsubscribeTokenTimes } from './tokens.ts';

export async function queueReportAlerts(
  ctx: ServiceContext,
  input: { councilId: number; uprn: number; reference: string; status: string; note?: string | null; reporterEmail?: string | null },
): Promise<void> {
  const at = ctx.clock.now().toISOString();
  const tokenTimes = unsubscribeTokenTimes();
  const text = (l: Lang) => ({
    subject: translate(l, 'alerts.report_subject', { reference: input.reference }),
    body: [
      translate(l, 'alerts.report_intro', { reference: input.reference, status: translate(l, `report_status.${input.status as 'open'}`) }),
      ...(input.note ? ['', input.note] : []),
      '', translate(l, 'alerts.report_track', { url: `${PUBLIC_URL_TOKEN}/reports/${input.reference}` }),
      '', translate(l, 'alerts.email_unsubscribe_link', { url: `${PUBLIC_URL_TOKEN}/alerts/unsubscribe/{unsubscribe}` }),
    ].join('\n'),
  });
  const subjects = JSON.stringify(Object.fromEntries(LANGS.map((l) => [l, text(l).subject])));
  const bodies = JSON.stringify(Object.fromEntries(LANGS.map((l) => [l, text(l).body])));
  await ctx.db.execute(sql`
    with fresh as materialized (
      select s.id, s.email, s.language, replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '') as token
      from alert_subscriptions s
      where s.council_id = ${input.councilId}::int and s.uprn = ${input.uprn}::bigint and s.confirmed_at is not null
        and s.unsubscribed_at is null and s.kinds @> '["reports"]'::jsonb and s.email <> lower(${input.reporterEmail ?? ''}::text)
    ), tokens as (
      insert into alert_tokens (token_hash, purpose, email, subscription_id, created_at, expires_at)
      select encode(sha256(convert_to(token, 'UTF8')), 'hex'), 'unsubscribe', email, id, ${tokenTimes.at}::timestamptz, ${tokenTimes.expires}::timestamptz from fresh
    )
    insert into outbox (council_id, kind, recipient, subject, body, payload, created_at, next_attempt_at)
    select ${input.councilId}::int, 'alert.report', f.email,
      coalesce((${subjects}::text::jsonb) ->> f.language, (${subjects}::text::jsonb) ->> 'en'),
      replace(coalesce((${bodies}::text::jsonb) ->> f.language, (${bodies}::text::jsonb) ->> 'en'), '{unsubscribe}', f.token),
      jsonb_build_object('headers', jsonb_build_object(
        'List-Unsubscribe', '<' || ${PUBLIC_URL_TOKEN}::text || '/alerts/unsubscribe/' || f.token || '>',
        'List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'), 'subscription', f.id, 'reference', ${input.reference}::text),
      ${at}::timestamptz, ${tokenTimes.at}::timestamptz
    from fresh f`);
}
