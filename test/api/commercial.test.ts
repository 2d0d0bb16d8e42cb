import { afterAll, beforeAll, beforeEach, expect, test } from 'bun:test';
import { count, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { assignments, contractLines, contracts, crewEvents } from '../../db/schema/index.ts';
import { importCommercial } from '../../server/services/import-commercial.ts';
import { buildTestApp } from '../support/app.ts';
import { openTestDatabase, resetDatabase } from '../support/db.ts';
import { commercialPart, FIXTURE, jsonPost, seedCommercial, signIn } from './commercial-setup.ts';

let database: Database;
let councilId: number;
let t: ReturnType<typeof buildTestApp>;
const EMAILS: Record<string, string> = {
  officer: 'officer@tradeborough.example', corner: 'owner@cornercafe.example', bean: 'hello@littlebean.example',
  crew: 'crew@tradeborough.example', elsewhere: 'officer@elsewhere.example',
};
let cookies: Record<string, string> = {};
/** A session cookie for `who`, signing in on first use. */
const cookie = async (who: string) => (cookies[who] ??= await signIn(database, t.clock, EMAILS[who]));

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());
beforeEach(async () => {
  await resetDatabase(database);
  t = buildTestApp(database, '2026-09-01T10:00:00+01:00');
  ({ councilId } = await seedCommercial(database, t.deps));
  cookies = {};
});

const get = async (path: string, who: string) => t.app.request(path, { headers: { cookie: await cookie(who) } });

test('charges across the August 2026 bank-holiday month: the 31 Aug collection moves into September, a cancelled one is not charged', async () => {
  const res = await get('/api/v1/commercial/contracts/CW-TB-0001/charges?from=2026-08-01&to=2026-08-31', 'officer');
  expect(res.status).toBe(200);
  const body = await res.json();
  expect(body).toEqual({
    reference: 'CW-TB-0001',
    lines: [
      // Mondays 3, 17, 24 (10th cancelled; 31st slips to Tue 1 Sep) × 2 bins.
      { service: 'trade-refuse', quantity: 2, scheduledLifts: 6, collectedLifts: 0, pricePerLiftPence: 1250, chargePence: 7500 },
      // Mondays 3, 10, 17, 24 (the cancellation is only for the refuse round).
      { service: 'trade-food', quantity: 1, scheduledLifts: 4, collectedLifts: 0, pricePerLiftPence: 600, chargePence: 2400 },
      // Wednesdays 5, 12, 19, 26 (2 Sep slips to 3 Sep).
      { service: 'trade-dmr', quantity: 1, scheduledLifts: 4, collectedLifts: 0, pricePerLiftPence: 450, chargePence: 1800 },
      // Fortnightly Fridays 7 and 21.
      { service: 'trade-paper', quantity: 1, scheduledLifts: 2, collectedLifts: 0, pricePerLiftPence: 400, chargePence: 800 },
    ],
    totalPence: 12500,
  });
  const sep = await (await get('/api/v1/commercial/contracts/CW-TB-0001/charges?from=2026-09-01&to=2026-09-30', 'officer')).json();
  // Tue 1 Sep (moved from the bank holiday), 7, 14, 21, 28.
  expect(sep.lines[0]).toMatchObject({ scheduledLifts: 10, chargePence: 12500 });
});

test('a mid-month start charges only the collections from the start date', async () => {
  const body = await (await get('/api/v1/commercial/contracts/CW-TB-0002/charges?from=2026-08-01&to=2026-08-31', 'bean')).json();
  expect(body.lines).toEqual([
    { service: 'trade-refuse', quantity: 1, scheduledLifts: 2, collectedLifts: 0, pricePerLiftPence: 1300, chargePence: 2600 },
    { service: 'trade-mixed', quantity: 2, scheduledLifts: 4, collectedLifts: 0, pricePerLiftPence: 500, chargePence: 2000 },
  ]);
  expect(body.totalPence).toBe(4600);
});

test('lifts the crew recorded as collected are shown beside the scheduled ones (one per date, × quantity)', async () => {
  const ev = (date: string, outcome: string) => ({
    id: crypto.randomUUID(), councilId, uprn: 900000000001, serviceId: 'trade-refuse', date, outcome, recordedAt: new Date(`${date}T07:00:00Z`),
  });
  await database.db.insert(crewEvents).values([
    ev('2026-08-03', 'collected'), ev('2026-08-17', 'collected'), ev('2026-08-17', 'collected'), ev('2026-08-24', 'not_presented'),
  ]);
  const body = await (await get('/api/v1/commercial/contracts/CW-TB-0001/charges?from=2026-08-01&to=2026-08-31', 'corner')).json();
  expect(body.lines[0]).toMatchObject({ service: 'trade-refuse', scheduledLifts: 6, collectedLifts: 4, chargePence: 7500 });
});

test('the contract sites are on their rounds, so crews see them', async () => {
  const rows = await database.db.select().from(assignments).where(eq(assignments.uprn, 900000000002));
  expect(rows.map((r) => [r.roundId, r.from, r.to]).sort()).toEqual([
    ['TM-THU', '2026-08-15', '2027-08-14'], ['TR-THU', '2026-08-15', '2027-08-14'],
  ]);
});

test('Simpler Recycling for a micro-firm: compliant on 30 March 2027, findings from 31 March 2027', async () => {
  const before = await (await get('/api/v1/commercial/contracts/CW-TB-0002/compliance?on=2027-03-30', 'bean')).json();
  expect(before).toMatchObject({ compliant: true, dutySince: '2027-03-31', findings: [] });
  const on = await (await get('/api/v1/commercial/contracts/CW-TB-0002/compliance?on=2027-03-31', 'officer')).json();
  expect(on.compliant).toBe(false);
  expect(on.dutySince).toBe('2027-03-31');
  expect(on.findings.map((f: { code: string }) => f.code)).toEqual(['food_missing', 'paper_not_separate']);
});

test('Simpler Recycling for 10+ employees: compliant on 30 March 2025, findings from 31 March 2025', async () => {
  const created = await t.app.request('/api/v1/commercial/contracts', jsonPost(await cookie('officer'), {
    reference: 'CW-TB-2025', customer: 'corner-cafe', uprn: '900000000003', start: '2025-01-01', end: '2025-12-31', status: 'active',
    lines: [{ service: 'trade-refuse', round: 'TR-THU', container: '1100L bin', quantity: 1, ewcCode: '20 03 01', pricePerLiftPence: 1000 }],
  }));
  expect(created.status).toBe(201);
  const before = await (await get('/api/v1/commercial/contracts/CW-TB-2025/compliance?on=2025-03-30', 'officer')).json();
  expect(before).toMatchObject({ compliant: true, dutySince: '2025-03-31', findings: [] });
  const on = await (await get('/api/v1/commercial/contracts/CW-TB-2025/compliance?on=2025-03-31', 'officer')).json();
  expect(on.findings).toEqual([
    { code: 'food_missing', message: expect.any(String) },
    { code: 'dry_recycling_missing', message: expect.stringContaining('paper and card, glass, metal and plastic') },
  ]);
  // The fully served café is compliant.
  const corner = await (await get('/api/v1/commercial/contracts/CW-TB-0001/compliance?on=2026-09-01', 'corner')).json();
  expect(corner).toEqual({ compliant: true, dutySince: '2025-03-31', findings: [] });
});

test('one customer never sees another customer’s contracts; other councils and other roles are refused', async () => {
  expect((await get('/api/v1/commercial/contracts/CW-TB-0001/charges?from=2026-08-01&to=2026-08-31', 'bean')).status).toBe(404);
  expect((await get('/api/v1/commercial/contracts/CW-TB-0001/compliance', 'bean')).status).toBe(404);
  expect((await get('/api/v1/commercial/contracts/CW-TB-0002/compliance', 'corner')).status).toBe(404);
  expect((await get('/api/v1/commercial/contracts/CW-TB-0001/compliance', 'elsewhere')).status).toBe(403);
  expect((await get('/api/v1/commercial/contracts/CW-TB-0001/compliance', 'crew')).status).toBe(403);
  expect((await t.app.request('/api/v1/commercial/contracts/CW-TB-0001/compliance')).status).toBe(401);
  const mine = await (await get('/api/v1/commercial/contracts', 'bean')).json();
  expect(mine.map((c: { reference: string }) => c.reference)).toEqual(['CW-TB-0002']);
  const all = await (await get('/api/v1/commercial/contracts', 'officer')).json();
  expect(all.map((c: { reference: string }) => c.reference)).toEqual(['CW-TB-0001', 'CW-TB-0002']);
  expect(await (await get('/api/v1/commercial/contracts', 'elsewhere')).json()).toEqual([]);
});

test('bad query input is a 400 with a code', async () => {
  const bad = await get('/api/v1/commercial/contracts/CW-TB-0001/charges?from=2026-13-01&to=2026-08-31', 'officer');
  expect(bad.status).toBe(400);
  expect((await bad.json()).error.code).toBe('invalid_date');
  const backwards = await get('/api/v1/commercial/contracts/CW-TB-0001/charges?from=2026-09-01&to=2026-08-31', 'officer');
  expect((await backwards.json()).error.code).toBe('invalid_range');
  const unknown = await get('/api/v1/commercial/contracts/NOPE/compliance', 'officer');
  expect(unknown.status).toBe(404);
});

test('bad contracts are refused with a code and nothing is stored', async () => {
  const good = {
    customer: 'little-bean', uprn: '900000000003', start: '2027-01-01', end: '2027-12-31', status: 'active',
    lines: [{ service: 'trade-food', round: 'TF-MON', container: '140L food bin', quantity: 1, ewcCode: '20 01 08', pricePerLiftPence: 600 }],
  };
  const line = good.lines[0];
  const cases: Array<[string, unknown]> = [
    ['site_not_commercial', { ...good, uprn: '900000000004' }],
    ['ewc_code_missing', { ...good, lines: [{ ...line, ewcCode: '' }] }],
    ['ewc_code_missing', { ...good, lines: [{ ...line, ewcCode: undefined }] }],
    ['negative_price', { ...good, lines: [{ ...line, pricePerLiftPence: -5 }] }],
    ['overlapping_contract', { ...good, uprn: '900000000001', start: '2026-12-01' }],
    ['round_service_mismatch', { ...good, lines: [{ ...line, round: 'TR-MON' }] }],
  ];
  const [{ n: before }] = await database.db.select({ n: count() }).from(contracts);
  const [{ n: linesBefore }] = await database.db.select({ n: count() }).from(contractLines);
  for (const [code, body] of cases) {
    const res = await t.app.request('/api/v1/commercial/contracts', jsonPost(await cookie('officer'), body));
    expect([res.status, (await res.json()).error.code]).toEqual([422, code]);
  }
  const [{ n: after }] = await database.db.select({ n: count() }).from(contracts);
  const [{ n: linesAfter }] = await database.db.select({ n: count() }).from(contractLines);
  expect([after, linesAfter]).toEqual([before, linesBefore]);
  // Same site and period, a stream the other contract does not cover: fine.
  const ok = await t.app.request('/api/v1/commercial/contracts', jsonPost(await cookie('officer'), {
    ...good, uprn: '900000000001', start: '2026-12-01', lines: [{ ...line, service: 'trade-mixed', round: 'TM-THU', ewcCode: '15 01 06' }],
  }));
  expect(ok.status).toBe(201);
  expect((await ok.json()).reference).toMatch(/^CW-26-\d{6}$/);
  // Customers cannot create contracts.
  expect((await t.app.request('/api/v1/commercial/contracts', jsonPost(await cookie('bean'), good))).status).toBe(403);
});

test('importing contracts again updates in place; a bad contract in a bundle stores nothing', async () => {
  const again = await database.db.transaction((tx) => importCommercial(tx, councilId, commercialPart()));
  expect(again).toEqual({ customers: 2, contracts: 2, contractLines: 6 });
  const [{ n }] = await database.db.select({ n: count() }).from(contractLines);
  expect(n).toBe(6);

  const bad = structuredClone(FIXTURE);
  bad.contracts.push({ ...bad.contracts[0], reference: 'CW-TB-0003', start: '2026-06-01', end: '2027-05-31' });
  bad.contracts.push({ ...bad.contracts[1], reference: 'CW-TB-0004', uprn: '900000000004' });
  bad.contracts[0] = { ...bad.contracts[0], status: 'suspended' };
  const error = await database.db.transaction((tx) => importCommercial(tx, councilId, commercialPart(bad))).catch((e) => e);
  expect(error.code).toBe('invalid_bundle');
  expect(error.details.errors.join('\n')).toContain('contracts[2].start: overlapping_contract');
  expect(error.details.errors.join('\n')).toContain('contracts[3].uprn: site_not_commercial');
  const [{ n: total }] = await database.db.select({ n: count() }).from(contracts);
  expect(total).toBe(2);
  const [row] = await database.db.select().from(contracts).where(eq(contracts.reference, 'CW-TB-0001'));
  expect(row.status).toBe('active');
});

test('two lines of one service on different rounds: each collected date counts once, on the line scheduled that day', async () => {
  const created = await t.app.request('/api/v1/commercial/contracts', jsonPost(await cookie('officer'), {
    reference: 'CW-TWICE', customer: 'little-bean', uprn: '900000000003', start: '2026-08-01', end: '2026-12-31',
    lines: [
      { service: 'trade-refuse', round: 'TR-MON', container: '1100L bin', quantity: 1, ewcCode: '20 03 01', pricePerLiftPence: 1000 },
      { service: 'trade-refuse', round: 'TR-THU', container: '1100L bin', quantity: 3, ewcCode: '20 03 01', pricePerLiftPence: 900 },
    ],
  }));
  expect(created.status).toBe(201);
  const ev = (date: string) => ({
    id: crypto.randomUUID(), councilId, uprn: 900000000003, serviceId: 'trade-refuse', date, outcome: 'collected', recordedAt: new Date(`${date}T07:00:00Z`),
  });
  // Mon 3 Aug and Thu 6 Aug as scheduled; Tue 4 Aug is on neither round (goes to the first line).
  await database.db.insert(crewEvents).values([ev('2026-08-03'), ev('2026-08-06'), ev('2026-08-04')]);
  const body = await (await get('/api/v1/commercial/contracts/CW-TWICE/charges?from=2026-08-01&to=2026-08-09', 'officer')).json();
  expect(body.lines.map((l: { scheduledLifts: number; collectedLifts: number }) => [l.scheduledLifts, l.collectedLifts])).toEqual([[1, 2], [3, 3]]);
  expect(body.totalPence).toBe(1000 + 2700);
});

test('officers add customers through the API; customers and crews cannot', async () => {
  const body = { id: 'new-deli', name: 'New Deli', address: '3 Market Street', sic: '47290', employees: 3, email: 'deli@example.org' };
  const res = await t.app.request('/api/v1/commercial/customers', jsonPost(await cookie('officer'), body));
  expect(res.status).toBe(201);
  expect(await res.json()).toMatchObject({ id: 'new-deli', employees: 3, companyNumber: null });
  expect((await t.app.request('/api/v1/commercial/customers', jsonPost(await cookie('bean'), body))).status).toBe(403);
  const bad = await t.app.request('/api/v1/commercial/customers', jsonPost(await cookie('officer'), { ...body, sic: '123' }));
  expect(bad.status).toBe(400);
});
