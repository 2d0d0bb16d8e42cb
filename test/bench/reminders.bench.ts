/**
 * `npm run bench -- reminders`: queueing one evening's reminders for 100,000 subscribed properties
 * (KERBSIDE_REMINDER_PROPERTIES overrides), all collected tomorrow, as the reminder job does it (one
 * insert … select per council writing the sent-records, the unsubscribe tokens and the outbox rows,
 * services/alerts/reminders.ts) against a plain INSERT of the same outbox rows (multi-row INSERTs of
 * 1,000 rows, the rows already built in memory): the floor for writing that many messages at all.
 * The council's rounds are shaped like generated-council.ts's (crews of 1,000 stops, refuse and
 * food). Runs on PGlite in memory, or on PostgreSQL when DATABASE_URL is set. Figures, never asserted.
 */
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../db/client.ts';
import { outbox } from '../../db/schema/index.ts';
import { fixedClock } from '../../server/clock.ts';
import { importBundle } from '../../server/services/import.ts';
import { queueReminders } from '../../server/services/alerts/reminders.ts';
import { fmt, printRows, type BenchModule, type Measurement } from './harness.ts';

const COUNT = Number(process.env.KERBSIDE_REMINDER_PROPERTIES ?? 100_000);
const STOPS = 1000;
const FIRST_UPRN = 300000000001;
/** Sunday 18:05 (GMT): the 18:00 reminders for Monday 7 December are due. */
const EVENING = '2026-12-06T18:05:00Z';
const REPS = 3;
const BATCH = 1000;

const rowsOf = (result: unknown): any[] => ((result as any).rows ?? result) as any[];

async function setUp(database: Database): Promise<number> {
  const crews = Math.ceil(COUNT / STOPS);
  const rounds = Array.from({ length: crews }, (_, i) => [
    { id: `REF-MON-${i}`, service: 'refuse', name: `Refuse Monday ${i}`, schedules: [{ from: '2026-01-01', anchor: '2026-01-05', everyWeeks: 2 }] },
    { id: `FOOD-MON-${i}`, service: 'food', name: `Food Monday ${i}`, schedules: [{ from: '2026-01-01', anchor: '2026-01-05', everyWeeks: 1 }] },
  ]).flat();
  const ctx = { db: database.db, clock: fixedClock(EVENING) };
  await importBundle(ctx, {
    council: { slug: 'benchshire', name: 'Benchshire Council', timezone: 'Europe/London', bankHolidayDivision: 'england-and-wales', bankHolidayRule: 'slip' },
    services: [
      { id: 'refuse', name: 'Rubbish', stream: 'residual', container: '240L black wheelie bin', colour: '#1f1f1f', ewcCode: '20 03 01' },
      { id: 'food', name: 'Food waste', stream: 'food', container: '23L food caddy', colour: '#00703c', ewcCode: '20 01 08' },
    ],
    rounds,
    properties: [],
    assignments: [],
  } as any);
  const [{ id: councilId }] = rowsOf(await database.db.execute(sql`select id from councils where slug = 'benchshire'`));
  await database.db.execute(sql`
    insert into properties (uprn, council_id, address, postcode, lat, lon, kind)
    select ${FIRST_UPRN}::bigint + g, ${councilId}::int, g || ' Bench Street, Benchtown', 'BE1 1AA', 52.0, -1.0, 'domestic'
    from generate_series(0, ${COUNT - 1}::int) g`);
  await database.db.execute(sql`
    insert into assignments (council_id, uprn, round_id, "from", sequence)
    select ${councilId}::int, ${FIRST_UPRN}::bigint + g, s.kind || '-MON-' || (g / ${STOPS}::int), '2026-01-01', g % ${STOPS}::int
    from generate_series(0, ${COUNT - 1}::int) g, (values ('REF'), ('FOOD')) s(kind)`);
  await database.db.execute(sql`
    insert into alert_subscriptions (council_id, uprn, email, kinds, remind_at, language, created_at, confirmed_at)
    select ${councilId}::int, ${FIRST_UPRN}::bigint + g, 'resident' || g || '@example.org', '["reminder","changes"]'::jsonb, '18:00', 'en', now(), now()
    from generate_series(0, ${COUNT - 1}::int) g`);
  await database.db.execute(sql`analyze`);
  return Number(councilId);
}

const clear = (database: Database) => database.db.execute(sql.raw('truncate outbox, alert_reminders_sent, alert_tokens restart identity'));

function summary(times: number[], result: number): Measurement {
  const t = [...times].sort((a, b) => a - b);
  return { medianMs: t[Math.floor(t.length / 2)], minMs: t[0], maxMs: t[t.length - 1], result };
}

async function run(kind: 'pglite' | 'postgres') {
  // PostgreSQL: a scratch database of its own, dropped afterwards (DATABASE_URL's is never touched).
  let url: string | undefined;
  let cleanup = async () => {};
  if (kind === 'postgres') {
    const name = `kerbside_bench_reminders_${process.pid}`;
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
    const t0 = performance.now();
    const councilId = await setUp(database);
    console.log(`  [${kind}] ${fmt.count(COUNT)} subscribed properties set up in ${fmt.ms(performance.now() - t0)}`);
    const ctx = { db: database.db, clock: fixedClock(EVENING) };
    const bulk: number[] = [];
    const plain: number[] = [];
    let queued = 0;
    let rows: Array<typeof outbox.$inferInsert> = [];
    for (let rep = 0; rep < REPS; rep++) {
      await clear(database);
      let start = performance.now();
      queued = (await queueReminders(ctx, { councilId })).queued;
      bulk.push(performance.now() - start);
      if (rep === 0) {
        // The same rows, read back once, for the plain INSERT.
        rows = (await database.db.select().from(outbox)).map(({ id: _id, ...r }) => r);
      }
      await clear(database);
      start = performance.now();
      for (let i = 0; i < rows.length; i += BATCH) await database.db.insert(outbox).values(rows.slice(i, i + BATCH));
      plain.push(performance.now() - start);
    }
    const b = summary(bulk, queued);
    const p = summary(plain, rows.length);
    printRows([
      [`[${kind}] reminders queued`, fmt.count(queued)],
      [`[${kind}] bulk queue (sent-record + token + outbox, one statement)`, `${fmt.spread(b)}, ${fmt.rate((queued / b.medianMs) * 1000)}`],
      [`[${kind}] plain INSERT of the same outbox rows (${fmt.count(BATCH)} a statement)`, `${fmt.spread(p)}, ${fmt.rate((rows.length / p.medianMs) * 1000)}`],
      [`[${kind}] ratio bulk / plain INSERT`, fmt.ratio(b.medianMs / p.medianMs)],
    ]);
  } finally {
    await database.close();
    await cleanup();
  }
}

export const remindersBench: BenchModule = {
  name: 'reminders',
  async run() {
    await run('pglite');
    if (process.env.DATABASE_URL) await run('postgres');
    else console.log('  (no DATABASE_URL: PostgreSQL variant skipped)');
  },
};
