/**
 * Shared set-up for the bin and container request tests: Testshire (the small bundle) offering
 * four containers, Otherton (reports-setup.ts) offering none, and helpers to pay with the sandbox.
 *
 * Testshire, seen from Wednesday 2 September 2026: HOME (100090000001) has fortnightly Monday refuse
 * (next 14 Sep, round REF-MON), fortnightly Monday recycling (next 7 Sep, REC-MON), weekly Monday
 * food and a garden subscription; NEIGHBOUR has no garden collection; 100090000010 is commercial.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { fixedClock } from '../../server/clock.ts';
import { ensureBankHolidays } from '../../server/services/bank-holidays.ts';
import { importBundle } from '../../server/services/import.ts';
import { payWithCard, SANDBOX_SUCCESS_CARD } from '../../server/services/payments/sandbox.ts';
import { settlePayment } from '../../server/services/requests/lifecycle.ts';
import type { ServiceContext } from '../../server/context.ts';
import { registerKind } from '../../server/services/requests/kinds.ts';
import { containerHooks } from '../../server/services/requests/containers/hooks.ts';
import smallBundle from '../fixtures/small-bundle.json' with { type: 'json' };
import { seedCouncils, WEDNESDAY } from './reports-setup.ts';

export const COMMERCIAL = '100090000010';

/**
 * The lifecycle's own tests register a stand-in kind under `container_request`; in one `bun test`
 * run every file shares the registry, so these tests put the real hooks back before they start.
 */
export function useRealContainerKind() {
  registerKind(containerHooks);
}

export const TESTSHIRE_CONTAINERS = [
  { id: 'refuse-240', service: 'refuse', name: { en: '240L black wheelie bin', cy: 'Bin olwynion du 240L' }, pricePence: 2500, reasons: ['new_property', 'damaged', 'stolen', 'missing'] },
  { id: 'recycling-240', service: 'recycling', name: '240L blue wheelie bin', pricePence: 0, reasons: ['new_property', 'damaged', 'stolen', 'missing', 'extra'] },
  { id: 'food-caddy', service: 'food', name: '23L food caddy', pricePence: 500, reasons: ['damaged', 'missing', 'extra'], maxQuantity: 2 },
  { id: 'garden-240', service: 'garden', name: '240L green wheelie bin', pricePence: 0, reasons: ['damaged', 'stolen', 'missing'] },
];

export async function seedContainerCouncils(database: Database) {
  useRealContainerKind();
  await seedCouncils(database);
  const ctx = { db: database.db, clock: fixedClock(WEDNESDAY) };
  await ensureBankHolidays(ctx);
  // Welsh offered too (English first), so the pages can be checked in both.
  await importBundle(ctx, {
    ...smallBundle,
    council: { ...smallBundle.council, languages: ['en', 'cy'] },
    // A bulky waste service with a Tuesday round, so all three requests can be tried over Open311.
    services: [...smallBundle.services, { id: 'bulky', name: 'Bulky waste', stream: 'bulky', container: 'Large household items', colour: '#6f72af', ewcCode: '20 03 07' }],
    rounds: [...smallBundle.rounds, { id: 'BULKY-TUE', service: 'bulky', name: 'Bulky Tuesday', schedules: [{ from: '2026-01-01', anchor: '2026-01-06', everyWeeks: 1 }] }],
    requests: {
      containers: TESTSHIRE_CONTAINERS,
      garden: { service: 'garden', round: 'GDN-THU', pricePencePerBin: 5000, concessionPencePerBin: 3000, maxBins: 2, year: { startsOn: '04-01' } },
      bulky: {
        pricePence: 3000, itemsIncluded: 2, extraItemPence: 1000, maxItems: 4, weekdays: [2], perDay: 2,
        cutoff: { workingDaysBefore: 1, time: '12:00' }, items: [{ id: 'sofa', name: 'Sofa' }, { id: 'fridge', name: 'Fridge or freezer' }],
      },
    },
  });
}

export async function resetContainerRequests(database: Database) {
  await database.db.execute(sql.raw(
    'truncate resident_requests, request_history, payments, sandbox_payments, container_requests, garden_subscriptions, bulky_bookings, bulky_days, reference_counters, outbox, sessions, users, audit_log, rate_limits, idempotency_keys, api_keys, job_runs restart identity cascade',
  ));
}

export const card = (cardNumber = SANDBOX_SUCCESS_CARD) => ({ cardNumber, month: 12, year: new Date().getUTCFullYear() + 2, name: 'Ada Resident', cvc: '123' });

/** Pays a sandbox payment page's payment with the success card and settles it, as the return page would. */
export async function payAndSettle(ctx: ServiceContext, nextUrl: string) {
  const id = nextUrl.split('/pay/')[1];
  await payWithCard(ctx.db as Database['db'], id, card());
  return settlePayment(ctx, id);
}
