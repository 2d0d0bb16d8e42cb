/**
 * Change alerts (kind `changes`). Found by a job, not written inside each change's transaction: a
 * collection changes through exceptions (services/changes/exceptions.ts), "round not completed"
 * catch-up moves (changes/not-completed.ts) and bank-holiday moves, and the last are not events at
 * all but standing rules. So every minute, per council, the schedule of the next CHANGE_WINDOW_DAYS
 * is worked out per round (everything applied) and each moved or cancelled collection is compared
 * with what was already told: `alert_changes_sent` holds (subscription, change key), and one
 * statement inserts the new keys and queues one email per subscription listing only them. A change
 * is told once; the same collection moved again elsewhere is a new change and is told again.
 *
 * A change that goes away (an officer withdraws the exception, a bank holiday is removed) leaves a
 * collection in the window back on its base day while its change keys are still on record: the
 * same statement deletes those keys and tells the subscriber the collection is back on its usual
 * day. Deleting is what makes it once (a rerun finds no keys; of two instances, only the one whose
 * delete took the rows queues the email), and it lets a later move of that collection be told again.
 */
import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../../context.ts';
import { addDays, localDateAt } from '../../domain/dates.ts';
import { LANGS, translate, type Lang } from '../../../web/i18n/index.ts';
import { longDate } from '../../../web/i18n/dates.ts';
import { PUBLIC_URL_TOKEN } from '../outbox.ts';
import { loadCouncilSchedule } from '../schedule.ts';
import { linesFor, roundOccurrences, serviceName } from './round-lines.ts';
import { BULK_TIMEOUT_MS } from './reminders.ts';
import { unsubscribeTokenTimes } from './tokens.ts';

/** Collections this far ahead are watched; a change further out is told when it comes this close. */
export const CHANGE_WINDOW_DAYS = 14;

const rowsOf = (result: unknown): any[] => ((result as any).rows ?? result) as any[];

export async function queueChangeAlerts(ctx: ServiceContext, input: { councilId: number; mailto?: string }): Promise<number> {
  const schedule = await loadCouncilSchedule(ctx, input.councilId);
  const { council } = schedule;
  const now = ctx.clock.now();
  const today = localDateAt(now, council.timezone);
  const occurrences = roundOccurrences(schedule, today, addDays(today, CHANGE_WINDOW_DAYS), true);
  const changed = occurrences.filter((o) => (o.changed || o.cancelled) && (o.date === null || o.date >= today));
  // On their base day, unchanged: keyed `service|base date`, the first two parts of a change key.
  const usual = occurrences.filter((o) => !o.changed && !o.cancelled && o.date === o.originalDate && o.date >= today);
  if (!changed.length && !usual.length) return 0;
  const restored = linesFor(
    usual,
    (o, lang) => `- ${translate(lang, 'alerts.change_restored', { service: serviceName(schedule, o.service, lang), date: longDate(lang, o.originalDate) })}`,
    (o) => `${o.service}|${o.originalDate}`,
  );
  const lines = linesFor(
    changed,
    (o, lang) => {
      const params = { service: serviceName(schedule, o.service, lang), was: longDate(lang, o.originalDate), date: o.date ? longDate(lang, o.date) : '', reason: o.reason ?? '' };
      if (o.cancelled || !o.date) return `- ${translate(lang, o.reason ? 'alerts.change_cancelled_because' : 'alerts.change_cancelled', params)}`;
      return `- ${translate(lang, o.reason ? 'alerts.change_moved_because' : 'alerts.change_moved', params)}`;
    },
    (o) => `${o.service}|${o.originalDate}|${o.date ?? 'cancelled'}`,
  );
  const subjects = JSON.stringify(Object.fromEntries(LANGS.map((l: Lang) => [l, translate(l, 'alerts.change_subject')])));
  const bodies = JSON.stringify(Object.fromEntries(LANGS.map((l: Lang) => [l, [
    translate(l, 'alerts.change_intro'), '', '{lines}', '',
    translate(l, 'alerts.email_calendar', { url: `${PUBLIC_URL_TOKEN}/calendars/properties/{uprn}.ics` }),
    '', translate(l, 'alerts.email_unsubscribe_link', { url: `${PUBLIC_URL_TOKEN}/alerts/unsubscribe/{unsubscribe}` }),
    '', council.name,
  ].join('\n')])));
  const at = now.toISOString();
  const tokenTimes = unsubscribeTokenTimes();
  const mailto = input.mailto ? `, <mailto:${input.mailto}?subject=unsubscribe>` : '';
  // One statement for the whole council: in a transaction of its own with the server's per-query
  // bound (KERBSIDE_DB_STATEMENT_TIMEOUT, made for requests) raised, since 100,000 rows take longer.
  const result = await ctx.db.transaction(async (tx) => {
    await tx.execute(sql.raw(`set local statement_timeout = ${BULK_TIMEOUT_MS}`));
    return tx.execute(sql`
    with lines as (
      select * from jsonb_to_recordset(${JSON.stringify(lines)}::text::jsonb) as l(round text, lang text, line text, key text)
    ), restored_lines as (
      select * from jsonb_to_recordset(${JSON.stringify(restored)}::text::jsonb) as l(round text, lang text, line text, key text)
    ), candidates as (
      select distinct s.id, s.email, s.language, s.uprn, p.address, l.key, l.line
      from alert_subscriptions s
      join properties p on p.uprn = s.uprn
      join assignments a on a.council_id = s.council_id and a.uprn = s.uprn
        and a."from" <= ${addDays(today, CHANGE_WINDOW_DAYS)}::date and (a."to" is null or a."to" >= ${today}::date)
      join lines l on l.round = a.round_id and l.lang = s.language
      where s.council_id = ${council.id}::int and s.confirmed_at is not null and s.unsubscribed_at is null
        and s.kinds @> '["changes"]'::jsonb
        and not exists (select 1 from alert_changes_sent c where c.subscription_id = s.id and c.change_key = l.key)
    ), told as (
      insert into alert_changes_sent (subscription_id, change_key, queued_at)
      select distinct id, key, ${at}::timestamptz from candidates
      on conflict do nothing
      returning subscription_id, change_key
    ), back as (
      -- Starts from the keys on record (few), not from every subscription.
      delete from alert_changes_sent c
      using alert_subscriptions s, assignments a, restored_lines l
      where c.subscription_id = s.id and s.council_id = ${council.id}::int
        and s.confirmed_at is not null and s.unsubscribed_at is null and s.kinds @> '["changes"]'::jsonb
        and a.council_id = s.council_id and a.uprn = s.uprn
        and a."from" <= ${addDays(today, CHANGE_WINDOW_DAYS)}::date and (a."to" is null or a."to" >= ${today}::date)
        and l.round = a.round_id and l.lang = s.language
        and l.key = split_part(c.change_key, '|', 1) || '|' || split_part(c.change_key, '|', 2)
      returning c.subscription_id as id, l.line
    ), told_lines as (
      select c.id, c.line from candidates c join told t on t.subscription_id = c.id and t.change_key = c.key
      union all
      select b.id, b.line from back b
    ), fresh as materialized (
      select s.id, s.email, s.language, s.uprn, p.address, string_agg(distinct tl.line, E'\n' order by tl.line) as lines,
        replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '') as token
      from told_lines tl join alert_subscriptions s on s.id = tl.id join properties p on p.uprn = s.uprn
      group by s.id, s.email, s.language, s.uprn, p.address
    ), tokens as (
      insert into alert_tokens (token_hash, purpose, email, subscription_id, created_at, expires_at)
      select encode(sha256(convert_to(token, 'UTF8')), 'hex'), 'unsubscribe', email, id, ${tokenTimes.at}::timestamptz, ${tokenTimes.expires}::timestamptz from fresh
    ), queued as (
      insert into outbox (council_id, kind, recipient, subject, body, payload, created_at, next_attempt_at)
      select ${council.id}::int, 'alert.change', f.email,
        coalesce((${subjects}::text::jsonb) ->> f.language, (${subjects}::text::jsonb) ->> 'en'),
        replace(replace(replace(replace(coalesce((${bodies}::text::jsonb) ->> f.language, (${bodies}::text::jsonb) ->> 'en'),
          '{address}', f.address), '{uprn}', f.uprn::text), '{unsubscribe}', f.token), '{lines}', f.lines),
        jsonb_build_object('headers', jsonb_build_object(
          'List-Unsubscribe', '<' || ${PUBLIC_URL_TOKEN}::text || '/alerts/unsubscribe/' || f.token || '>' || ${mailto}::text,
          'List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'), 'subscription', f.id),
        ${at}::timestamptz, ${tokenTimes.at}::timestamptz
      from fresh f
      returning 1
    )
    select count(*)::int as n from queued`);
  });
  return Number(rowsOf(result)[0]?.n ?? 0);
}

export async function queueAllChangeAlerts(ctx: ServiceContext, options: { mailto?: string } = {}): Promise<number> {
  const ids = rowsOf(await ctx.db.execute(sql`select distinct council_id from alert_subscriptions where confirmed_at is not null and unsubscribed_at is null`));
  let n = 0;
  for (const { council_id } of ids) n += await queueChangeAlerts(ctx, { councilId: Number(council_id), mailto: options.mailto });
  return n;
}
