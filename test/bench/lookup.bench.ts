/**
 * The property lookup path (issue 10 item 1): the real server (`bun server/index.ts`, a child
 * process) on a fresh PostgreSQL database with the demo council, loaded by autocannon at 32
 * connections. Prints req/s, p50/p99 and each route's ratio to `/health` (one `select 1`) on the
 * same server in the same run; the goal is ≥ 0.5× with p99 under 20 ms. Figures only, no asserts.
 * The routes take turns over several rounds (`BENCH_ROUNDS`, `BENCH_SECONDS` each) and the medians
 * are printed, the ratio per round against that round's `/health`: on a shared machine a busy patch
 * then hits the baseline and the lookups alike.
 * Without DATABASE_URL it runs on PGlite (a temporary directory) instead.
 *
 * The clock is fixed on a Monday morning, so many properties have a collection today (the `today`
 * status and its "has the round started?" question are part of every answer).
 */
// @ts-expect-error autocannon ships no type declarations; the calls below are typed by Result.
import autocannonUntyped from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { fmt, printRows, type BenchModule } from './harness.ts';
import { withHeapSetting } from '../../server/ops/heap.ts';

const NOW = '2026-09-07T10:00:00+01:00';
const CONNECTIONS = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const UPRNS = 500;
/**
 * `Accept-Encoding` sent with every request (`BENCH_ENCODING`): `gzip` by default, as browsers and
 * Home Assistant's HTTP client send; `identity` to measure uncompressed answers.
 */
const ENCODING = process.env.BENCH_ENCODING ?? 'gzip';

interface Result {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}
const autocannon = autocannonUntyped as (options: {
  url: string; connections: number; duration: number; headers?: Record<string, string>; requests?: Array<{ method: string; path: string }>;
}) => Promise<Result>;
const headers = { 'accept-encoding': ENCODING };

async function load(base: string, paths: string[], duration = SECONDS) {
  const r = await autocannon({ url: base, connections: CONNECTIONS, duration, headers, requests: paths.map((path) => ({ method: 'GET', path })) });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, bad: r.non2xx + r.errors };
}

async function waitFor(url: string, ms = 60_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await Bun.sleep(200);
  }
  throw new Error(`server did not answer ${url}`);
}

async function run(kind: 'postgres' | 'pglite') {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>), PORT: String(port), KERBSIDE_NOW: NOW, KERBSIDE_DEMO: 'on',
    KERBSIDE_RATE_LIMIT: '0', KERBSIDE_DB_POOL: String(CONNECTIONS),
  };
  let cleanup = async () => {};
  if (kind === 'postgres') {
    const name = `kerbside_bench_lookup_${process.pid}`;
    const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    cleanup = async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'kerbside-bench-'));
    env.DATABASE_URL = '';
    env.KERBSIDE_DATA_DIR = dir;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  // Started as `npm start` starts it: with the heap sized for a small instance (server/ops/heap.ts).
  const server = Bun.spawn(['bun', 'server/index.ts'], { env: withHeapSetting(env), stdout: 'ignore', stderr: 'inherit' });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${base}/health`);
    // Many different properties: every address in a few of the demo's postcodes.
    const uprns: string[] = [];
    for (const q of ['road', 'street', 'close', 'way', 'lane', 'avenue', 'drive', 'court']) {
      const res = await fetch(`${base}/api/v1/addresses?q=${q}`);
      if (res.ok) for (const a of (await res.json()) as Array<{ uprn: string }>) if (!uprns.includes(a.uprn)) uprns.push(a.uprn);
      if (uprns.length >= UPRNS) break;
    }
    console.log(`  ${kind}: ${uprns.length} properties, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s per route, clock ${NOW}, Accept-Encoding: ${ENCODING}`);
    const routes: Array<[string, string[]]> = [
      ['/health', ['/health']],
      ['/api/v1/properties/{uprn}', uprns.map((u) => `/api/v1/properties/${u}`)],
      ['/api/v1/properties/{uprn}/bins', uprns.map((u) => `/api/v1/properties/${u}/bins`)],
      ['/api/v1/properties/{uprn}/collections', uprns.map((u) => `/api/v1/properties/${u}/collections`)],
      ['/property/{uprn}', uprns.map((u) => `/property/${u}`)],
    ];
    // Warm-up: every path asked once (8 at a time), so the rounds measure a running server's warm
    // lookup cache. (autocannon's connections all walk a request list in the same order, so a timed
    // warm-up run reaches only its first few hundred paths.) Cold lookups are the scale bench's.
    const warm = routes.flatMap(([, p]) => p);
    await Promise.all(Array.from({ length: 8 }, async (_, lane) => {
      for (let i = lane; i < warm.length; i += 8) await (await fetch(base + warm[i], { headers })).arrayBuffer();
    }));
    // Then a short run per route, so each round's connections meet a server already past start-up.
    for (const [, paths] of routes) await load(base, paths, 1);
    const results = new Map<string, Array<Awaited<ReturnType<typeof load>> & { ratio: number }>>();
    for (let round = 0; round < ROUNDS; round++) {
      let health = 0;
      for (const [label, paths] of routes) {
        const r = await load(base, paths);
        if (label === '/health') health = r.rps;
        results.set(label, [...(results.get(label) ?? []), { ...r, ratio: r.rps / health }]);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const rows: Array<[string, string]> = [];
    for (const [label] of routes) {
      const rs = results.get(label)!;
      const [rps, p50, p99, ratio] = [median(rs.map((r) => r.rps)), median(rs.map((r) => r.p50)), median(rs.map((r) => r.p99)), median(rs.map((r) => r.ratio))];
      const bad = rs.reduce((n, r) => n + r.bad, 0);
      rows.push([label, `${fmt.rate(rps).padStart(9)}  p50 ${fmt.ms(p50)}  p99 ${fmt.ms(p99)}  ${label === '/health' ? 'baseline' : `${ratio.toFixed(2)}× /health`}${bad ? `  (${bad} non-2xx/errors)` : ''}`]);
    }
    printRows(rows);
  } finally {
    server.kill();
    await server.exited;
    await cleanup();
  }
}

export const lookupBench: BenchModule = {
  name: 'lookup',
  async run() {
    if (process.env.DATABASE_URL) await run('postgres');
    else console.log('  (no DATABASE_URL: PostgreSQL variant skipped)');
    if (process.env.BENCH_PGLITE !== 'off') await run('pglite');
  },
};
