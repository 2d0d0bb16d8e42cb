/**
 * /officer/rounds pages through app.request with a session cookie: the list, a round's page (map
 * element, ordered stops), and the three preview-then-confirm forms (reorder by position numbers,
 * move ticked properties, new day/frequency), their errors (kept values, GOV.UK error summary) and
 * the guard (sign-in redirect, 403 for crew, 404 for another council's round).
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'bun:test';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { assignments, auditLog, councils, properties, roundSchedules, rounds, services } from '../../db/schema/index.ts';
import { addUser } from '../../server/services/auth.ts';
import { buildTestApp } from '../support/app.ts';
import { openTestDatabase, resetDatabase } from '../support/db.ts';

let database: Database;
let t: ReturnType<typeof buildTestApp>;
let demoId: number;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

/** Today is Tuesday 1 Sep 2026. REF-MON has 101, 102, 103 (102 assisted); REF-THU none; REC-TUE 101. */
beforeEach(async () => {
  await resetDatabase(database);
  t = buildTestApp(database, '2026-09-01T10:00:00+01:00');
  const db = database.db;
  const [{ id: d }, { id: o }] = await db.insert(councils).values([{ slug: 'demo', name: 'Demo Council' }, { slug: 'other', name: 'Other' }]).returning({ id: councils.id });
  demoId = d;
  await db.insert(services).values([
    { councilId: d, id: 'refuse', name: 'Rubbish', stream: 'residual', container: 'Black bin', colour: '#1f1f1f' },
    { councilId: d, id: 'recycling', name: 'Recycling', stream: 'dry_mixed', container: 'Blue bin', colour: '#1d70b8' },
    { councilId: o, id: 'refuse', name: 'Rubbish', stream: 'residual', container: 'Bin', colour: '#000000' },
  ]);
  await db.insert(rounds).values([
    { councilId: d, id: 'REF-MON', serviceId: 'refuse', name: 'Refuse Monday' },
    { councilId: d, id: 'REF-THU', serviceId: 'refuse', name: 'Refuse Thursday' },
    { councilId: d, id: 'REC-TUE', serviceId: 'recycling', name: 'Recycling Tuesday' },
    { councilId: o, id: 'OTH-MON', serviceId: 'refuse', name: 'Other Monday' },
  ]);
  await db.insert(roundSchedules).values([
    { councilId: d, roundId: 'REF-MON', from: '2026-01-01', anchor: '2026-01-05', everyWeeks: 1 },
    { councilId: d, roundId: 'REF-THU', from: '2026-01-01', anchor: '2026-01-08', everyWeeks: 1 },
    { councilId: d, roundId: 'REC-TUE', from: '2026-01-01', anchor: '2026-01-06', everyWeeks: 2 },
    { councilId: o, roundId: 'OTH-MON', from: '2026-01-01', anchor: '2026-01-05', everyWeeks: 1 },
  ]);
  const home = (uprn: number, councilId: number, address: string, assisted = false) => ({ uprn, councilId, address, postcode: 'DE1 1AA', lat: 52.9, lon: -1.47, assisted });
  await db.insert(properties).values([
    home(101, d, '1 Acorn Way'), home(102, d, '2 Acorn <b>Way</b>', true), home(103, d, '3 Acorn Way'), home(201, o, '1 Other Road'),
  ]);
  await db.insert(assignments).values([
    { councilId: d, uprn: 101, roundId: 'REF-MON', from: '2026-01-01', sequence: 1 },
    { councilId: d, uprn: 102, roundId: 'REF-MON', from: '2026-01-01', sequence: 2 },
    { councilId: d, uprn: 103, roundId: 'REF-MON', from: '2026-01-01', sequence: 3 },
    { councilId: d, uprn: 101, roundId: 'REC-TUE', from: '2026-01-01', sequence: 1 },
    { councilId: o, uprn: 201, roundId: 'OTH-MON', from: '2026-01-01', sequence: 1 },
  ]);
});

async function signIn(role: 'officer' | 'crew' | 'admin' = 'officer', council = 'demo') {
  const email = `${role}@${council}.test`;
  await addUser(t.deps, { councilSlug: council, email, password: 'a long password', role });
  const res = await t.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'a long password' }) });
  expect(res.status).toBe(204);
  return res.headers.get('set-cookie')!.split(';')[0];
}
const page = (path: string, cookie?: string) => t.app.request(path, { headers: cookie ? { cookie } : {} });
const form = (path: string, fields: Record<string, string>, cookie?: string) => t.app.request(path, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost', ...(cookie ? { cookie } : {}) },
  body: new URLSearchParams(fields).toString(),
});
const hidden = (html: string) => Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2].replace(/&amp;/g, '&')]));
const order = async (round: string, date = '2026-09-07') => {
  const rows = await database.db.select().from(assignments).where(and(eq(assignments.councilId, demoId), eq(assignments.roundId, round)));
  return rows.filter((a) => a.from <= date && (a.to === null || a.to >= date)).sort((a, b) => a.sequence - b.sequence).map((a) => String(a.uprn));
};
const audits = async () => (await database.db.select().from(auditLog)).filter((a) => a.entity === 'round' || a.entity === 'assignment').length;

test('the guard: sign in first (GET redirects, POST 401), crew 403, another council 404', async () => {
  const anon = await page('/officer/rounds');
  expect(anon.status).toBe(303);
  expect(anon.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/officer/rounds')}`);
  expect((await form('/officer/rounds/REF-MON/sequence', { 'pos-101': '1' })).status).toBe(401);
  const crew = await signIn('crew');
  expect((await page('/officer/rounds', crew)).status).toBe(403);
  expect((await page('/officer/rounds/REF-MON', crew)).status).toBe(403);
  expect((await form('/officer/rounds/REF-MON/periods', { periodFrom: '2026-09-14', anchor: '2026-09-16', everyWeeks: '1', step: 'confirm' }, crew)).status).toBe(403);
  const officer = await signIn();
  expect((await page('/officer/rounds/OTH-MON', officer)).status).toBe(404);
  expect((await form('/officer/rounds/OTH-MON/move', { 'move-201': 'yes', toRound: 'REF-THU', moveFrom: '2026-09-10' }, officer)).status).toBe(404);
  expect(await audits()).toBe(0);
});

test("the list shows the council's rounds with service, day and frequency and stops, linking to each", async () => {
  const cookie = await signIn();
  const res = await page('/officer/rounds', cookie);
  expect(res.status).toBe(200);
  const html = await res.text();
  expect(html).toContain('href="/officer/rounds/REF-MON"');
  expect(html).toContain('Refuse Monday');
  expect(html).toContain('Every Monday');
  expect(html).toContain('Every 2 weeks on Tuesday');
  expect(html).toMatch(/Rubbish<\/td>[\s\S]*?Every Monday[\s\S]*?>3<\/td>/);
  expect(html).not.toContain('OTH-MON');
  expect(html).toMatch(/aria-current="page"[^>]*>Rounds</);
});

test('a round page shows the map element and the stops in order, escaped, with position and move fields', async () => {
  const cookie = await signIn();
  const html = await (await page('/officer/rounds/REF-MON', cookie)).text();
  expect(html).toContain('id="round-map"');
  expect(html).toContain('data-round="REF-MON"');
  expect(html).toContain('2 Acorn &lt;b&gt;Way&lt;/b&gt;');
  expect(html.indexOf('1 Acorn Way')).toBeLessThan(html.indexOf('3 Acorn Way'));
  expect(html).toMatch(/id="pos-103" name="pos-103" type="text" inputmode="numeric" value="3"/);
  expect(html).toContain('form="move-form"');
  // Only rounds of the same service are offered as targets.
  expect(html).toContain('<option value="REF-THU">');
  expect(html).not.toContain('<option value="REC-TUE">');
});

test('reorder: positions → preview (nothing written) → confirm saves, redirects with a confirmation; crew sheet follows', async () => {
  const cookie = await signIn();
  // Move stop 3 to position 1.
  const preview = await form('/officer/rounds/REF-MON/sequence', { 'pos-101': '1', 'pos-102': '2', 'pos-103': '1', sequenceFrom: '2026-09-01', step: 'preview' }, cookie);
  expect(preview.status).toBe(200);
  const html = await preview.text();
  expect(html).toContain('Check the new order');
  expect(html).toMatch(/Stops that change position<\/dt>\s*<dd[^>]*>3<\/dd>/);
  expect(html).toContain('Monday 7 September 2026'); // first collection in the new order
  expect(await order('REF-MON')).toEqual(['101', '102', '103']);
  expect(await audits()).toBe(0);
  const fields = hidden(html);
  expect(fields).toEqual({ order: '103,101,102', sequenceFrom: '2026-09-01', step: 'confirm' });
  // Moving down onto a taken number goes after the stop that kept it.
  const down = await form('/officer/rounds/REF-MON/sequence', { 'pos-101': '2', 'pos-102': '2', 'pos-103': '3', step: 'preview' }, cookie);
  expect(hidden(await down.text()).order).toBe('102,101,103');
  const saved = await form('/officer/rounds/REF-MON/sequence', fields, cookie);
  expect(saved.status).toBe(303);
  expect(saved.headers.get('location')).toBe('/officer/rounds/REF-MON?done=reordered&from=2026-09-01');
  expect(await order('REF-MON')).toEqual(['103', '101', '102']);
  expect(await audits()).toBe(1);
  const after = await (await page(saved.headers.get('location')!, cookie)).text();
  expect(after).toContain('The new order is saved. Crews follow it from Tuesday 1 September 2026.');
  expect(after.indexOf('3 Acorn Way')).toBeLessThan(after.indexOf('1 Acorn Way'));
  const crew = await signIn('crew');
  const sheet = await (await page('/api/v1/crew/rounds/REF-MON/2026-09-07', crew)).json();
  expect(sheet.stops.map((s: { uprn: string }) => s.uprn)).toEqual(['103', '101', '102']);
});

test('reorder errors re-render with the summary and values kept: bad position, past date, stale list', async () => {
  const cookie = await signIn();
  const bad = await form('/officer/rounds/REF-MON/sequence', { 'pos-101': 'first', 'pos-102': '2', 'pos-103': '3', sequenceFrom: '2026-09-01' }, cookie);
  expect(bad.status).toBe(422);
  let html = await bad.text();
  expect(html).toContain('govuk-error-summary');
  expect(html).toContain('href="#pos-101"');
  expect(html).toContain('value="first"');
  expect(html).toContain('<title>Error: ');
  const past = await form('/officer/rounds/REF-MON/sequence', { 'pos-101': '3', 'pos-102': '2', 'pos-103': '1', sequenceFrom: '2026-08-31' }, cookie);
  expect(past.status).toBe(422);
  html = await past.text();
  expect(html).toContain('href="#sequenceFrom"');
  expect(html).toContain('value="2026-08-31"');
  expect(html).toMatch(/id="pos-101"[^>]*value="3"/);
  // A confirm whose list no longer matches the round: sequence_mismatch.
  const stale = await form('/officer/rounds/REF-MON/sequence', { order: '103,101', sequenceFrom: '2026-09-01', step: 'confirm' }, cookie);
  expect(stale.status).toBe(422);
  html = await stale.text();
  expect(html).toContain('href="#stops"');
  expect(html).toContain('The round’s stops have changed');
  expect(await order('REF-MON')).toEqual(['101', '102', '103']);
  expect(await audits()).toBe(0);
});

test('move: ticked properties → preview with first new collection → confirm; errors keep the ticks', async () => {
  const cookie = await signIn();
  const none = await form('/officer/rounds/REF-MON/move', { toRound: 'REF-THU', moveFrom: '2026-09-10' }, cookie);
  expect(none.status).toBe(422);
  expect(await none.text()).toContain('href="#move-101"');
  const past = await form('/officer/rounds/REF-MON/move', { 'move-102': 'yes', toRound: 'REF-THU', moveFrom: '2026-08-01' }, cookie);
  expect(past.status).toBe(422);
  let html = await past.text();
  expect(html).toContain('href="#moveFrom"');
  expect(html).toMatch(/id="move-102" name="move-102" type="checkbox" value="yes" form="move-form" checked/);
  expect(html).toMatch(/<option value="REF-THU" selected/);
  const wrong = await form('/officer/rounds/REF-MON/move', { 'move-102': 'yes', toRound: 'REC-TUE', moveFrom: '2026-09-10' }, cookie);
  expect(wrong.status).toBe(422);
  expect(await wrong.text()).toContain('href="#toRound"'); // service_mismatch

  const preview = await form('/officer/rounds/REF-MON/move', { 'move-102': 'yes', 'move-103': 'yes', toRound: 'REF-THU', moveFrom: '2026-09-10', step: 'preview' }, cookie);
  expect(preview.status).toBe(200);
  html = await preview.text();
  expect(html).toContain('Check the move');
  expect(html).toMatch(/Properties<\/dt>\s*<dd[^>]*>2<\/dd>/);
  expect(html).toMatch(/2 Acorn &lt;b&gt;Way&lt;\/b&gt;<\/td><td class="govuk-table__cell">Monday 14 September 2026<\/td><td class="govuk-table__cell">Thursday 10 September 2026/);
  expect(await order('REF-THU', '2026-09-10')).toEqual([]);
  expect(await audits()).toBe(0);
  const saved = await form('/officer/rounds/REF-MON/move', hidden(html), cookie);
  expect(saved.status).toBe(303);
  expect(saved.headers.get('location')).toBe('/officer/rounds/REF-MON?done=moved&from=2026-09-10');
  expect(await order('REF-THU', '2026-09-10')).toEqual(['102', '103']);
  expect(await order('REF-MON', '2026-09-14')).toEqual(['101']);
  expect(await order('REF-MON', '2026-09-07')).toEqual(['101', '102', '103']);
});

test('day or frequency: preview shows the first new collection and writes nothing; confirm saves; residents see it only from then', async () => {
  const cookie = await signIn();
  const bad = await form('/officer/rounds/REF-MON/periods', { periodFrom: '15/09/2026', anchor: '', everyWeeks: '9' }, cookie);
  expect(bad.status).toBe(422);
  let html = await bad.text();
  for (const id of ['periodFrom', 'anchor', 'everyWeeks']) expect(html).toContain(`href="#${id}"`);
  expect(html).toContain('value="15/09/2026"');
  const past = await form('/officer/rounds/REF-MON/periods', { periodFrom: '2026-08-31', anchor: '2026-09-02', everyWeeks: '1' }, cookie);
  expect(past.status).toBe(422);
  expect(await past.text()).toContain('href="#periodFrom"');

  const preview = await form('/officer/rounds/REF-MON/periods', { periodFrom: '2026-09-15', anchor: '2026-09-16', everyWeeks: '2', step: 'preview' }, cookie);
  expect(preview.status).toBe(200);
  html = await preview.text();
  expect(html).toContain('Every 2 weeks on Wednesday');
  expect(html).toMatch(/First new collection<\/dt>\s*<dd[^>]*>Wednesday 16 September 2026<\/dd>/);
  expect(html).toMatch(/Properties affected<\/dt>\s*<dd[^>]*>3<\/dd>/);
  expect(await audits()).toBe(0);
  const saved = await form('/officer/rounds/REF-MON/periods', hidden(html), cookie);
  expect(saved.status).toBe(303);
  const done = await (await page(saved.headers.get('location')!, cookie)).text();
  expect(done).toContain('Residents see them from Tuesday 15 September 2026, never before.');
  expect(done).toContain('From Tuesday 15 September 2026: Every 2 weeks on Wednesday');
  const res = await t.app.request('/api/v1/properties/102/collections?from=2026-09-07&to=2026-10-01');
  const dates = ((await res.json()) as { date: string; service: string }[]).filter((c) => c.service === 'refuse').map((c) => c.date);
  expect(dates).toEqual(['2026-09-07', '2026-09-14', '2026-09-16', '2026-09-30']);
});
