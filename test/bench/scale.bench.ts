/**
 * National scale (issue 10 item 2), PostgreSQL only: councils totalling 1,000,000 properties
 * (KERBSIDE_SCALE_PROPERTIES overrides), imported through the streaming file import, then:
 * import rate against `COPY` of the same rows into scratch tables; and, on the real server
 * (`bun server/index.ts`, a child process) at 10,000 properties and again at the full size:
 * postcode search, property lookup p50/p99 (cold: each UPRN asked once on a fresh server), a
 * 1,000-stop crew round sheet, a property calendar feed, and the server's resident set
 * (/proc/<pid>/status VmRSS and VmHWM) after that traffic. Figures only, no asserts.
 *
 * Uses its own database `<DATABASE_URL's database>_scalebench`, created and dropped here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { openDatabase } from '../../db/client.ts';
import { fixedClock } from '../../server/clock.ts';
import { addUser } from '../../server/services/auth.ts';
import { importBundleFile } from '../../server/services/import.ts';
import { fmt, printRows, type BenchModule } from './harness.ts';
import { withHeapSetting } from '../../server/ops/heap.ts';
import { councilRows, postcodeOf, refuseRoundOf, uprnOf, writeCouncilBundle, type ScaleCouncil } from './scale-council.ts';

const NOW = '2026-09-07T10:00:00+01:00';
const TODAY = '2026-09-07';
const CONCURRENCY = 32;
const TOTAL = Number(process.env.KERBSIDE_SCALE_PROPERTIES ?? 1_000_000);

/** 1% small council (the 10k baseline), one of 30%, the rest in councils of at most 100,000. */
function plan(total: number): ScaleCouncil[] {
  const small = Math.max(1000, Math.round(total * 0.01));
  const big = Math.round(total * 0.3);
  const sizes = [small, big];
  for (let left = total - small - big; left > 0; left -= 100_000) sizes.push(Math.min(100_000, left));
  return sizes.map((size, index) => ({ index, slug: `scale-${index}`, size }));
}

interface Load { rps: number; p50: number; p99: number; bad: number; n: number }

/** `paths` each fetched once, CONCURRENCY at a time; latency per request. */
async function load(base: string, paths: string[], headers: Record<string, string> = {}): Promise<Load> {
  const times: number[] = [];
  let next = 0, bad = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < paths.length) {
      const path = paths[next++];
      const s = performance.now();
      const res = await fetch(base + path, { headers });
      await res.arrayBuffer();
      times.push(performance.now() - s);
      if (res.status !== 200) bad++;
    }
  }));
  const elapsed = performance.now() - t0;
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(times.length * p))];
  return { rps: (paths.length / elapsed) * 1000, p50: q(0.5), p99: q(0.99), bad, n: paths.length };
}

const show = (r: Load) =>
  `${fmt.rate(r.rps).padStart(8)}  p50 ${fmt.ms(r.p50).padStart(8)}  p99 ${fmt.ms(r.p99).padStart(8)}  (${fmt.count(r.n)} requests${r.bad ? `, ${r.bad} not 200` : ''})`;

function shuffled<T>(list: T[], seed = 7): T[] {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const memoryOf = async (pid: number) => {
  const status = await Bun.file(`/proc/${pid}/status`).text();
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
};

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

/** Starts a fresh server on the bench database, runs the read workloads, reports figures and memory. */
async function serve(url: string, councils: ScaleCouncil[], label: string, crewCookie: () => Promise<string>, full: boolean) {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>), PORT: String(port), DATABASE_URL: url, KERBSIDE_NOW: NOW, KERBSIDE_DEMO: 'off',
    KERBSIDE_RATE_LIMIT: '0', KERBSIDE_DB_POOL: String(CONCURRENCY), KERBSIDE_LOG: 'off',
  };
  // Started as `npm start` starts it: with the heap sized for a small instance (server/ops/heap.ts).
  Object.assign(env, withHeapSetting(env));
  // KERBSIDE_SCALE_BUN_FLAGS (e.g. "--smol") tries the server under other runtime settings.
  const flags = (process.env.KERBSIDE_SCALE_BUN_FLAGS ?? '').split(' ').filter(Boolean);
  const server = Bun.spawn(['bun', ...flags, 'server/index.ts'], { env, stdout: 'ignore', stderr: 'inherit' });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${base}/health`);
    const idle = await memoryOf(server.pid);
    const small = councils[0];
    const all = shuffled(Array.from({ length: small.size }, (_, i) => uprnOf(0, i)));
    // A tenth of the small council warms the server up (JIT, pools); the rest is measured cold.
    const warm = all.slice(0, Math.floor(all.length / 10));
    const smallUprns = all.slice(warm.length);
    await load(base, [...warm.map((u) => `/api/v1/properties/${u}`), ...warm.slice(0, 200).map((u) => `/calendars/properties/${u}.ics`),
      ...warm.slice(0, 200).map((u, k) => `/api/v1/addresses?postcode=${encodeURIComponent(postcodeOf(0, k * 13))}`)]);
    const rows: Array<[string, string]> = [['server memory at start, then after the warm-up', `VmRSS ${idle.rss.toFixed(0)} MB, ${(await memoryOf(server.pid)).rss.toFixed(0)} MB`]];
    const out: Record<string, Load> = {};
    // The server's resident set after each step, so a growth can be put down to the traffic that made it.
    const run = async (name: string, paths: string[], headers?: Record<string, string>) => {
      out[name] = await load(base, paths, headers);
      const after = await memoryOf(server.pid);
      rows.push([name, `${show(out[name])}  VmRSS ${after.rss.toFixed(0)} MB`]);
    };
    // Cold first: a fresh server, each UPRN asked once, so every answer is built from the database.
    await run('lookup, cold (council 0, each once)', smallUprns.map((u) => `/api/v1/properties/${u}`));
    if (full && councils.length > 1) {
      const wide: string[] = [];
      for (let k = 0; k < 30_000; k++) {
        const c = councils[1 + (k % (councils.length - 1))];
        wide.push(`/api/v1/properties/${uprnOf(c.index, (k * 7919) % c.size)}`);
      }
      await run('lookup, cold (30,000 across all)', wide);
    }
    // The last 500 asked (still in the plan cache, which keeps 4,000): the first would by now have been
    // forgotten, and their first pass would measure cold lookups again.
    const hot = smallUprns.slice(-500);
    await run('lookup, warm (500 UPRNs × 20)', Array.from({ length: 10_000 }, (_, k) => `/api/v1/properties/${hot[k % 500]}`));
    const postcodes = Array.from({ length: 2000 }, (_, k) => {
      const c = councils[k % councils.length];
      return `/api/v1/addresses?postcode=${encodeURIComponent(postcodeOf(c.index, (k * 104_729) % c.size))}`;
    });
    await run('postcode search (2,000 postcodes)', postcodes);
    await run('property feed .ics (2,000 UPRNs)', smallUprns.slice(500, 2500).map((u) => `/calendars/properties/${u}.ics`));
    const { round, date } = refuseRoundOf(small.size, 0, TODAY);
    const cookie = await crewCookie();
    const session = await signIn(base, cookie);
    const sheet = await fetch(`${base}/api/v1/crew/rounds/${round}/${date}`, { headers: { cookie: session } });
    const stops = sheet.ok ? ((await sheet.json()) as { stops?: unknown[] }).stops?.length : `HTTP ${sheet.status}`;
    const sheetRuns = Array.from({ length: 64 }, () => `/api/v1/crew/rounds/${round}/${date}`);
    await run(`round sheet ${round} ${date} (${stops} stops)`, sheetRuns, { cookie: session });
    const mem = await memoryOf(server.pid);
    rows.push(['server memory after that traffic', `VmRSS ${mem.rss.toFixed(0)} MB, peak (VmHWM) ${mem.hwm.toFixed(0)} MB`]);
    console.log(`  ${label}:`);
    printRows(rows);
    return { ...out, mem };
  } finally {
    server.kill();
    await server.exited;
  }
}

/** The crew user's credentials, as `email:password`; signIn turns them into a session cookie. */
async function signIn(base: string, credentials: string): Promise<string> {
  const [email, password] = credentials.split(':');
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ email, password }),
  });
  const set = res.headers.get('set-cookie') ?? '';
  return set.split(';')[0];
}

/** `npm run kerbside -- import FILE` in a child process: prints its progress lines, returns its peak VmRSS in MB. */
async function importWithCli(url: string, file: string): Promise<number> {
  const child = Bun.spawn(['bun', 'server/cli.ts', 'import', file], {
    env: { ...(process.env as Record<string, string>), DATABASE_URL: url }, stdout: 'pipe', stderr: 'pipe',
  });
  let peak = 0, done = false;
  const sampler = (async () => {
    while (!done) {
      try {
        peak = Math.max(peak, (await memoryOf(child.pid)).rss);
      } catch {}
      await Bun.sleep(100);
    }
  })();
  let lastShown = 0;
  const reader = (async () => {
    let text = '';
    for await (const chunk of child.stderr as ReadableStream<Uint8Array>) {
      text += new TextDecoder().decode(chunk);
      const lines = text.split('\n');
      text = lines.pop()!;
      for (const line of lines) {
        // Every progress line would be a lot; one every ~10 s, and the last of each section.
        if (performance.now() - lastShown > 10_000 || /(\d[\d,]*)\/\1 /.test(line)) {
          lastShown = performance.now();
          console.log(`    cli: ${line}`);
        }
      }
    }
  })();
  const code = await child.exited;
  done = true;
  await Promise.all([sampler, reader]);
  if (code !== 0) throw new Error(`import exited ${code}: ${await new Response(child.stdout as ReadableStream).text()}`);
  return peak;
}

/** The same rows the import wrote for a council, as COPY text into scratch tables: the floor to compare with. */
async function copyBaseline(sql: postgres.Sql, c: ScaleCouncil, indexed: boolean): Promise<number> {
  await sql.unsafe(`drop table if exists scratch_properties, scratch_assignments`);
  const like = indexed ? 'including defaults including indexes' : 'including defaults';
  await sql.unsafe(`create table scratch_properties (like properties ${like})`);
  await sql.unsafe(`create table scratch_assignments (like assignments ${like})`);
  const cid = c.index + 1;
  const t0 = performance.now();
  const esc = (s: string) => s.replace(/[\\\t\n]/g, (m) => (m === '\t' ? '\\t' : m === '\n' ? '\\n' : '\\\\'));
  const props = await sql`copy scratch_properties (uprn, council_id, address, postcode, usrn, lat, lon, kind, assisted) from stdin`.writable();
  await pipeline(Readable.from((function* () {
    let buf = '';
    for (const p of councilRows(c, new Map())) {
      buf += `${p.uprn}\t${cid}\t${esc(p.address)}\t${p.postcode}\t\\N\t${p.lat}\t${p.lon}\tdomestic\tf\n`;
      if (buf.length > 1 << 16) { yield buf; buf = ''; }
    }
    if (buf) yield buf;
  })()), props);
  const assigns = await sql`copy scratch_assignments (council_id, uprn, round_id, "from", "to", sequence) from stdin`.writable();
  await pipeline(Readable.from((function* () {
    let buf = '';
    for (const p of councilRows(c, new Map())) {
      for (const a of p.assignments) buf += `${cid}\t${p.uprn}\t${a.round}\t${a.from}\t${a.to ?? '\\N'}\t${a.sequence}\n`;
      if (buf.length > 1 << 16) { yield buf; buf = ''; }
    }
    if (buf) yield buf;
  })()), assigns);
  const ms = performance.now() - t0;
  await sql.unsafe(`drop table scratch_properties, scratch_assignments`);
  return ms;
}

export const scaleBench: BenchModule = {
  name: 'scale',
  async run() {
    if (!process.env.DATABASE_URL) {
      console.log('  (no DATABASE_URL: the scale benchmark runs on PostgreSQL only; skipped)');
      return;
    }
    const councils = plan(TOTAL);
    const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
    const url = new URL(process.env.DATABASE_URL);
    const name = `${url.pathname.slice(1) || 'kerbside'}_scalebench`;
    url.pathname = `/${name}`;
    // KERBSIDE_SCALE_REUSE=on: serve a database kept by an earlier run (KERBSIDE_SCALE_KEEP=on) at
    // full size again, without generating or importing (to try a server change at 1M in minutes).
    const reuse = process.env.KERBSIDE_SCALE_REUSE === 'on';
    if (!reuse) {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.unsafe(`create database ${name}`);
    }
    const dir = mkdtempSync(join(tmpdir(), 'kerbside-scale-'));
    const database = await openDatabase({ url: url.toString(), max: 4 });
    const raw = postgres(url.toString(), { max: 1, onnotice: () => {} });
    try {
      await database.migrate();
      const ctx = { db: database.db, clock: fixedClock(NOW) };
      console.log(`  ${fmt.count(TOTAL)} properties in ${councils.length} councils (${councils.map((c) => fmt.count(c.size)).join(', ')}), database ${name}`);
      const rows: Array<[string, string]> = [];
      let peakRss = 0, cliPeak = 0;
      const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
      let crewCouncil = councils[0].slug;
      const crew = async () => {
        // A kept database already has this user from its first run.
        const exists = reuse && (await raw`select 1 from users where email = 'crew@scale.example'`).length > 0;
        if (!exists) await addUser(ctx, { councilSlug: crewCouncil, email: 'crew@scale.example', password: 'scale-bench-password', role: 'crew' });
        return 'crew@scale.example:scale-bench-password';
      };
      const results: Record<string, Awaited<ReturnType<typeof serve>>> = {};
      let imported = reuse ? TOTAL : 0;
      for (const c of reuse ? [] : councils) {
        const file = join(dir, `${c.slug}.json`);
        const g0 = performance.now();
        const { bytes, assignments } = await writeCouncilBundle(c, file);
        const genMs = performance.now() - g0;
        const t0 = performance.now();
        if (c.index === 1) {
          // The big council goes through the CLI, as an operator would run it: its progress lines and its own peak memory.
          cliPeak = await importWithCli(url.toString(), file);
        } else {
          await importBundleFile(ctx, file, { onProgress: sample });
        }
        const ms = performance.now() - t0;
        rmSync(file);
        imported += c.size;
        rows.push([`import ${c.slug} (${fmt.count(c.size)} properties, ${fmt.count(assignments)} assignments, ${(bytes / 2 ** 20).toFixed(0)} MB)`,
          `${fmt.ms(ms).padStart(9)}  ${fmt.rate((c.size / ms) * 1000)} properties  (bundle written in ${fmt.ms(genMs)})`]);
        if (c.index === 1) {
          rows.push(['  peak resident set of that CLI process (VmRSS sampled)', `${cliPeak.toFixed(0)} MB`]);
          const bare = await copyBaseline(raw, c, false);
          const indexed = await copyBaseline(raw, c, true);
          rows.push([`  COPY of the same rows, scratch tables without indexes`, `${fmt.ms(bare).padStart(9)}  ${fmt.rate((c.size / bare) * 1000)} properties  import takes ${fmt.ratio(ms / bare)}`]);
          rows.push([`  COPY of the same rows, scratch tables with the indexes`, `${fmt.ms(indexed).padStart(9)}  ${fmt.rate((c.size / indexed) * 1000)} properties  import takes ${fmt.ratio(ms / indexed)}`]);
        }
        if (c.index === 0) {
          console.log(`  imported ${fmt.count(imported)}; serving at that size:`);
          await raw.unsafe('analyze');
          results.small = await serve(url.toString(), councils, `at ${fmt.count(imported)} properties`, crew, false);
        }
      }
      rows.push(['peak resident set of this process (in-process imports)', `${(peakRss / 2 ** 20).toFixed(0)} MB`]);
      printRows(rows);
      await raw.unsafe('analyze');
      crewCouncil = councils[0].slug;
      results.full = await serve(url.toString(), councils, `at ${fmt.count(imported)} properties`, crew, true);
      if (reuse) return;
      const ratio: Array<[string, string]> = [];
      for (const k of Object.keys(results.full)) {
        const a = (results.small as any)[k], b = (results.full as any)[k];
        if (!a || !b || k === 'mem') continue;
        ratio.push([k, `p50 ${fmt.ratio(b.p50 / a.p50)}  p99 ${fmt.ratio(b.p99 / a.p99)}  (at ${fmt.count(imported)} against ${fmt.count(councils[0].size)}; goal for lookups ≤ 1.2×)`]);
      }
      ratio.push(['server VmRSS', `${results.full.mem.rss.toFixed(0)} MB at full size against ${results.small.mem.rss.toFixed(0)} MB (goal ≤ 300 MB)`]);
      console.log('  full size against the small deployment:');
      printRows(ratio);
    } finally {
      await raw.end();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
      if (process.env.KERBSIDE_SCALE_KEEP !== 'on' && !reuse) await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  },
};
