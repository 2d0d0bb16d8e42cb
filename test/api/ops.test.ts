/** Operability: /ready, /metrics, request ids, unavailable errors, jobs that run once across instances. */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../db/client.ts';
import { isDatabaseUnavailable } from '../../db/unavailable.ts';
import { toDomainError } from '../../server/middleware/errors.ts';
import { runJobSlot, startJobs, type Job } from '../../server/services/jobs/runner.ts';
import { createMetrics } from '../../server/ops/metrics.ts';
import { buildTestApp } from '../support/app.ts';
import { openTestDatabase } from '../support/db.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

describe('/ready', () => {
  test('answers ready once the database answers and every migration is applied', async () => {
    const { app } = buildTestApp(database);
    const res = await app.request('/ready');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready' });
  });

  test('answers 503 unavailable on a database without the migrations', async () => {
    // A fresh PGlite with nothing migrated (independent of DATABASE_URL: it must not touch the shared one).
    const bare = await openDatabase();
    try {
      const { app } = buildTestApp(bare);
      const res = await app.request('/ready');
      expect(res.status).toBe(503);
      expect((await res.json()).error.code).toBe('unavailable');
      expect((await app.request('/health')).status).toBe(200); // alive, just not ready
    } finally {
      await bare.close();
    }
  });

  test('health and ready answer 503 with the JSON error shape when the database is closed', async () => {
    const gone = await openDatabase();
    await gone.migrate();
    const { app } = buildTestApp(gone);
    await gone.close();
    for (const path of ['/health', '/ready']) {
      const res = await app.request(path);
      expect(res.status).toBe(503);
      expect((await res.json()).error.code).toBe('unavailable');
    }
    const login = await app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@b.example', password: 'whatever' }),
    });
    expect(login.status).toBe(503);
    expect((await login.json()).error.code).toBe('unavailable');
  });
});

describe('request ids', () => {
  test('a sane incoming X-Request-Id is echoed; a missing or unsafe one is replaced', async () => {
    const { app } = buildTestApp(database);
    const mine = await app.request('/health', { headers: { 'x-request-id': 'lb-1234.abc' } });
    expect(mine.headers.get('x-request-id')).toBe('lb-1234.abc');
    const none = await app.request('/health');
    expect(none.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const unsafe = await app.request('/health', { headers: { 'x-request-id': 'x'.repeat(300) } });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const injected = await app.request('/health', { headers: { 'x-request-id': 'a b"c' } });
    expect(injected.headers.get('x-request-id')).not.toContain(' ');
  });

  test('error answers carry the id too', async () => {
    const { app } = buildTestApp(database);
    const res = await app.request('/api/v1/nothing', { headers: { 'x-request-id': 'req-404' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBe('req-404');
  });
});

describe('/metrics', () => {
  test('Prometheus text with requests counted by route template, never the raw path', async () => {
    const { app } = buildTestApp(database);
    await app.request('/api/v1/properties/100000000001');
    await app.request('/api/v1/properties/100000000002');
    await app.request('/no/such/page/abc123');
    const res = await app.request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/api\/v1\/properties\/:uprn",status="404"\} 2/);
    expect(text).toContain('http_request_duration_seconds_bucket{le="0.005",method="GET",route="/api/v1/properties/:uprn",status="404"}');
    expect(text).not.toContain('100000000001');
    expect(text).not.toContain('abc123');
    expect(text).toMatch(/route="unmatched",status="404"\} 1/);
    expect(text).toMatch(/^kerbside_db_up 1$/m);
    expect(text).toMatch(/^kerbside_outbox_depth 0$/m);
    expect(text).toMatch(/^kerbside_outbox_oldest_unsent_age_seconds 0$/m);
    expect(text).toContain('kerbside_db_pool_max');
  });

  test('each app counts only its own requests', async () => {
    const a = buildTestApp(database).app;
    const b = buildTestApp(database).app;
    await a.request('/health');
    await a.request('/health');
    await b.request('/health');
    expect(await (await b.request('/metrics')).text()).toMatch(/http_requests_total\{method="GET",route="\/health",status="200"\} 1\n/);
  });

  test('outbox depth and age are read at scrape time', async () => {
    const { app, clock } = buildTestApp(database);
    const created = new Date(clock.now().getTime() - 90_000).toISOString();
    await database.db.execute(sql`insert into outbox (kind, recipient, subject, body, created_at, next_attempt_at)
      values ('test', 'a@b.example', 's', 'b', ${created}, ${created}), ('test', 'c@d.example', 's', 'b', ${created}, ${created})`);
    try {
      const text = await (await app.request('/metrics')).text();
      expect(text).toMatch(/^kerbside_outbox_depth 2$/m);
      expect(text).toMatch(/^kerbside_outbox_oldest_unsent_age_seconds 90$/m);
    } finally {
      await database.db.execute(sql`delete from outbox where kind = 'test'`);
    }
  });

  test('with KERBSIDE_METRICS_TOKEN set, a bearer token is required', async () => {
    const { app } = buildTestApp(database, undefined, { metricsToken: 's3cret' });
    expect((await app.request('/metrics')).status).toBe(401);
    expect((await app.request('/metrics', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const ok = await app.request('/metrics', { headers: { authorization: 'Bearer s3cret' } });
    expect(ok.status).toBe(200);
  });
});

describe('database-unavailable errors', () => {
  test('driver and server errors that mean "cannot reach the database" become 503 unavailable', () => {
    const wrap = (cause: unknown) => Object.assign(new Error('Failed query: select 1'), { cause });
    const cases = [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('write CONNECTION_CLOSED'), { code: 'CONNECTION_CLOSED' }),
      Object.assign(new Error('write CONNECT_TIMEOUT'), { code: 'CONNECT_TIMEOUT' }),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
      Object.assign(new Error('connection failure'), { code: '08006' }),
      new Error('PGlite is closed'),
    ];
    for (const err of cases) {
      expect(isDatabaseUnavailable(wrap(err))).toBe(true);
      const e = toDomainError(wrap(err));
      expect([e.status, e.code]).toEqual([503, 'unavailable']);
    }
    // A bug or a bad query stays a 500 (and is logged).
    expect(isDatabaseUnavailable(wrap(Object.assign(new Error('syntax error'), { code: '42601' })))).toBe(false);
    expect(toDomainError(new TypeError('x is undefined')).status).toBe(500);
  });
});

describe('scheduled jobs', () => {
  test('two instances claiming the same slot run it once; the next slot runs again', async () => {
    await database.db.execute(sql`delete from job_runs`);
    let runs = 0;
    const job: Job = { name: 'test-once', everyMs: 60_000, run: async () => { runs++; await Bun.sleep(20); } };
    const a = createMetrics();
    const b = createMetrics();
    const at = () => 1_800_000_000_000;
    const outcomes = await Promise.all([
      runJobSlot(database.db, job, { holder: 'a', nowMs: at, metrics: a }),
      runJobSlot(database.db, job, { holder: 'b', nowMs: at, metrics: b }),
      runJobSlot(database.db, job, { holder: 'a', nowMs: at, metrics: a }),
    ]);
    expect(runs).toBe(1);
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'skipped')).toHaveLength(2);
    // Later the same slot is still taken; the next one runs.
    expect(await runJobSlot(database.db, job, { holder: 'b', nowMs: () => at() + 59_000 })).toBe('skipped');
    expect(await runJobSlot(database.db, job, { holder: 'b', nowMs: () => at() + 60_000 })).toBe('ok');
    expect(runs).toBe(2);
    const text = (await a.registry.metrics()) + (await b.registry.metrics());
    expect(text).toMatch(/kerbside_job_runs_total\{job="test-once",outcome="ok"\} 1/);
    expect(text).toMatch(/kerbside_job_runs_total\{job="test-once",outcome="skipped"\} /);
  });

  test('a failing job is recorded as failed and does not stop the scheduler', async () => {
    await database.db.execute(sql`delete from job_runs`);
    let calls = 0;
    const job: Job = { name: 'test-fail', everyMs: 100, run: async () => { calls++; throw new Error('boom'); } };
    const metrics = createMetrics();
    const scheduler = startJobs(database.db, [job], { metrics, holder: 'x' });
    await Bun.sleep(450);
    await scheduler.stop();
    expect(calls).toBeGreaterThanOrEqual(2);
    const [row] = ((r: any) => r.rows ?? r)(await database.db.execute(sql`select outcome, last_error from job_runs where name = 'test-fail'`));
    expect(row).toEqual({ outcome: 'failed', last_error: 'boom' });
    expect(await metrics.registry.metrics()).toMatch(/kerbside_job_runs_total\{job="test-fail",outcome="failed"\} \d/);
  });
});
