/**
 * A council offering bulky waste collections on Tuesdays and Thursdays (BULKY-TUE, BULKY-THU, no
 * assignments), with a refuse round, two homes, a business and a council that offers nothing.
 * The clock starts on Monday 7 September 2026 at 09:00 (cut-off for Tuesday 8th: Monday 12:00).
 */
import type { Database } from '../../db/client.ts';
import { assignments, bankHolidays, councils, properties, roundSchedules, rounds, services } from '../../db/schema/index.ts';
import { paymentsFor } from '../../server/services/payments/index.ts';
import { payWithCard, SANDBOX_SUCCESS_CARD } from '../../server/services/payments/sandbox.ts';
import { settlePayment } from '../../server/services/requests/lifecycle.ts';
import { requestsSchema } from '../../server/domain/requests/config.ts';
import { buildTestApp } from '../support/app.ts';

export const NOW = '2026-09-07T09:00:00+01:00';
export const HOME = 1001;
export const HOME2 = 1002;
export const SHOP = 1003;
export const ELSEWHERE = 2001;

export const bulkyConfig = (perDay = 8) => requestsSchema.parse({
  bulky: {
    pricePence: 3000, itemsIncluded: 3, extraItemPence: 1000, maxItems: 6, weekdays: [2, 4], perDay,
    cutoff: { workingDaysBefore: 1, time: '12:00' }, refund: 'full',
    items: [{ id: 'sofa', name: { en: 'Sofa', cy: 'Soffa' } }, { id: 'fridge', name: 'Fridge or freezer' }, { id: 'table', name: 'Table' }],
  },
});

export async function setupBulky(database: Database, perDay = 8, config: Parameters<typeof buildTestApp>[2] = {}) {
  const t = buildTestApp(database, NOW, { rateLimitPerMinute: 10_000, ...config });
  const db = database.db;
  const [{ id: councilId }, { id: otherId }] = await db.insert(councils)
    .values([{ slug: 'demo', name: 'Demo', requests: bulkyConfig(perDay) }, { slug: 'other', name: 'Other' }])
    .returning({ id: councils.id });
  await db.insert(bankHolidays).values({ division: 'england-and-wales', date: '2026-12-25', title: 'Christmas Day' });
  await db.insert(services).values([
    { councilId, id: 'refuse', name: 'Rubbish', stream: 'residual', container: 'Black bin', colour: '#1f1f1f' },
    { councilId, id: 'bulky', name: 'Bulky waste', stream: 'bulky', container: 'Large household items', colour: '#6f72af' },
    { councilId: otherId, id: 'refuse', name: 'Rubbish', stream: 'residual', container: 'Bin', colour: '#000000' },
  ]);
  await db.insert(rounds).values([
    { councilId, id: 'REF-MON', serviceId: 'refuse', name: 'Refuse Monday' },
    { councilId, id: 'BULKY-TUE', serviceId: 'bulky', name: 'Bulky Tuesday' },
    { councilId, id: 'BULKY-THU', serviceId: 'bulky', name: 'Bulky Thursday' },
    { councilId: otherId, id: 'REF-MON', serviceId: 'refuse', name: 'Other Monday' },
  ]);
  await db.insert(roundSchedules).values([
    { councilId, roundId: 'REF-MON', from: '2026-01-01', anchor: '2026-01-05', everyWeeks: 1 },
    { councilId, roundId: 'BULKY-TUE', from: '2026-01-01', anchor: '2026-01-06', everyWeeks: 1 },
    { councilId, roundId: 'BULKY-THU', from: '2026-01-01', anchor: '2026-01-08', everyWeeks: 1 },
    { councilId: otherId, roundId: 'REF-MON', from: '2026-01-01', anchor: '2026-01-05', everyWeeks: 1 },
  ]);
  const prop = (uprn: number, cid: number, address: string, kind = 'domestic') =>
    ({ uprn, councilId: cid, address, postcode: 'DE1 1AA', lat: 52.9 + uprn / 1e6, lon: -1.47, kind });
  await db.insert(properties).values([
    prop(HOME, councilId, '1 High Street'), prop(HOME2, councilId, '2 High Street'), prop(SHOP, councilId, '3 High Street', 'commercial'),
    prop(ELSEWHERE, otherId, '1 Other Road'),
  ]);
  await db.insert(assignments).values([{ councilId, uprn: HOME, roundId: 'REF-MON', from: '2026-01-01', sequence: 1 }]);
  return { ...t, councilId, otherId };
}

export const json = (body: unknown, headers: Record<string, string> = {}) =>
  ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

export const booking = (over: Record<string, unknown> = {}) => ({
  uprn: String(HOME), date: '2026-09-10', items: [{ id: 'sofa', quantity: 1 }], location: 'Front garden',
  name: 'Ann Resident', email: 'ann@example.test', ...over,
});

/** Pays a booking with the sandbox's success card and settles it, as the resident's return would. */
export async function payFor(t: { deps: any }, nextUrl: string) {
  const id = nextUrl.split('/pay/')[1];
  const card = { cardNumber: SANDBOX_SUCCESS_CARD, month: 12, year: 2030, name: 'Ann Resident', cvc: '123' };
  const outcome = await payWithCard(t.deps.db, id, card);
  if (outcome?.result !== 'success') throw new Error(`sandbox said ${JSON.stringify(outcome)}`);
  const ctx = { db: t.deps.db, clock: t.deps.clock, payments: paymentsFor(t.deps) };
  return settlePayment(ctx, id);
}
