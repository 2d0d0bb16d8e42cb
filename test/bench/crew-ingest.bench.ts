/**
 * Crew event ingest (issue 6 item 7): batches of 100 outcomes through the real route and service
 * (`POST /api/v1/crew/events` on the app: session lookup, zod validation, council checks on every
 * UPRN and service, one `insert … on conflict do nothing`) against a plain drizzle INSERT of the same
 * rows in the same batches. The ratio is route throughput ÷ plain throughput (target ≥ 0.5×).
 * Also: a retried batch (all duplicates), which the queue sends after a lost answer.
 * Runs on PGlite in memory, or on PostgreSQL when DATABASE_URL is set. Figures are printed, never asserted.
 */
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../db/client.ts';
import { councils, crewEvents, properties, services } from '../../db/schema/index.ts';
import { createApp } from '../../server/app.ts';
import { fixedClock } from '../../server/clock.ts';
import { testConfig } from '../../server/config.ts';
import { addUser } from '../../server/services/auth.ts';
import { fmt, printRows, type BenchModule, type Measurement } from './harness.ts';

const NOW = '2026-09-08T09:00:00+01:00';
const DATE = '2026-09-08';
const PROPERTIES = 1000;
const BATCH = 100;
const BATCHES_PER_REP = 20; // 2,000 events per repetition
const WARMUP = 2;
const REPS = 7;
const OUTCOMES = ['collected', 'collected', 'collected', 'not_presented', 'contaminated', 'no_access'];
const FIRST_UPRN = 200000000001;

interface WireEvent {
  id: string;
  uprn: string;
  service: string;
  date: string;
  outcome: string;
  recordedAt: string;
}

function makeBatch(n: number, offset: number): WireEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    id: crypto.randomUUID(),
    uprn: String(FIRST_UPRN + ((offset + i) % PROPERTIES)),
    service: 'refuse',
    date: DATE,
    outcome: OUTCOMES[i % OUTCOMES.length],
    recordedAt: new Date(Date.parse(`${DATE}T08:00:00Z`) + (offset + i) * 1000).toISOString(),
  }));
}

async function timeInterleaved(fns: Record<string, () => Promise<number>>): Promise<Record<string, Measurement>> {
  const keys = Object.keys(fns);
  const times = new Map(keys.map((k) => [k, [] as number[]]));
  const results = new Map<string, number>();
  for (let i = 0; i < WARMUP; i++) for (const k of keys) await fns[k]();
  for (let i = 0; i < REPS; i++) {
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

export const crewIngestBench: BenchModule = {
  name: 'crew-ingest',
  async run() {
    const database = await openDatabase({ url: process.env.DATABASE_URL || undefined });
    await database.migrate();
    const clock = fixedClock(NOW);
    const ctx = { db: database.db, clock };
    const app = createApp({ db: database.db, clock, config: testConfig({ rateLimitPerMinute: 0 }), dbKind: database.kind });
    const slug = `bench-crew-${Date.now()}`;
    try {
      const [council] = await database.db.insert(councils).values({ slug, name: 'Crew bench council' }).returning();
      await database.db.delete(properties).where(sql`${properties.uprn} between ${FIRST_UPRN} and ${FIRST_UPRN + PROPERTIES - 1}`);
      await database.db.insert(services).values({ councilId: council.id, id: 'refuse', name: 'Rubbish', stream: 'residual', container: 'Bin', colour: '#000000' });
      await database.db.insert(properties).values(
        Array.from({ length: PROPERTIES }, (_, i) => ({
          uprn: FIRST_UPRN + i, councilId: council.id, address: `${i + 1} Bench Road`, postcode: 'DE1 1AA', lat: 52.9, lon: -1.47,
        })),
      );
      const email = `${slug}@example.org`;
      const user = await addUser(ctx, { councilSlug: slug, email, password: 'bench password 1', role: 'crew' });
      const login = await app.request('/api/v1/auth/login', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'bench password 1' }),
      });
      const cookie = login.headers.get('set-cookie')!.split(';')[0];

      const post = async (events: WireEvent[]) => {
        const res = await app.request('/api/v1/crew/events', {
          method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ events }),
        });
        if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
        return (await res.json()) as { accepted: number; duplicates: number };
      };
      const retried = makeBatch(BATCH, 0);
      await post(retried);

      let offset = 0;
      const m = await timeInterleaved({
        route: async () => {
          let n = 0;
          for (let b = 0; b < BATCHES_PER_REP; b++) n += (await post(makeBatch(BATCH, (offset += BATCH)))).accepted;
          return n;
        },
        plain: async () => {
          for (let b = 0; b < BATCHES_PER_REP; b++) {
            const rows = makeBatch(BATCH, (offset += BATCH)).map((e) => ({
              id: e.id, councilId: council.id, uprn: Number(e.uprn), serviceId: e.service, date: e.date, outcome: e.outcome,
              recordedAt: new Date(e.recordedAt), receivedAt: clock.now(), userId: user.id,
            }));
            await database.db.insert(crewEvents).values(rows);
          }
          return BATCHES_PER_REP * BATCH;
        },
        duplicates: async () => {
          let n = 0;
          for (let b = 0; b < BATCHES_PER_REP; b++) n += (await post(retried)).duplicates;
          return n;
        },
      });
      const rate = (x: Measurement) => (x.result / x.medianMs) * 1000;
      const ratio = rate(m.route) / rate(m.plain);
      console.log(`  ${database.kind}; ${BATCHES_PER_REP} batches of ${BATCH} per repetition, ${REPS} repetitions (interleaved)`);
      printRows([
        ['POST /api/v1/crew/events', `${fmt.rate(rate(m.route))} events  (${fmt.spread(m.route)} per ${fmt.count(m.route.result)})`],
        ['plain INSERT, same rows', `${fmt.rate(rate(m.plain))} events  (${fmt.spread(m.plain)} per ${fmt.count(m.plain.result)})`],
        ['route ÷ plain (target ≥ 0.5×)', `${ratio.toFixed(2)}×`],
        ['retried batch (all duplicates)', `${fmt.rate(rate(m.duplicates))} events`],
      ]);
    } finally {
      await database.db.delete(properties).where(sql`${properties.uprn} between ${FIRST_UPRN} and ${FIRST_UPRN + PROPERTIES - 1}`);
      await database.db.delete(councils).where(sql`${councils.slug} = ${slug}`);
      await database.close();
    }
  },
};
