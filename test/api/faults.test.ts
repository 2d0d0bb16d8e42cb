/**
 * PostgreSQL stopped under load. The test owns its own PostgreSQL (test/support/own-postgres.ts) and
 * a real server process over it, so it runs the same on the PGlite and the PostgreSQL CI runs.
 * While the database is down, /health, /ready, sign-in and writes answer 503 `unavailable` within
 * 5 s (never a 500); within 5 s of it returning, service resumes by itself; every write answered
 * 2xx before the stop is still there.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../db/client.ts';
import { addUser } from '../../server/services/auth.ts';
import { startServer, type RunningServer } from '../e2e/support.ts';
import { startOwnPostgres, type OwnPostgres } from '../support/own-postgres.ts';
import { HOME, rows, seedCouncils } from './reports-setup.ts';

const NOW = '2026-09-01T09:00:00+01:00';
const PASSWORD = 'a long password';
let pg: OwnPostgres;
let database: Database;
let server: RunningServer;

beforeAll(async () => {
  pg = await startOwnPostgres();
  database = await openDatabase({ url: pg.url, max: 2 });
  await database.migrate();
  await seedCouncils(database);
  await addUser({ db: database.db, clock: { now: () => new Date(NOW) } }, { councilSlug: 'testshire', email: 'crew@testshire.example', password: PASSWORD, role: 'crew' });
  server = await startServer({ DATABASE_URL: pg.url, KERBSIDE_DEMO: 'off', KERBSIDE_NOW: NOW, KERBSIDE_LOG: 'off' });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await database?.close();
  await pg?.destroy();
});

interface Answer { status: number; code?: string; ms: number }

async function timed(path: string, init?: RequestInit): Promise<Answer> {
  const started = performance.now();
  try {
    const res = await fetch(server.base + path, { ...init, signal: AbortSignal.timeout(8000) });
    const text = await res.text();
    let code: string | undefined;
    try { code = JSON.parse(text)?.error?.code; } catch { /* not JSON */ }
    return { status: res.status, code, ms: performance.now() - started };
  } catch {
    return { status: 0, ms: performance.now() - started }; // hang or connection error
  }
}

const json = (body: unknown, cookie?: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
  body: JSON.stringify(body),
});

const crewEvent = (id: string) => ({
  events: [{ id, uprn: HOME, service: 'refuse', date: '2026-09-01', outcome: 'collected', recordedAt: '2026-09-01T08:15:00+01:00' }],
});

async function signIn(): Promise<string> {
  const res = await fetch(server.base + '/api/v1/auth/login', json({ email: 'crew@testshire.example', password: PASSWORD }));
  expect(res.status).toBe(204);
  return res.headers.get('set-cookie')!.split(';')[0];
}

test('PostgreSQL stopped under load: 503 unavailable within 5 s, never 500; service resumes by itself; 2xx writes kept', async () => {
  const cookie = await signIn();
  const accepted: string[] = [];
  const answers: Answer[] = [];
  let load = true;
  // Four writers and a reader, all the time: before, during and after the outage.
  const writer = async () => {
    while (load) {
      const id = crypto.randomUUID();
      const a = await timed('/api/v1/crew/events', json(crewEvent(id), cookie));
      answers.push(a);
      if (a.status >= 200 && a.status < 300) accepted.push(id);
      await Bun.sleep(20);
    }
  };
  const reader = async () => {
    while (load) {
      answers.push(await timed('/health'));
      await Bun.sleep(50);
    }
  };
  const workers = [writer(), writer(), writer(), writer(), reader()];
  await Bun.sleep(1500);
  const beforeStop = accepted.length;
  expect(beforeStop).toBeGreaterThan(5);

  await pg.stop('immediate');
  const stoppedAt = performance.now();
  await Bun.sleep(300);
  // While it is down: each surface answers 503 `unavailable`, each within 5 s.
  for (let round = 0; round < 3; round++) {
    const down = [
      await timed('/health'),
      await timed('/ready'),
      await timed('/api/v1/auth/login', json({ email: 'crew@testshire.example', password: PASSWORD })),
      await timed('/api/v1/crew/events', json(crewEvent(crypto.randomUUID()), cookie)),
      await timed('/api/v1/missed-reports', json({ uprn: HOME, service: 'refuse', name: 'Ada', email: 'ada@example.org' })),
    ];
    for (const a of down) {
      expect(a.status).toBe(503);
      expect(a.code).toBe('unavailable');
      expect(a.ms).toBeLessThan(5000);
    }
    await Bun.sleep(500);
  }
  console.log(`database down for ${Math.round(performance.now() - stoppedAt)} ms`);

  await pg.start();
  const startedAt = performance.now();
  let recoveredMs = Infinity;
  while (performance.now() - startedAt < 10_000) {
    const ready = await timed('/ready');
    const write = await timed('/api/v1/crew/events', json(crewEvent(crypto.randomUUID()), cookie));
    if (ready.status === 200 && write.status === 200) {
      recoveredMs = performance.now() - startedAt;
      break;
    }
    await Bun.sleep(100);
  }
  console.log(`service resumed ${Math.round(recoveredMs)} ms after PostgreSQL accepted connections again`);
  expect(recoveredMs).toBeLessThan(5000);
  await Bun.sleep(500);
  load = false;
  await Promise.all(workers);

  // Under load throughout: nothing was a 500, nothing hung past 5 s, every failure was a 503.
  expect(answers.filter((a) => a.status === 500 || a.status === 0)).toEqual([]);
  expect(answers.filter((a) => a.ms >= 5000)).toEqual([]);
  expect(answers.filter((a) => a.status >= 400 && a.status !== 503)).toEqual([]);
  expect(answers.some((a) => a.status === 503)).toBe(true);

  // Every write answered 2xx is still there; the session from before the outage still works.
  const stored = new Set(rows(await database.db.execute(sql`select id from crew_events`)).map((r) => String(r.id)));
  const lost = accepted.filter((id) => !stored.has(id));
  expect(lost).toEqual([]);
  expect(accepted.length).toBeGreaterThan(beforeStop);
  const me = await fetch(server.base + '/api/v1/auth/me', { headers: { cookie } });
  expect(me.status).toBe(200);
}, 120_000);
