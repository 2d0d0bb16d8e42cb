/**
 * Bulky slot availability (issue 13): `GET /api/v1/bulky/slots` as the service answers it (property,
 * council and its bulky settings, the schedule's bulky days for the next 8 weeks with their cut-offs,
 * then one grouped count of the places held, on a partial index) for a 100,000-property
 * council with ~40,000 bookings over the year (past and future, confirmed, pending and expired),
 * against a plain indexed count of the same bookings over the same 8 weeks (no join, no status, no
 * schedule). The ratio is slots time ÷ plain count time. Runs on PGlite in memory, or on PostgreSQL
 * when DATABASE_URL is set. Figures are printed, never asserted.
 */
import { and, count, eq, gte, lte, sql } from 'drizzle-orm';
import { openDatabase } from '../../db/client.ts';
import { bulkyBookings, councils, properties, roundSchedules, rounds, services } from '../../db/schema/index.ts';
import { fixedClock } from '../../server/clock.ts';
import { requestsSchema } from '../../server/domain/requests/config.ts';
import { bulkySlots } from '../../server/services/requests/bulky/places.ts';
import { fmt, printRows, type BenchModule, type Measurement } from './harness.ts';

const NOW = '2026-09-07T09:00:00+01:00';
const PROPERTIES = 100_000;
const BOOKINGS = 40_000;
/** Tuesdays and Thursdays from 6 January 2026: 86 days up to early November. */
const BOOKING_DAYS = 86;
const FIRST_UPRN = 300_000_000_001;
const WARMUP = 3;
const REPS = 15;

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

export const slotsBench: BenchModule = {
  name: 'slots',
  async run() {
    const database = await openDatabase({ url: process.env.DATABASE_URL || undefined });
    await database.migrate();
    const db = database.db;
    const ctx = { db, clock: fixedClock(NOW) };
    const slug = `bench-bulky-${Date.now()}`;
    const t0 = performance.now();
    const requests = requestsSchema.parse({
      bulky: {
        pricePence: 3000, itemsIncluded: 3, extraItemPence: 1000, maxItems: 6, weekdays: [2, 4], perDay: 600,
        cutoff: { workingDaysBefore: 1, time: '12:00' }, items: [{ id: 'sofa', name: 'Sofa' }],
      },
    });
    const [council] = await db.insert(councils).values({ slug, name: 'Bulky bench council', requests }).returning();
    try {
      await db.delete(properties).where(sql`${properties.uprn} between ${FIRST_UPRN} and ${FIRST_UPRN + PROPERTIES - 1}`);
      await db.insert(services).values({ councilId: council.id, id: 'bulky', name: 'Bulky waste', stream: 'bulky', container: 'Items', colour: '#6f72af' });
      await db.insert(rounds).values([
        { councilId: council.id, id: 'BULKY-TUE', serviceId: 'bulky', name: 'Bulky Tuesday' },
        { councilId: council.id, id: 'BULKY-THU', serviceId: 'bulky', name: 'Bulky Thursday' },
      ]);
      await db.insert(roundSchedules).values([
        { councilId: council.id, roundId: 'BULKY-TUE', from: '2026-01-01', anchor: '2026-01-06', everyWeeks: 1 },
        { councilId: council.id, roundId: 'BULKY-THU', from: '2026-01-01', anchor: '2026-01-08', everyWeeks: 1 },
      ]);
      await db.execute(sql`
        insert into properties (uprn, council_id, address, postcode, lat, lon)
        select ${FIRST_UPRN - 1}::bigint + g, ${council.id}, g || ' Bench Road', 'BE1 1AA', 52.9, -1.47
        from generate_series(1, ${PROPERTIES}) g`);
      // One booking in ten expired, one pending, the rest confirmed: spread over every Tuesday and Thursday.
      await db.execute(sql`
        insert into resident_requests (reference, council_id, kind, uprn, status, amount_pence, paid_pence, created_at, updated_at)
        select 'BENCH-' || ${council.id} || '-' || g, ${council.id}, 'bulky_booking', ${FIRST_UPRN - 1}::bigint + (g * 7919) % ${PROPERTIES} + 1,
               case when g % 10 = 0 then 'expired' when g % 10 = 1 then 'pending_payment' else 'confirmed' end, 3000, 3000, now(), now()
        from generate_series(1, ${BOOKINGS}) g`);
      await db.execute(sql`
        insert into bulky_bookings (request_id, council_id, uprn, date, round_id, items, location, held)
        select r.id, r.council_id, r.uprn,
               date '2026-01-06' + ((r.id % ${BOOKING_DAYS}) / 2) * 7 + (r.id % 2) * 2,
               case when r.id % 2 = 0 then 'BULKY-TUE' else 'BULKY-THU' end, '[{"id":"sofa","quantity":1}]'::jsonb, 'Front garden', r.status <> 'expired'
        from resident_requests r where r.council_id = ${council.id}`);
      await db.execute(sql`analyze bulky_bookings`);
      await db.execute(sql`analyze resident_requests`);
      const setupMs = performance.now() - t0;

      const uprn = FIRST_UPRN + 4242;
      const first = await bulkySlots(ctx, uprn);
      const from = first[0].date;
      const to = first[first.length - 1].date;
      const plain = () => db
        .select({ date: bulkyBookings.date, n: count() })
        .from(bulkyBookings)
        .where(and(eq(bulkyBookings.councilId, council.id), gte(bulkyBookings.date, from), lte(bulkyBookings.date, to)))
        .groupBy(bulkyBookings.date);
      const plainRows = await plain();
      const m = await timeInterleaved({
        slots: async () => (await bulkySlots(ctx, uprn)).length,
        plain: async () => (await plain()).length,
      });
      const held = first.reduce((n, s) => n + 600 - s.remaining, 0);
      printRows([
        ['database', database.kind],
        ['council', `${fmt.count(PROPERTIES)} properties, ${fmt.count(BOOKINGS)} bookings on ${BOOKING_DAYS} days (set up in ${fmt.ms(setupMs)})`],
        ['8 weeks', `${first.length} dates with room (${from} … ${to}), ${fmt.count(held)} places held; plain count sees ${fmt.count(plainRows.reduce((n, r) => n + Number(r.n), 0))} rows`],
        ['GET slots (service)', fmt.spread(m.slots)],
        ['plain indexed count', fmt.spread(m.plain)],
        ['ratio slots ÷ plain', fmt.ratio(m.slots.medianMs / m.plain.medianMs)],
      ]);
    } finally {
      await db.delete(councils).where(eq(councils.id, council.id));
      await db.delete(properties).where(sql`${properties.uprn} between ${FIRST_UPRN} and ${FIRST_UPRN + PROPERTIES - 1}`);
      await database.close();
    }
  },
};
