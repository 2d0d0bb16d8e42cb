/**
 * The evening-before reminder (DESIGN.md "Notifications", "Clock"): once the council-local time is
 * at or past a subscription's `remindAt` on the day before a collection, one email per subscription
 * naming every bin due tomorrow, moved dates with their reason, the calendar link and an unsubscribe
 * link. One statement per council queues them all (insert … select): the sent-record (primary key
 * subscription + collection date), the unsubscribe token and the outbox row are written together,
 * and only for sent-records that were new, so a rerun, a restart or a second instance queues nothing twice.
 */
import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { addDays, localDateAt, localTimeAt } from '../../domain/dates.ts';
import { LANGS, translate, type Lang } from '../../../web/i18n/index.ts';
import { longDate } from '../../../web/i18n/dates.ts';
import { PUBLIC_URL_TOKEN } from '../outbox.ts';
import { loadCouncilSchedule } from '../schedule.ts';
import { linesFor, roundOccurrences, serviceName } from './round-lines.ts';
import { unsubscribeTokenTimes } from './tokens.ts';

/** Bound for one council's bulk statement. */
export const BULK_TIMEOUT_MS = 300_000;

const rowsOf = (result: unknown): any[] => ((result as any).rows ?? result) as any[];

/** Per language: subject and body with `{address}`, `{uprn}`, `{bins}`, `{unsubscribe}` left for SQL to fill. */
function reminderTemplates(tomorrow: string, council: string) {
  return Object.fromEntries(LANGS.map((lang) => [lang, {
    subject: translate(lang, 'alerts.reminder_subject', { date: longDate(lang, tomorrow) }),
    body: [
      translate(lang, 'alerts.reminder_intro', { date: longDate(lang, tomorrow) }),
      '', '{bins}', '',
      translate(lang, 'alerts.email_calendar', { url: `${PUBLIC_URL_TOKEN}/calendars/properties/{uprn}.ics` }),
      '', translate(lang, 'alerts.email_unsubscribe_link', { url: `${PUBLIC_URL_TOKEN}/alerts/unsubscribe/{unsubscribe}` }),
      '', council,
    ].join('\n'),
  }])) as Record<Lang, { subject: string; body: string }>;
}


export interface ReminderReport { councilId: number; date: string; queued: number }

/** Queues the reminders that are due now for one council; returns how many were queued. */
export async function queueReminders(ctx: ServiceContext, input: { councilId: number; mailto?: string }): Promise<ReminderReport> {
  const schedule = await loadCouncilSchedule(ctx, input.councilId);
  const { council } = schedule;
  const now = ctx.clock.now();
  const today = localDateAt(now, council.timezone);
  const tomorrow = addDays(today, 1);
  const time = localTimeAt(now, council.timezone);
  const due = roundOccurrences(schedule, tomorrow, tomorrow).filter((o) => o.date === tomorrow);
  if (!due.length) return { councilId: council.id, date: tomorrow, queued: 0 };
  const lines = linesFor(due, (o, lang) => {
    const s = schedule.services.get(o.service);
    const head = `- ${serviceName(schedule, o.service, lang)}${s?.container ? ` (${s.container})` : ''}`;
    if (!o.changed) return head;
    const was = longDate(lang, o.originalDate);
    return `${head}: ${o.reason ? translate(lang, 'alerts.reminder_moved_because', { was, reason: o.reason }) : translate(lang, 'alerts.reminder_moved', { was })}`;
  });
  const t = reminderTemplates(tomorrow, council.name);
  const subjects = JSON.stringify(Object.fromEntries(LANGS.map((l) => [l, t[l].subject])));
  const bodies = JSON.stringify(Object.fromEntries(LANGS.map((l) => [l, t[l].body])));
  const tokenTimes = unsubscribeTokenTimes();
  const mailto = input.mailto ? `, <mailto:${input.mailto}?subject=unsubscribe>` : '';
  // One statement for the whole council: in a transaction of its own with the server's per-query
  // bound (KERBSIDE_DB_STATEMENT_TIMEOUT, made for requests) raised, since 100,000 rows take longer.
  const result = await ctx.db.transaction(async (tx) => {
    await tx.execute(sql.raw(`set local statement_timeout = ${BULK_TIMEOUT_MS}`));
    return tx.execute(sql`
    with lines as (
      select * from jsonb_to_recordset(${JSON.stringify(lines)}::text::jsonb) as l(round text, lang text, line text)
    ), due as materialized (
      select s.id, s.email, s.language, s.uprn, p.address,
        string_agg(distinct l.line, E'\n' order by l.line) as bins,
        replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '') as token
      from alert_subscriptions s
      join properties p on p.uprn = s.uprn
      join assignments a on a.council_id = s.council_id and a.uprn = s.uprn
        and a."from" <= ${tomorrow}::date and (a."to" is null or a."to" >= ${tomorrow}::date)
      join lines l on l.round = a.round_id and l.lang = s.language
      where s.council_id = ${council.id}::int and s.confirmed_at is not null and s.unsubscribed_at is null
        and s.kinds @> '["reminder"]'::jsonb and s.remind_at <= ${time}::text
        and not exists (select 1 from alert_reminders_sent r where r.subscription_id = s.id and r.collection_date = ${tomorrow}::date)
      group by s.id, s.email, s.language, s.uprn, p.address
    ), sent as (
      insert into alert_reminders_sent (subscription_id, collection_date, queued_at)
      select id, ${tomorrow}::date, ${now.toISOString()}::timestamptz from due
      on conflict do nothing
      returning subscription_id
    ), fresh as (
      select due.* from due join sent on sent.subscription_id = due.id
    ), tokens as (
      insert into alert_tokens (token_hash, purpose, email, subscription_id, created_at, expires_at)
      select encode(sha256(convert_to(token, 'UTF8')), 'hex'), 'unsubscribe', email, id, ${tokenTimes.at}::timestamptz, ${tokenTimes.expires}::timestamptz from fresh
    ), queued as (
      insert into outbox (council_id, kind, recipient, subject, body, payload, created_at, next_attempt_at)
      select ${council.id}::int, 'alert.reminder', f.email,
        coalesce((${subjects}::text::jsonb) ->> f.language, (${subjects}::text::jsonb) ->> 'en'),
        replace(replace(replace(replace(coalesce((${bodies}::text::jsonb) ->> f.language, (${bodies}::text::jsonb) ->> 'en'),
          '{address}', f.address), '{uprn}', f.uprn::text), '{unsubscribe}', f.token), '{bins}', f.bins),
        jsonb_build_object(
          'headers', jsonb_build_object(
            'List-Unsubscribe', '<' || ${PUBLIC_URL_TOKEN}::text || '/alerts/unsubscribe/' || f.token || '>' || ${mailto}::text,
            'List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'),
          'subscription', f.id, 'date', ${tomorrow}::text),
        ${now.toISOString()}::timestamptz, ${tokenTimes.at}::timestamptz
      from fresh f
      returning 1
    )
    select count(*)::int as n from queued`);
  });
  return { councilId: council.id, date: tomorrow, queued: Number(rowsOf(result)[0]?.n ?? 0) };
}

/** Every council's due reminders (the scheduled job). */
export async function queueAllReminders(ctx: ServiceContext, options: { mailto?: string } = {}): Promise<ReminderReport[]> {
  const ids = rowsOf(await ctx.db.execute(sql`select distinct council_id from alert_subscriptions where confirmed_at is not null and unsubscribed_at is null`));
  const out: ReminderReport[] = [];
  for (const { council_id } of ids) out.push(await queueReminders(ctx, { councilId: Number(council_id), mailto: options.mailto }));
  return out;
}
