/**
 * Two app instances on one PostgreSQL (two pools, two createApp()s) behave as one: a session made
 * on one works on the other, the rate limit counts across both, each outbox message is sent once
 * with both deliverers running at once, and a scheduled job slot runs once. The test owns its
 * PostgreSQL (test/support/own-postgres.ts), so it runs the same in the PGlite and PostgreSQL CI runs.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../db/client.ts';
import type { OutgoingMessage, Sender } from '../../server/services/mailer.ts';
import { deliverOutbox } from '../../server/services/outbox.ts';
import { runJobSlot, type Job } from '../../server/services/jobs/runner.ts';
import { buildTestApp } from '../support/app.ts';
import { startOwnPostgres, type OwnPostgres } from '../support/own-postgres.ts';
import { HOME, jsonPost, report, resetReports, rows, seedCouncils, signIn, WEDNESDAY } from './reports-setup.ts';

let pg: OwnPostgres;
let one: Database;
let two: Database;

beforeAll(async () => {
  pg = await startOwnPostgres();
  one = await openDatabase({ url: pg.url, max: 5 });
  two = await openDatabase({ url: pg.url, max: 5 });
  await one.migrate();
  await seedCouncils(one);
}, 120_000);

afterAll(async () => {
  await one?.close();
  await two?.close();
  await pg?.destroy();
});

test('a session made on one instance works on the other; signing out on it ends it everywhere', async () => {
  await resetReports(one);
  const a = buildTestApp(one, WEDNESDAY);
  const b = buildTestApp(two, WEDNESDAY);
  const cookie = await signIn(a, 'testshire', 'officer');
  const me = await b.app.request('/api/v1/auth/me', { headers: { cookie } });
  expect(me.status).toBe(200);
  expect((await me.json()).role).toBe('officer');
  expect((await b.app.request('/api/v1/auth/logout', jsonPost({}, { cookie }))).status).toBe(204);
  expect((await a.app.request('/api/v1/auth/me', { headers: { cookie } })).status).toBe(401);
});

test('the public write limit counts across both instances', async () => {
  await resetReports(one);
  const a = buildTestApp(one, WEDNESDAY, { rateLimitPerMinute: 3 });
  const b = buildTestApp(two, WEDNESDAY, { rateLimitPerMinute: 3 });
  const statuses: number[] = [];
  for (const [i, t] of [a, b, a, b].entries()) {
    const res = await t.app.request('/api/v1/missed-reports', jsonPost(report({ service: i % 2 ? 'food' : 'refuse', uprn: HOME })));
    statuses.push(res.status);
  }
  // Three writes pass in all (whatever each answers), the fourth is limited though it is only b's second.
  expect(statuses.slice(0, 3)).not.toContain(429);
  expect(statuses[3]).toBe(429);
});

test('each outbox message is sent once in total with both deliverers running at once', async () => {
  await resetReports(one);
  const now = new Date('2026-09-02T09:00:00Z').toISOString();
  for (let i = 0; i < 40; i++) {
    await one.db.execute(sql`insert into outbox (kind, recipient, subject, body, created_at, next_attempt_at)
      values ('test', ${`r${i}@example.org`}, 's', 'b', ${now}, ${now})`);
  }
  const sent: OutgoingMessage[] = [];
  const slow: Sender = { async send(m) { await Bun.sleep(5); sent.push(m); } };
  const a = buildTestApp(one, WEDNESDAY).deps;
  const b = buildTestApp(two, WEDNESDAY).deps;
  const rounds = await Promise.all([
    ...Array.from({ length: 3 }, () => deliverOutbox(a, slow, { batch: 7 })),
    ...Array.from({ length: 3 }, () => deliverOutbox(b, slow, { batch: 7 })),
    deliverOutbox(a, slow, { batch: 7 }).then(() => deliverOutbox(b, slow)),
  ]);
  for (let i = 0; i < 3; i++) await Promise.all([deliverOutbox(a, slow), deliverOutbox(b, slow)]);
  expect(rounds.length).toBe(7);
  expect(sent).toHaveLength(40);
  expect(new Set(sent.map((m) => m.to)).size).toBe(40);
  const [left] = rows(await one.db.execute(sql`select count(*)::int as n from outbox where sent_at is null`));
  expect(left.n).toBe(0);
});

test('a scheduled job slot runs once across both instances', async () => {
  await one.db.execute(sql`delete from job_runs`);
  let runs = 0;
  const job: Job = { name: 'reminders', everyMs: 3_600_000, run: async () => { runs++; await Bun.sleep(50); } };
  const at = () => 1_800_000_000_000;
  const outcomes = await Promise.all(
    Array.from({ length: 10 }, (_, i) => runJobSlot(i % 2 ? two.db : one.db, job, { holder: i % 2 ? 'two' : 'one', nowMs: at })),
  );
  expect(runs).toBe(1);
  expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
  const [row] = rows(await two.db.execute(sql`select outcome from job_runs where name = 'reminders'`));
  expect(row.outcome).toBe('ok');
});
