/**
 * The officer map (issue 11, "Tests and bench"): GET /api/v1/map/properties for a generated
 * 100,000-property council at three zoom levels, each over the box a 1280 × 800 px map shows at that
 * zoom, against a plain indexed `SELECT count(*)` of the same box (properties_council_geo_idx), and
 * the bytes per answer (raw and gzipped). The request goes through the whole app in-process
 * (session check, validation, clustering query, JSON), without a socket. Figures only, no asserts.
 * PostgreSQL when DATABASE_URL is set (a fresh database, dropped after), else PGlite in memory.
 */
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../db/client.ts';
import { councils, properties } from '../../db/schema/index.ts';
import { createApp } from '../../server/app.ts';
import { fixedClock } from '../../server/clock.ts';
import { testConfig } from '../../server/config.ts';
import { setLogLevel } from '../../server/ops/log.ts';
import { seededRandom } from '../../server/seed/demo-bundle.ts';
import { addUser } from '../../server/services/auth.ts';
import { fmt, printRows, type BenchModule, type Measurement } from './harness.ts';

const PROPERTIES = Number(process.env.BENCH_MAP_PROPERTIES ?? 100_000);
/** A ~17 × 17 km council around Derby: about 6,000 properties per km² at its centre, thinning outwards. */
const CENTRE = { lat: 52.9225, lon: -1.4746 };
const SPREAD = { lat: 0.075, lon: 0.125 };
const VIEW = { width: 1280, height: 800 };
const ZOOMS = [11, 14, 17];
const REPS = Number(process.env.BENCH_REPS ?? 15);

/** The box a VIEW-sized Web Mercator map centred on CENTRE shows at `zoom`. */
function viewBox(zoom: number): [number, number, number, number] {
  const degPerPx = 360 / (256 * 2 ** zoom);
  const halfLon = (VIEW.width / 2) * degPerPx;
  const halfLat = (VIEW.height / 2) * degPerPx * Math.cos((CENTRE.lat * Math.PI) / 180);
  return [CENTRE.lon - halfLon, CENTRE.lat - halfLat, CENTRE.lon + halfLon, CENTRE.lat + halfLat];
}

async function timed(fns: Record<string, () => Promise<number>>, reps = REPS): Promise<Record<string, Measurement>> {
  const keys = Object.keys(fns);
  const times = new Map(keys.map((k) => [k, [] as number[]]));
  const results = new Map<string, number>();
  for (let i = 0; i < 3; i++) for (const k of keys) results.set(k, await fns[k]());
  for (let i = 0; i < reps; i++) {
    for (const k of keys) {
      const t0 = performance.now();
      results.set(k, await fns[k]());
      times.get(k)!.push(performance.now() - t0);
    }
  }
  const out: Record<string, Measurement> = {};
  for (const k of keys) {
    const t = times.get(k)!.sort((a, b) => a - b);
    out[k] = { medianMs: t[Math.floor(t.length / 2)], minMs: t[0], maxMs: t[t.length - 1], result: results.get(k)! };
  }
  return out;
}

async function populate(database: Database): Promise<number> {
  const [{ id }] = await database.db.insert(councils).values({ slug: 'bench', name: 'Bench Borough' }).returning({ id: councils.id });
  const rand = seededRandom(17);
  const t0 = performance.now();
  for (let start = 0; start < PROPERTIES; start += 5000) {
    const rows = [];
    for (let i = start; i < Math.min(PROPERTIES, start + 5000); i++) {
      // Sum of two uniforms: denser in the middle, like a town and its outskirts.
      const u = (rand() + rand() - 1) * SPREAD.lat;
      const v = (rand() + rand() - 1) * SPREAD.lon;
      rows.push({ uprn: 200_000_000_000 + i, councilId: id, address: `${1 + (i % 200)} Bench Street ${Math.floor(i / 200)}, Bench`, postcode: 'DE1 1AA', lat: CENTRE.lat + u, lon: CENTRE.lon + v });
    }
    await database.db.insert(properties).values(rows);
  }
  await database.db.execute(sql`analyze properties`);
  console.log(`  ${PROPERTIES.toLocaleString('en-GB')} properties loaded in ${fmt.ms(performance.now() - t0)}`);
  return id;
}

async function run(kind: 'postgres' | 'pglite') {
  setLogLevel('off'); // one access-log line per request would drown the figures
  let cleanup = async () => {};
  let url: string | undefined;
  if (kind === 'postgres') {
    const name = `kerbside_bench_map_${process.pid}`;
    const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = `/${name}`;
    url = u.toString();
    cleanup = async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  }
  const database = await openDatabase({ url, max: 4 });
  try {
    await database.migrate();
    const councilId = await populate(database);
    const clock = fixedClock('2026-12-07T10:00:00Z');
    const deps = { db: database.db, clock, config: testConfig({}), dbKind: database.kind };
    const app = createApp(deps);
    await addUser(deps, { councilSlug: 'bench', email: 'officer@bench.test', password: 'a long password', role: 'officer' });
    const login = await app.request('/api/v1/auth/login', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'officer@bench.test', password: 'a long password' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    console.log(`  ${kind}: ${VIEW.width} × ${VIEW.height} px view centred on the council, ${REPS} timed runs each (median)`);
    const rows: Array<[string, string]> = [];
    for (const zoom of ZOOMS) {
      // Rounded once, so the API and the count see exactly the same box.
      const [minLon, minLat, maxLon, maxLat] = viewBox(zoom).map((n) => Number(n.toFixed(5)));
      const bbox = [minLon, minLat, maxLon, maxLat].join(',');
      let body = '';
      const m = await timed({
        api: async () => {
          const res = await app.request(`/api/v1/map/properties?bbox=${bbox}&zoom=${zoom}`, { headers: { cookie } });
          body = await res.text();
          if (res.status !== 200) throw new Error(`map answered ${res.status}: ${body}`);
          return body.length;
        },
        count: async () => {
          const r = (await database.db.execute(sql`select count(*)::int as n from properties p where p.council_id = ${councilId}
            and p.lat between ${minLat} and ${maxLat} and p.lon between ${minLon} and ${maxLon}`)) as any;
          return Number((r.rows ?? r)[0].n);
        },
      });
      const answer = JSON.parse(body) as { features: Array<{ properties: { cluster?: boolean } }>; truncated: boolean };
      const clusters = answer.features.filter((f) => f.properties.cluster).length;
      const bytes = new TextEncoder().encode(body).length;
      rows.push([
        `zoom ${zoom} (${(maxLon - minLon).toFixed(4)}° × ${(maxLat - minLat).toFixed(4)}°)`,
        `${fmt.count(m.count.result).padStart(7)} in box → ${fmt.count(answer.features.length).padStart(5)} features (${clusters} clusters)${answer.truncated ? ' truncated' : ''}`,
      ]);
      rows.push(['    GET /api/v1/map/properties', `${fmt.spread(m.api)}`]);
      rows.push(['    SELECT count(*) same box', `${fmt.spread(m.count)}`]);
      rows.push(['    ratio API / count', fmt.ratio(m.api.medianMs / m.count.medianMs)]);
      rows.push(['    bytes per answer', `${fmt.count(bytes)} raw, ${fmt.count(Bun.gzipSync(body).length)} gzipped`]);
    }
    printRows(rows);
  } finally {
    await database.close();
    await cleanup();
  }
}

export const mapBench: BenchModule = {
  name: 'map',
  async run() {
    if (process.env.DATABASE_URL) await run('postgres');
    else console.log('  (no DATABASE_URL: PostgreSQL variant skipped)');
    if (process.env.BENCH_PGLITE !== 'off') await run('pglite');
  },
};
