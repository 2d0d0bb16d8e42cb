import { afterAll, beforeAll, beforeEach, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { auditLog, contracts, councils, transferNotes } from '../../db/schema/index.ts';
import { sha256 } from '../../server/services/auth.ts';
import { buildTestApp } from '../support/app.ts';
import { openTestDatabase, resetDatabase } from '../support/db.ts';
import { pdfText } from '../support/pdf-text.ts';
import { formPost, seedCommercial, signIn } from './commercial-setup.ts';

let database: Database;
let t: ReturnType<typeof buildTestApp>;
const EMAILS: Record<string, string> = {
  officer: 'officer@tradeborough.example', corner: 'owner@cornercafe.example', bean: 'hello@littlebean.example',
  crew: 'crew@tradeborough.example', elsewhere: 'officer@elsewhere.example',
};
let cookies: Record<string, string> = {};
/** A session cookie for `who`, signing in on first use (clear `cookies` after the clock jumps past the session lifetime). */
const cookie = async (who: string) => (cookies[who] ??= await signIn(database, t.clock, EMAILS[who]));

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());
beforeEach(async () => {
  await resetDatabase(database);
  t = buildTestApp(database, '2026-08-10T09:00:00+01:00');
  await seedCommercial(database, t.deps);
  cookies = {};
});

const get = async (path: string, who?: string) => t.app.request(path, { headers: who ? { cookie: await cookie(who) } : {} });
const post = async (path: string, who: string, body: Record<string, string>) => t.app.request(path, formPost(await cookie(who), body));

async function issueNote(reference = 'CW-TB-0002', carrier = 'CBDU123456') {
  const res = await post(`/officer/commercial/contracts/${reference}/transfer-notes`, 'officer', { carrierRegistration: carrier });
  expect(res.status).toBe(303);
  return Number(res.headers.get('location')!.match(/transfer-notes\/(\d+)/)![1]);
}

test('a café contract set up by an officer: crew collects it, the café accepts its transfer note and downloads its statement', async () => {
  // The officer sets up the contract from the form.
  const created = await post('/officer/commercial/contracts', 'officer', {
    customer: 'little-bean', uprn: '900000000003', start: '2026-08-17', end: '2027-08-16',
    'lines.0.service': 'trade-food', 'lines.0.round': 'TF-MON', 'lines.0.container': '140L food bin', 'lines.0.quantity': '2',
    'lines.0.ewcCode': '20 01 08', 'lines.0.pricePerLiftPence': '550',
  });
  expect(created.status).toBe(303);
  const reference = decodeURIComponent(created.headers.get('location')!.match(/contracts\/([^?]+)/)![1]);
  expect(reference).toMatch(/^CW-26-\d{6}$/);

  // The crew sees the stop on its round on 17 August and records it collected.
  t.clock.set('2026-08-17T08:00:00+01:00');
  cookies = {};
  const round = await (await get('/api/v1/crew/rounds/TF-MON/2026-08-17', 'crew')).json();
  expect(round.stops.map((s: { uprn: string | number }) => String(s.uprn))).toContain('900000000003');
  const sent = await t.app.request('/api/v1/crew/events', {
    method: 'POST', headers: { cookie: await cookie('crew'), 'content-type': 'application/json' },
    body: JSON.stringify({ events: [{ id: crypto.randomUUID(), uprn: '900000000003', service: 'trade-food', date: '2026-08-17', outcome: 'collected', recordedAt: '2026-08-17T08:05:00+01:00' }] }),
  });
  expect(sent.status).toBe(200);

  // The officer issues the season-ticket transfer note.
  const id = await issueNote(reference);
  const [note] = await database.db.select().from(transferNotes).where(eq(transferNotes.id, id));
  expect([note.periodStart, note.periodEnd, note.transfereeSignedBy]).toEqual(['2026-08-17', '2027-08-16', 'Olive Officer']);

  // The café reads and accepts it.
  const page = await get(`/business/transfer-notes/${id}`, 'bean');
  expect(page.status).toBe(200);
  const html = await page.text();
  for (const text of ['Little Bean', '56102', 'CBDU123456', '20 01 08', 'Biodegradable kitchen and canteen waste', '2 × 140L food bin',
    'Flat above the Shop', 'waste hierarchy', 'Tradeborough Council', 'Monday 17 August 2026 to Monday 16 August 2027']) {
    expect(html).toContain(text);
  }
  const missing = await post(`/business/transfer-notes/${id}/accept`, 'bean', { name: '', role: '' });
  expect(missing.status).toBe(422);
  expect(await missing.text()).toContain('Enter your full name');
  t.clock.set('2026-08-18T12:00:00+01:00');
  const accepted = await post(`/business/transfer-notes/${id}/accept`, 'bean', { name: 'Bea Bean', role: 'Owner' });
  expect(accepted.status).toBe(303);
  const [signed] = await database.db.select().from(transferNotes).where(eq(transferNotes.id, id));
  expect([signed.transferorSignedBy, signed.transferorRole, signed.transferorSignedAt?.toISOString()]).toEqual(['Bea Bean', 'Owner', '2026-08-18T11:00:00.000Z']);
  expect((await post(`/business/transfer-notes/${id}/accept`, 'bean', { name: 'Bea Bean', role: 'Owner' })).status).toBe(409);
  // Issue and acceptance are in the audit trail under the contract, in the writes' own transactions.
  const trail = await database.db.select().from(auditLog).where(eq(auditLog.entityId, reference));
  expect(trail.filter((r) => r.entity === 'contract').map((r) => r.action)).toEqual(expect.arrayContaining(['transfer_note.issue', 'transfer_note.accept']));

  // The PDF opens and holds the fields and both signatures.
  const pdf = await get(`/business/transfer-notes/${id}.pdf`, 'bean');
  expect(pdf.headers.get('content-type')).toBe('application/pdf');
  const text = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
  for (const s of ['Waste transfer note', reference, 'Little Bean', '56102', 'CBDU123456', '20 01 08', '2 × 140L food bin',
    'Flat above the Shop', 'Waste hierarchy declaration', 'Bea Bean, Owner', 'Olive Officer', 'Monday 24 August 2026']) {
    expect(text).toContain(s);
  }

  // The café downloads its August statement: 17, 24 Aug scheduled (31st slips into September), one collected.
  const csv = await get(`/business/contracts/${reference}/statement.csv?from=2026-08-01&to=2026-08-31`, 'bean');
  expect(csv.status).toBe(200);
  expect(csv.headers.get('content-type')).toContain('text/csv');
  const rows = (await csv.text()).trim().split('\r\n').map((r) => r.split(','));
  expect(rows[0]).toEqual(['contract', 'month', 'from', 'to', 'service', 'service_name', 'container', 'quantity', 'scheduled_lifts', 'collected_lifts', 'price_per_lift', 'charge']);
  expect(rows[1]).toEqual([reference, '2026-08', '2026-08-17', '2026-08-31', 'trade-food', 'Trade food waste', '140L food bin', '2', '4', '2', '5.50', '22.00']);
  expect(rows[2]).toEqual([reference, 'total', '2026-08-01', '2026-08-31', '', '', '', '', '', '', '', '22.00']);
  const screen = await (await get(`/business/contracts/${reference}/statement?from=2026-08-01&to=2026-08-31`, 'bean')).text();
  expect(screen).toContain('£22.00');
});

test('the portal shows only the customer’s own contracts and notes', async () => {
  const id = await issueNote('CW-TB-0001');
  const home = await (await get('/business', 'bean')).text();
  expect(home).toContain('CW-TB-0002');
  expect(home).not.toContain('CW-TB-0001');
  expect((await get('/business/contracts/CW-TB-0001', 'bean')).status).toBe(404);
  expect((await get(`/business/transfer-notes/${id}`, 'bean')).status).toBe(404);
  expect((await get(`/business/transfer-notes/${id}.pdf`, 'bean')).status).toBe(404);
  expect((await post(`/business/transfer-notes/${id}/accept`, 'bean', { name: 'X', role: 'Y' })).status).toBe(404);
  expect((await get('/business/contracts/CW-TB-0001/statement.csv', 'bean')).status).toBe(404);
  expect((await get(`/business/transfer-notes/${id}`, 'corner')).status).toBe(200);
  // Officers use their own pages; other roles are refused; no session goes to sign in.
  expect((await get('/business', 'officer')).status).toBe(403);
  expect((await get('/officer/commercial', 'corner')).status).toBe(403);
  expect((await get(`/officer/commercial/transfer-notes/${id}`, 'elsewhere')).status).toBe(404);
  const anon = await get('/business/contracts/CW-TB-0002');
  expect(anon.status).toBe(303);
  expect(anon.headers.get('location')).toBe('/login?next=%2Fbusiness%2Fcontracts%2FCW-TB-0002');
});

test('the private calendar link is shown once, stored hashed, and can be replaced or turned off', async () => {
  const res = await post('/business/contracts/CW-TB-0002/calendar', 'bean', {});
  expect(res.status).toBe(200);
  const html = await res.text();
  const token = html.match(/\/calendars\/contracts\/CW-TB-0002\.ics\?token=([0-9a-f]+)/)![1];
  const [row] = await database.db.select().from(contracts).where(eq(contracts.reference, 'CW-TB-0002'));
  expect(row.calendarTokenHash).toBe(sha256(token));
  expect(html).toContain('webcal://');
  const again = await (await get('/business/contracts/CW-TB-0002', 'bean')).text();
  expect(again).not.toContain(token);
  expect((await post('/business/contracts/CW-TB-0002/calendar/revoke', 'bean', {})).status).toBe(303);
  const [revoked] = await database.db.select().from(contracts).where(eq(contracts.reference, 'CW-TB-0002'));
  expect(revoked.calendarTokenHash).toBeNull();
  expect((await post('/business/contracts/CW-TB-0001/calendar', 'bean', {})).status).toBe(404);
});

test('transfer notes are kept two years after they end: deleting sooner is refused', async () => {
  // A note that ends 31 Dec 2026 is kept until 31 Dec 2028.
  const current = await issueNote('CW-TB-0001');
  const refused = await post(`/officer/commercial/transfer-notes/${current}/delete`, 'officer', {});
  expect(refused.status).toBe(409);
  expect(await refused.text()).toContain('until 2028-12-31');
  // A past contract's note: its period ended 9 Aug 2024, so it is kept until 9 Aug 2026 inclusive.
  t.clock.set('2024-01-05T10:00:00Z');
  cookies = {};
  const created = await t.app.request('/api/v1/commercial/contracts', {
    method: 'POST', headers: { cookie: await cookie('officer'), 'content-type': 'application/json' },
    body: JSON.stringify({
      reference: 'CW-OLD', customer: 'little-bean', uprn: '900000000003', start: '2024-01-01', end: '2024-08-09',
      lines: [{ service: 'trade-food', round: 'TF-MON', container: '140L food bin', quantity: 1, ewcCode: '20 01 08', pricePerLiftPence: 500 }],
    }),
  });
  expect(created.status).toBe(201);
  const old = await issueNote('CW-OLD');
  t.clock.set('2026-08-09T22:00:00Z'); // 23:00 on 9 Aug in London: still kept
  cookies = {};
  expect((await post(`/officer/commercial/transfer-notes/${old}/delete`, 'officer', {})).status).toBe(409);
  t.clock.set('2026-08-09T23:30:00Z'); // 00:30 on 10 Aug in London
  cookies = {};
  expect((await post(`/officer/commercial/transfer-notes/${old}/delete`, 'officer', {})).status).toBe(303);
  expect((await database.db.select().from(transferNotes)).map((n) => n.id)).toEqual([current]);
  // Customers cannot delete notes at all.
  expect((await post(`/officer/commercial/transfer-notes/${current}/delete`, 'corner', {})).status).toBe(403);
});

test('a transfer note covers at most 12 months and never overlaps another for the contract', async () => {
  const first = await issueNote('CW-TB-0001');
  const second = await post('/officer/commercial/contracts/CW-TB-0001/transfer-notes', 'officer', {});
  // The contract has no more days after the first note, so a second is refused with the reason.
  expect(second.status).toBe(422);
  expect(await second.text()).toContain('must start within the contract');
  const overlap = await post('/officer/commercial/contracts/CW-TB-0001/transfer-notes', 'officer', { periodStart: '2026-06-01' });
  expect(overlap.status).toBe(409);
  const [n] = await database.db.select().from(transferNotes).where(eq(transferNotes.id, first));
  expect([n.periodStart, n.periodEnd]).toEqual(['2026-01-01', '2026-12-31']);
  // Without a carrier registration on record, one is required.
  await database.db.delete(transferNotes);
  const none = await post('/officer/commercial/contracts/CW-TB-0002/transfer-notes', 'officer', {});
  expect(none.status).toBe(422);
  expect(await none.text()).toContain('carrier registration');
  // Once the council records its registration, notes carry it without the officer typing it.
  await database.db.update(councils).set({ carrierRegistration: 'CBDU777777' });
  const recorded = await post('/officer/commercial/contracts/CW-TB-0002/transfer-notes', 'officer', {});
  expect(recorded.status).toBeLessThan(400);
  const [note] = await database.db.select().from(transferNotes);
  expect((note.fields as any).transferee.carrierRegistration).toBe('CBDU777777');
});

test('the officer console flags short contracts, lists those ending within 60 days, and renews and ends them', async () => {
  t.clock.set('2027-06-20T10:00:00+01:00');
  cookies = {};
  const console1 = await (await get('/officer/commercial', 'officer')).text();
  const flags = console1.slice(console1.indexOf('id="compliance-flags"'), console1.indexOf('id="expiring"'));
  expect(flags).toContain('CW-TB-0002');
  expect(flags).toContain('Wednesday 31 March 2027');
  expect(flags).toContain('No food waste collection');
  expect(flags).not.toContain('CW-TB-0001');
  const expiring = console1.slice(console1.indexOf('id="expiring"'), console1.indexOf('id="all-contracts"'));
  expect(expiring).toContain('CW-TB-0002');

  const renewed = await post('/officer/commercial/contracts/CW-TB-0002/renew', 'officer', {});
  expect(renewed.status).toBe(303);
  const newRef = decodeURIComponent(renewed.headers.get('location')!.match(/contracts\/([^?]+)/)![1]);
  const [row] = await database.db.select().from(contracts).where(eq(contracts.reference, newRef));
  expect([row.customerId, row.start, row.end, row.status]).toEqual(['little-bean', '2027-08-15', '2028-08-14', 'active']);

  const ended = await post('/officer/commercial/contracts/CW-TB-0002/end', 'officer', { on: '2027-06-20' });
  expect(ended.status).toBe(303);
  const [old] = await database.db.select().from(contracts).where(eq(contracts.reference, 'CW-TB-0002'));
  expect([old.end, old.status]).toEqual(['2027-06-20', 'ended']);

  const bad = await post('/officer/commercial/contracts', 'officer', {
    customer: 'little-bean', uprn: '900000000004', start: '2027-07-01', end: '2028-06-30',
    'lines.0.service': 'trade-food', 'lines.0.round': 'TF-MON', 'lines.0.container': '140L', 'lines.0.quantity': '1',
    'lines.0.ewcCode': '', 'lines.0.pricePerLiftPence': '-1',
  });
  expect(bad.status).toBe(422);
  const badHtml = await bad.text();
  expect(badHtml).toContain('is a domestic property');
  expect(badHtml).toContain('has no EWC code');
});

test('the waste-tracking export carries the fields the digital waste tracking service asks for', async () => {
  await issueNote('CW-TB-0001', 'CBDU999999');
  const res = await get('/officer/commercial/waste-tracking.json', 'officer');
  const rows = await res.json();
  expect(rows).toHaveLength(4);
  expect(rows[0]).toMatchObject({
    contractReference: 'CW-TB-0001', ewcCode: '20 03 01', wasteDescription: 'Mixed municipal waste (Trade rubbish)', physicalForm: 'Solid',
    numberOfContainers: 2, containerType: '1100L bin', carrierRegistrationNumber: 'CBDU999999', estimatedWeightKgPerTransfer: 220,
    producerSicCode: '56102', weightIsEstimate: true,
  });
  expect(rows[0].transfersInPeriod).toBeGreaterThan(40);
  const csv = await (await get('/officer/commercial/waste-tracking.csv', 'officer')).text();
  expect(csv.split('\r\n')[0]).toContain('ewcCode,wasteDescription,physicalForm,numberOfContainers,containerType');
  expect(await (await get('/officer/commercial/waste-tracking.json', 'elsewhere')).json()).toEqual([]);
  expect((await get('/officer/commercial/waste-tracking.json?from=nope', 'officer')).status).toBe(400);
});

test('a suspended contract is not flagged, and making it active again re-checks the rules', async () => {
  t.clock.set('2027-04-01T10:00:00+01:00');
  cookies = {};
  expect((await post('/officer/commercial/contracts/CW-TB-0002/status', 'officer', { status: 'suspended' })).status).toBe(303);
  const page = await (await get('/officer/commercial', 'officer')).text();
  expect(page.slice(page.indexOf('id="compliance-flags"'), page.indexOf('id="expiring"'))).not.toContain('CW-TB-0002');
  const [row] = await database.db.select().from(contracts).where(eq(contracts.reference, 'CW-TB-0002'));
  expect(row.status).toBe('suspended');
  expect((await post('/officer/commercial/contracts/CW-TB-0002/status', 'officer', { status: 'active' })).status).toBe(303);
  expect((await post('/officer/commercial/contracts/CW-TB-0002/status', 'officer', { status: 'ended' })).status).toBe(422);
});

test('a Welsh-speaking customer reads the EWC waste descriptions in Welsh on the note and its PDF; the codes stay as they are', async () => {
  await database.db.update(councils).set({ languages: ['en', 'cy'] }).where(eq(councils.slug, 'tradeborough'));
  const id = await issueNote('CW-TB-0002');
  const page = await (await get(`/business/transfer-notes/${id}?lang=cy`, 'bean')).text();
  for (const s of ['<html lang="cy"', 'Gwastraff trefol cymysg (', 'Pecynwaith cymysg (', '20 03 01', '15 01 06']) expect(page).toContain(s);
  expect(page).not.toContain('Mixed municipal waste');
  const pdf = await get(`/business/transfer-notes/${id}.pdf?lang=cy`, 'bean');
  expect(pdf.headers.get('content-language')).toBe('cy');
  const text = (await pdfText(new Uint8Array(await pdf.arrayBuffer()))).replace(/\s+/g, ' ');
  for (const s of ['Gwastraff 1: disgrifiad Gwastraff trefol cymysg (', 'Gwastraff 1: cod EWC 20 03 01',
    'Gwastraff 2: disgrifiad Pecynwaith cymysg (', 'Gwastraff 2: cod EWC 15 01 06']) expect(text).toContain(s);
  expect(text).not.toContain('Mixed packaging');
  // The English copy of the same note is unchanged.
  const english = await (await get(`/business/transfer-notes/${id}?lang=en`, 'bean')).text();
  expect(english).toContain('Mixed municipal waste (');
});
