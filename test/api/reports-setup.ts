/**
 * Shared set-up for the missed-report, crew-event, Open311 and outbox tests: Testshire from the
 * small bundle plus a second council (Otherton) to prove council scoping, bank holidays loaded,
 * and a reset that empties only what these tests write.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { fixedClock } from '../../server/clock.ts';
import type { Config } from '../../server/config.ts';
import { addUser, type Role } from '../../server/services/auth.ts';
import { ensureBankHolidays } from '../../server/services/bank-holidays.ts';
import { importBundle } from '../../server/services/import.ts';
import smallBundle from '../fixtures/small-bundle.json' with { type: 'json' };
import { buildTestApp } from '../support/app.ts';

// Testshire: 100090000001 has fortnightly Monday refuse (31 Aug 2026 is a bank holiday: that
// week's Monday collection is on Tuesday 1 Sep), weekly Monday food; 100090000009 has Friday refuse
// (Friday 1 May 2026, then Monday 4 May is a bank holiday).
export const HOME = '100090000001';
export const NEIGHBOUR = '100090000002';
export const FRIDAY_HOME = '100090000009';
export const OTHER_HOME = '200000000001';
/** Wednesday after the Tuesday 1 Sep collection: reportable. */
export const WEDNESDAY = '2026-09-02T10:00:00+01:00';

const otherBundle = {
  council: { slug: 'otherton', name: 'Otherton Borough Council', timezone: 'Europe/London', bankHolidayDivision: 'england-and-wales', bankHolidayRule: 'slip' },
  services: [{ id: 'refuse', name: 'Rubbish', stream: 'residual', container: '240L black wheelie bin', colour: '#1f1f1f', ewcCode: '20 03 01' }],
  rounds: [{ id: 'O-TUE', service: 'refuse', name: 'Otherton Tuesday', schedules: [{ from: '2026-01-01', anchor: '2026-01-06', everyWeeks: 1 }] }],
  properties: [{ uprn: OTHER_HOME, address: '1 Other Road, Otherton', postcode: 'OT1 1AA', lat: 51.5, lon: -0.5, kind: 'domestic' }],
  assignments: [{ uprn: OTHER_HOME, round: 'O-TUE', from: '2026-01-01', sequence: 1 }],
};

export async function seedCouncils(database: Database) {
  const ctx = { db: database.db, clock: fixedClock(WEDNESDAY) };
  await ensureBankHolidays(ctx);
  await importBundle(ctx, smallBundle);
  await importBundle(ctx, otherBundle);
}

/** Empties what these tests write, keeping councils, schedules and properties. */
export async function resetReports(database: Database) {
  await database.db.execute(sql.raw(
    'truncate missed_reports, report_updates, reference_counters, outbox, crew_events, round_runs, rate_limits, idempotency_keys, sessions, users, api_keys, audit_log restart identity cascade',
  ));
}

export const jsonPost = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

export const formPost = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost', ...headers },
  body: new URLSearchParams(fields).toString(),
});

export const report = (over: Record<string, unknown> = {}) => ({
  uprn: HOME, service: 'refuse', name: 'Ada Resident', email: 'ada@example.org', phone: '01234 567890', notes: 'Bin left at the kerb', ...over,
});

export function app(database: Database, now = WEDNESDAY, config: Partial<Config> = {}) {
  return buildTestApp(database, now, config);
}

/** Adds a user and signs in: returns the cookie header value. */
export async function signIn(t: ReturnType<typeof buildTestApp>, council: string, role: Role, email = `${role}@${council}.example`) {
  await addUser(t.deps, { councilSlug: council, email, password: 'a long password', role });
  const res = await t.app.request('/api/v1/auth/login', jsonPost({ email, password: 'a long password' }));
  if (res.status !== 204) throw new Error(`sign-in failed: ${res.status}`);
  return res.headers.get('set-cookie')!.split(';')[0];
}

export const rows = (result: unknown) => ((result as any).rows ?? result) as any[];

export async function count(database: Database, table: string): Promise<number> {
  return Number(rows(await database.db.execute(sql.raw(`select count(*)::int as n from ${table}`)))[0].n);
}
