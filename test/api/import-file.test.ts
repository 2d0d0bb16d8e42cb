/**
 * The streaming file import (`importBundleFile`): the same report, and the same list of errors in
 * the same order, as `importBundle` gives for the parsed file; nothing written when refused.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { assignments, councils, properties, rounds } from '../../db/schema/index.ts';
import { fixedClock } from '../../server/clock.ts';
import type { ServiceContext } from '../../server/context.ts';
import { JsonStreamError } from '../../server/domain/json-stream.ts';
import { DomainError } from '../../server/errors.ts';
import { importBundle, importBundleFile, type ImportProgress } from '../../server/services/import.ts';
import { openTestDatabase, resetDatabase } from '../support/db.ts';
import smallBundle from '../fixtures/small-bundle.json' with { type: 'json' };
import northshireBundle from '../fixtures/northshire-bundle.json' with { type: 'json' };

let database: Database;
let ctx: ServiceContext;
let dir: string;
beforeAll(async () => {
  database = await openTestDatabase();
  ctx = { db: database.db, clock: fixedClock('2026-11-27T09:00:00Z') };
  dir = mkdtempSync(join(tmpdir(), 'kerbside-import-file-'));
});
afterAll(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => resetDatabase(database));

const fresh = () => structuredClone(smallBundle) as any;
let n = 0;
async function file(content: unknown, raw = false): Promise<string> {
  const path = join(dir, `b${n++}.json`);
  await Bun.write(path, raw ? String(content) : JSON.stringify(content, null, 1));
  return path;
}

async function errorsOf(run: () => Promise<unknown>): Promise<string[]> {
  try {
    await run();
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    expect(err.code).toBe('invalid_bundle');
    return err.details!.errors as string[];
  }
  throw new Error('expected the import to be refused');
}

const rowCounts = async () => {
  const c = async (t: any) => (await database.db.select({ n: count() }).from(t))[0].n;
  return { councils: await c(councils), rounds: await c(rounds), properties: await c(properties), assignments: await c(assignments) };
};

/** The errors from both paths, on the same database state. */
async function bothErrors(bundle: unknown) {
  const path = await file(bundle);
  return { memory: await errorsOf(() => importBundle(ctx, bundle)), file: await errorsOf(() => importBundleFile(ctx, path)) };
}

test('a valid bundle file imports with the same report as importBundle, and again as updates', async () => {
  const path = await file(fresh());
  const first = await importBundleFile(ctx, path);
  expect(first.council).toMatchObject({ slug: 'testshire', created: true, scheduleVersion: 1 });
  expect(first.counts).toEqual({
    services: 4, rounds: 6, roundSchedules: 7, properties: 10, assignments: 29, exceptions: 1, customers: 0, contracts: 0, contractLines: 0,
  });
  const again = await importBundleFile(ctx, path);
  const memory = await importBundle(ctx, fresh());
  expect(again.counts).toEqual(memory.counts);
  expect([again.council.scheduleVersion, memory.council.scheduleVersion]).toEqual([2, 3]);
  expect(await rowCounts()).toEqual({ councils: 1, rounds: 6, properties: 10, assignments: 29 });
});

test('every kind of bad row gives the same errors, in the same order, as importBundle', async () => {
  await importBundle(ctx, northshireBundle);
  const cases: unknown[] = [];
  let b = fresh();
  b.properties[3].uprn = '12ab';
  b.properties[5].postcode = 'nope';
  b.properties[6].colour = '#fff';
  b.assignments[0].round = 'REF-TUE';
  b.assignments[2].from = '2026-02-30';
  b.rounds[1].service = 'paper';
  b.rounds[0].schedules[0].everyWeeks = 5;
  b.exceptions[0].rounds = ['REF-SAT'];
  b.services[1].stream = 'compost';
  b.assignments.push({ uprn: '999999999999', round: 'REF-MON', from: '2026-01-01', sequence: 1 });
  cases.push(b);
  b = fresh(); // duplicates, including UPRNs written differently and a repeated assignment
  b.properties[1].uprn = Number(b.properties[0].uprn);
  b.properties[2].uprn = b.properties[0].uprn;
  b.assignments.push({ ...b.assignments[4] }, { ...b.assignments[0] });
  b.services.push({ ...b.services[0] });
  b.properties[9].uprn = '906700000002'; // another council's
  cases.push(b);
  b = fresh(); // the council itself is bad: shapes only, no references
  b.council.slug = 'Bad Slug';
  b.assignments[0].round = 'NOPE';
  cases.push(b);
  cases.push({ council: { slug: 'x', name: 'X' }, properties: 'no', assignments: [1, null] });
  cases.push({ properties: [] });
  cases.push({ council: { slug: 'x', name: 'X' }, assignments: [{ uprn: '906700000001', round: 'R', from: '2026-01-01', sequence: 1 }] });
  // Sections in another order in the file: errors keep the canonical order.
  const { council, ...rest } = cases[0] as any;
  cases.push({ assignments: rest.assignments, properties: rest.properties, ...rest, council });
  for (const c of cases) {
    const { memory, file } = await bothErrors(c);
    expect(memory.length).toBeGreaterThan(0);
    expect(file).toEqual(memory);
  }
  expect(await rowCounts()).toMatchObject({ councils: 1 });
});

test('a top level that is not an object, and text that is not JSON, are refused', async () => {
  expect(await errorsOf(async () => importBundleFile(ctx, await file([1, 2])))).toEqual(await errorsOf(() => importBundle(ctx, [1, 2])));
  expect(importBundleFile(ctx, await file('{"council": {"slug": "x", "name": "X"}, "properties": [{"uprn": 1},]}', true)))
    .rejects.toBeInstanceOf(JsonStreamError);
  expect(importBundleFile(ctx, await file('{"council": {}', true))).rejects.toBeInstanceOf(JsonStreamError);
  expect((await rowCounts()).councils).toBe(0);
});

/** 20,000 properties, each on two rounds. */
function big() {
  const b = fresh();
  b.properties = Array.from({ length: 20_000 }, (_, i) => ({
    uprn: String(200000000000 + i), address: `${i + 1} Long Road, Testbury`, postcode: 'te1 1ab', lat: 52.05, lon: -1.02,
  }));
  b.assignments = b.properties.flatMap((p: any, i: number) => [
    { uprn: p.uprn, round: 'FOOD-MON', from: '2026-01-01', sequence: i + 1 },
    { uprn: p.uprn, round: 'REF-MON', from: '2026-01-01', sequence: i + 1 },
  ]);
  return b;
}

test('20,000 properties stream in with progress and the same report as importBundle', async () => {
  const b = big();
  const seen: ImportProgress[] = [];
  const report = await importBundleFile(ctx, await file(b), { onProgress: (p) => seen.push(p) });
  expect(report.counts).toMatchObject({ properties: 20_000, assignments: 40_000 });
  expect(await rowCounts()).toMatchObject({ properties: 20_000, assignments: 40_000 });
  expect(seen.filter((p) => p.phase === 'writing').at(-1)).toMatchObject({ section: 'assignments', done: 40_000, total: 40_000 });
  expect(seen.some((p) => p.phase === 'writing' && p.section === 'properties' && p.done === 20_000 && p.total === 20_000)).toBe(true);
  const memory = await importBundle(ctx, big());
  expect(memory.counts).toEqual(report.counts);
  expect(await rowCounts()).toMatchObject({ properties: 20_000, assignments: 40_000 });
}, 120_000);

test('assignments before properties in the file still import (properties are written first)', async () => {
  const { assignments: a, properties: p, ...rest } = big();
  const report = await importBundleFile(ctx, await file({ assignments: a, ...rest, properties: p }));
  expect(report.counts).toMatchObject({ properties: 20_000, assignments: 40_000 });
  expect(await rowCounts()).toMatchObject({ properties: 20_000, assignments: 40_000 });
}, 120_000);

test('a 20,000-property bundle with one bad row at the end writes nothing', async () => {
  const b = big();
  b.properties[19_999].postcode = 'nope';
  b.assignments.push({ ...b.assignments[39_999] });
  const errors = await errorsOf(async () => importBundleFile(ctx, await file(b)));
  expect(errors).toEqual(await errorsOf(() => importBundle(ctx, b)));
  expect(errors).toEqual(['properties[19999].postcode: must be a UK postcode such as "DE1 1AA"', 'assignments[40000]: duplicates assignments[39999]']);
  expect(await rowCounts()).toEqual({ councils: 0, rounds: 0, properties: 0, assignments: 0 });
}, 120_000);
