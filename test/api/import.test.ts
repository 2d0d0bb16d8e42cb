import { afterAll, beforeAll, beforeEach, expect, test } from 'bun:test';
import { count, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import {
  assignments, bankHolidays, contractLines, contracts, councils, customers, properties, roundSchedules, rounds, scheduleExceptions, services,
} from '../../db/schema/index.ts';
import { fixedClock } from '../../server/clock.ts';
import type { ServiceContext } from '../../server/context.ts';
import { DomainError } from '../../server/errors.ts';
import { checkBundle, importBundle } from '../../server/services/import.ts';
import { loadPropertySchedule } from '../../server/services/schedule.ts';
import { openTestDatabase, resetDatabase } from '../support/db.ts';
import smallBundle from '../fixtures/small-bundle.json' with { type: 'json' };
import northshireBundle from '../fixtures/northshire-bundle.json' with { type: 'json' };

let database: Database;
let ctx: ServiceContext;
beforeAll(async () => {
  database = await openTestDatabase();
  ctx = { db: database.db, clock: fixedClock('2026-11-27T09:00:00Z') };
});
afterAll(() => database.close());
beforeEach(() => resetDatabase(database));

const fresh = () => structuredClone(smallBundle) as any;

async function tableCounts() {
  const n = async (t: any) => (await database.db.select({ n: count() }).from(t))[0].n;
  return {
    councils: await n(councils), services: await n(services), rounds: await n(rounds), roundSchedules: await n(roundSchedules),
    properties: await n(properties), assignments: await n(assignments), exceptions: await n(scheduleExceptions),
    customers: await n(customers), contracts: await n(contracts), contractLines: await n(contractLines),
  };
}

async function importErrors(bundle: unknown): Promise<string[]> {
  try {
    await importBundle(ctx, bundle);
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    const e = err as DomainError;
    expect(e.code).toBe('invalid_bundle');
    expect(e.status).toBe(422);
    return e.details!.errors as string[];
  }
  throw new Error('expected the import to be refused');
}

test('imports the small bundle and reports counts per entity', async () => {
  const report = await importBundle(ctx, fresh());
  expect(report.council).toMatchObject({ slug: 'testshire', name: 'Testshire District Council', created: true, scheduleVersion: 1 });
  expect(report.counts).toEqual({
    services: 4, rounds: 6, roundSchedules: 7, properties: 10, assignments: 29, exceptions: 1, customers: 0, contracts: 0, contractLines: 0,
  });
  expect(await tableCounts()).toMatchObject({ councils: 1, services: 4, rounds: 6, roundSchedules: 7, properties: 10, assignments: 29, exceptions: 1 });
  // Postcodes are stored normalised; the exception gets its default id.
  const [p] = await database.db.select().from(properties).where(eq(properties.uprn, 100090000005));
  expect(p.postcode).toBe('TE1 1AD');
  const [x] = await database.db.select().from(scheduleExceptions);
  expect(x.id).toBe('2026-12-25:REF-FRI:');
  // The shipped bank holidays came along, so the schedule engine sees the summer bank holiday.
  expect((await database.db.select({ n: count() }).from(bankHolidays))[0].n).toBeGreaterThan(100);
});

test('importing the same bundle again updates in place and bumps the schedule version', async () => {
  await importBundle(ctx, fresh());
  const before = await tableCounts();
  const b = fresh();
  b.properties[0].address = '1 Acorn Way, Testbury Village';
  b.rounds[0].schedules = [{ from: '2026-01-01', anchor: '2026-01-12', everyWeeks: 2 }];
  const again = await importBundle(ctx, b);
  expect(again.council.created).toBe(false);
  expect(again.council.scheduleVersion).toBe(2);
  expect(await tableCounts()).toEqual(before);
  const [p] = await database.db.select().from(properties).where(eq(properties.uprn, 100090000001));
  expect(p.address).toBe('1 Acorn Way, Testbury Village');
  const periods = await database.db.select().from(roundSchedules).where(eq(roundSchedules.roundId, 'REF-MON'));
  expect(periods.map((r) => r.anchor)).toEqual(['2026-01-12']);
});

test("a round's periods are replaced by the bundle's set", async () => {
  await importBundle(ctx, fresh());
  const b = fresh();
  b.rounds[0].schedules = [
    { from: '2026-01-01', to: '2026-06-30', anchor: '2026-01-05', everyWeeks: 2 },
    { from: '2026-07-01', anchor: '2026-07-06', everyWeeks: 1 },
  ];
  await importBundle(ctx, b);
  const periods = await database.db.select().from(roundSchedules).where(eq(roundSchedules.roundId, 'REF-MON'));
  expect(periods.map((r) => [r.from, r.to, r.everyWeeks]).sort()).toEqual([
    ['2026-01-01', '2026-06-30', 2],
    ['2026-07-01', null, 1],
  ]);
});

test('bad rows are all listed with their paths and nothing is written', async () => {
  const b = fresh();
  b.properties[3].uprn = '12ab';
  b.properties[5].postcode = 'nope';
  b.assignments[0].round = 'REF-TUE';
  b.rounds[1].service = 'paper';
  b.exceptions[0].rounds = ['REF-SAT'];
  b.exceptions[0].services = ['bulky'];
  b.assignments.push({ uprn: '999999999999', round: 'REF-MON', from: '2026-01-01', sequence: 1 });
  const errors = await importErrors(b);
  expect(errors).toEqual([
    'properties[3].uprn: must be 1–12 digits',
    'properties[5].postcode: must be a UK postcode such as "DE1 1AA"',
    'rounds[1].service: unknown service "paper"',
    'assignments[0].round: unknown round "REF-TUE"',
    // properties[3] was 100090000004 before its UPRN was spoilt, so its assignments now point nowhere.
    'assignments[9].uprn: unknown property 100090000004 (not in the bundle or this council)',
    'assignments[10].uprn: unknown property 100090000004 (not in the bundle or this council)',
    'assignments[11].uprn: unknown property 100090000004 (not in the bundle or this council)',
    'assignments[29].uprn: unknown property 999999999999 (not in the bundle or this council)',
    'exceptions[0].rounds[0]: unknown round "REF-SAT"',
    'exceptions[0].services[0]: unknown service "bulky"',
  ]);
  expect(await tableCounts()).toMatchObject({ councils: 0, properties: 0, assignments: 0 });
  expect((await database.db.select({ n: count() }).from(bankHolidays))[0].n).toBe(0);
});

test('a refused re-import leaves the earlier import untouched', async () => {
  await importBundle(ctx, fresh());
  const before = await tableCounts();
  const b = fresh();
  b.properties[0].address = 'Changed';
  b.assignments[1].sequence = -1;
  expect(await importErrors(b)).toEqual(['assignments[1].sequence: Too small: expected number to be >=0']);
  expect(await tableCounts()).toEqual(before);
  const [c] = await database.db.select().from(councils);
  expect(c.scheduleVersion).toBe(1);
  const [p] = await database.db.select().from(properties).where(eq(properties.uprn, 100090000001));
  expect(p.address).toBe('1 Acorn Way, Testbury');
});

test('a UPRN that belongs to another council is refused', async () => {
  await importBundle(ctx, northshireBundle);
  const b = fresh();
  b.properties[9].uprn = '906700000002';
  b.assignments.find((a: any) => a.uprn === '100090000010').uprn = '906700000002';
  const errors = await importErrors(b);
  expect(errors).toEqual(['properties[9].uprn: 906700000002 already belongs to another council']);
  const [owner] = await database.db.select().from(properties).where(eq(properties.uprn, 906700000002));
  expect(owner.address).toBe('2 Harbour Street, Northtown');
  expect((await tableCounts()).councils).toBe(1);
});

test('a later bundle may refer to rounds, services and properties the council already has', async () => {
  await importBundle(ctx, fresh());
  const report = await importBundle(ctx, {
    council: smallBundle.council,
    properties: [{ uprn: '100090000099', address: '9 Chapel Lane, Testbury', postcode: 'TE1 2AB', lat: 52.06, lon: -1.03 }],
    assignments: [
      { uprn: '100090000099', round: 'REF-FRI', from: '2026-12-01', sequence: 20 },
      { uprn: '100090000001', round: 'REF-FRI', from: '2027-01-01', sequence: 30 },
    ],
    exceptions: [{ id: 'snow-1', date: '2026-12-07', action: 'cancel', services: ['refuse'], reason: 'Snow' }],
  });
  expect(report.counts).toMatchObject({ properties: 1, assignments: 2, exceptions: 1, services: 0 });
  expect(await tableCounts()).toMatchObject({ properties: 11, assignments: 31, exceptions: 2 });
  // But another council's property cannot be assigned from this council's bundle.
  await importBundle(ctx, northshireBundle);
  expect(await importErrors({ council: smallBundle.council, assignments: [{ uprn: '906700000001', round: 'REF-MON', from: '2026-01-01', sequence: 1 }] }))
    .toEqual(['assignments[0].uprn: unknown property 906700000001 (not in the bundle or this council)']);
});

test('the imported schedule answers: Monday 31 Aug 2026 refuse slips to Tuesday for the summer bank holiday', async () => {
  await importBundle(ctx, fresh());
  const ps = await loadPropertySchedule(ctx, 100090000001);
  const list = ps.collections('2026-08-31', '2026-09-06', { services: ['refuse'] });
  expect(list.map((o: any) => [o.date, o.originalDate, o.changed])).toEqual([['2026-09-01', '2026-08-31', true]]);
  const xmas = (await loadPropertySchedule(ctx, 100090000009)).collections('2026-12-21', '2026-12-27', { services: ['refuse'] });
  expect(xmas.map((o: any) => [o.date, o.reason])).toEqual([['2026-12-26', 'Christmas Day']]);
});

test('customers, contracts and their lines are imported; lines are replaced on re-import', async () => {
  const b = fresh();
  b.customers = [{ id: 'CROWN', name: 'The Crown Inn', address: '1 Market Place, Testbury', sic: '56302', employees: 12, email: 'landlord@crown.example' }];
  b.contracts = [{
    reference: 'TS-0001', customer: 'CROWN', uprn: '100090000010', start: '2026-04-01', end: '2027-03-31', status: 'active',
    lines: [
      { service: 'refuse', round: 'COM-WED', container: '1100L bin', quantity: 2, ewcCode: '20 03 01', pricePerLiftPence: 1450 },
      { service: 'food', round: 'FOOD-MON', container: '140L bin', quantity: 1, ewcCode: '20 01 08', pricePerLiftPence: 600 },
    ],
  }];
  expect((await importBundle(ctx, b)).counts).toMatchObject({ customers: 1, contracts: 1, contractLines: 2 });
  b.contracts[0].lines.pop();
  await importBundle(ctx, b);
  expect(await tableCounts()).toMatchObject({ customers: 1, contracts: 1, contractLines: 1 });
  b.contracts[0].customer = 'NOBODY';
  b.contracts[0].lines[0].round = 'NOPE';
  expect(await importErrors(b)).toEqual([
    'contracts[0].customer: unknown customer "NOBODY"',
    'contracts[0].lines[0].round: unknown round "NOPE"',
  ]);
});

test('checkBundle lists the same errors without writing', async () => {
  expect(await checkBundle(ctx, fresh())).toEqual([]);
  expect(await checkBundle(ctx, { council: { slug: 'x', name: 'X' }, assignments: [{ uprn: '5', round: 'R', from: '2026-01-01', sequence: 1 }] }))
    .toEqual(['assignments[0].round: unknown round "R"', 'assignments[0].uprn: unknown property 5 (not in the bundle or this council)']);
  expect((await tableCounts()).councils).toBe(0);
});

test('20,000 properties import in one go (chunked inserts) and re-import as updates', async () => {
  const b = fresh();
  b.properties = Array.from({ length: 20_000 }, (_, i) => ({
    uprn: String(200000000000 + i), address: `${i + 1} Long Road, Testbury`, postcode: 'TE1 1AB', lat: 52.05, lon: -1.02,
  }));
  b.assignments = b.properties.map((p: any, i: number) => ({ uprn: p.uprn, round: 'FOOD-MON', from: '2026-01-01', sequence: i + 1 }));
  await importBundle(ctx, b);
  await importBundle(ctx, b);
  expect(await tableCounts()).toMatchObject({ properties: 20_000, assignments: 20_000 });
  const [row] = await database.db.select({ m: sql<number>`max(${assignments.sequence})` }).from(assignments);
  expect(Number(row.m)).toBe(20_000);
}, 60_000);

test('the CLI imports a file and exits 1 listing bad rows', async () => {
  const dir = `${process.env.TMPDIR ?? '/tmp'}/kerbside-import-cli-${process.pid}`;
  const env = { ...process.env, KERBSIDE_DATA_DIR: dir, DATABASE_URL: '' };
  const bad = fresh();
  bad.properties[0].uprn = '1234567890123';
  const badFile = `${dir}-bad.json`;
  await Bun.write(badFile, JSON.stringify(bad));
  const run = (file: string) => Bun.spawnSync(['bun', 'server/cli.ts', 'import', file], { env, cwd: `${import.meta.dir}/../..` });
  const refused = run(badFile);
  expect(refused.exitCode).toBe(1);
  expect(refused.stderr.toString()).toContain('properties[0].uprn: must be 1–12 digits');
  const ok = run(`${import.meta.dir}/../fixtures/small-bundle.json`);
  expect(ok.stdout.toString()).toContain('properties');
  expect(ok.exitCode).toBe(0);
  await Bun.$`rm -rf ${dir} ${badFile}`.quiet();
}, 60_000);
