/**
 * Two Kerbside instances on one PostgreSQL (two pools, two apps, as test/api/multi-instance.test.ts
 * builds them) queue and send each evening reminder once: both run the reminder job at the same
 * moment, both deliver through the same SMTP server, and a restart (new pools) queues nothing more.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../db/client.ts';
import { smtpSender } from '../../server/services/mail/index.ts';
import { deliverOutbox } from '../../server/services/outbox.ts';
import { alertsJob, runAlerts } from '../../server/services/jobs/alerts-job.ts';
import { runJobSlot } from '../../server/services/jobs/runner.ts';
import { buildTestApp } from '../support/app.ts';
import { startOwnPostgres, type OwnPostgres } from '../support/own-postgres.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import { HOME, NEIGHBOUR, rows, seedCouncils } from './reports-setup.ts';

const EVENING = '2026-12-06T18:05:00Z';
let pg: OwnPostgres;
let one: Database;
let two: Database;
let smtp: TestSmtp;

beforeAll(async () => {
  pg = await startOwnPostgres();
  one = await openDatabase({ url: pg.url, max: 5 });
  two = await openDatabase({ url: pg.url, max: 5 });
  await one.migrate();
  await seedCouncils(one);
  smtp = await startSmtp();
  // 60 confirmed subscribers over two Monday properties.
  await one.db.execute(sql`
    insert into alert_subscriptions (council_id, uprn, email, kinds, remind_at, language, created_at, confirmed_at)
    select p.council_id, p.uprn, 'r' || g || '-' || p.uprn || '@example.org', '["reminder"]'::jsonb, '18:00', 'en', now(), now()
    from properties p, generate_series(1, 30) g where p.uprn in (${Number(HOME)}, ${Number(NEIGHBOUR)})`);
}, 120_000);

afterAll(async () => {
  await smtp?.close();
  await one?.close();
  await two?.close();
  await pg?.destroy();
});

test('both instances run the reminders at once and deliver at once: each reminder is sent exactly once', async () => {
  const a = buildTestApp(one, EVENING).deps;
  const b = buildTestApp(two, EVENING).deps;
  // The job runner lets one instance have the slot; the unique sent-record guards even without it.
  const at = () => 1_900_000_000_000;
  const outcomes = await Promise.all([
    runJobSlot(one.db, alertsJob(a), { holder: 'one', nowMs: at }),
    runJobSlot(two.db, alertsJob(b), { holder: 'two', nowMs: at }),
    runAlerts(a), runAlerts(b), runAlerts(a), runAlerts(b),
  ]);
  expect(outcomes.slice(0, 2).sort()).toEqual(['ok', 'skipped']);
  const [queued] = rows(await one.db.execute(sql`select count(*)::int as n from outbox where kind = 'alert.reminder'`));
  expect(queued.n).toBe(60);
  const send = smtpSender(smtp.url, 'Kerbside <alerts@example.org>', 3000);
  await Promise.all([
    deliverOutbox(a, send, { batch: 7 }), deliverOutbox(b, send, { batch: 7 }),
    deliverOutbox(a, send, { batch: 7 }), deliverOutbox(b, send, { batch: 7 }),
  ]);
  for (let i = 0; i < 6; i++) await Promise.all([deliverOutbox(a, send), deliverOutbox(b, send)]);
  await smtp.waitFor(60);
  await Bun.sleep(200);
  expect(smtp.mails).toHaveLength(60);
  expect(new Set(smtp.mails.map((m) => m.to[0])).size).toBe(60);
});

test('after a restart (new pools, same evening) nothing is queued again', async () => {
  await one.close();
  await two.close();
  one = await openDatabase({ url: pg.url, max: 5 });
  two = await openDatabase({ url: pg.url, max: 5 });
  const later = '2026-12-06T21:00:00Z';
  const [ra, rb] = await Promise.all([runAlerts(buildTestApp(one, later).deps), runAlerts(buildTestApp(two, later).deps)]);
  expect(ra.reminders + rb.reminders).toBe(0);
  const [queued] = rows(await one.db.execute(sql`select count(*)::int as n from outbox where kind = 'alert.reminder'`));
  expect(queued.n).toBe(60);
});
