/**
 * The reports list's round filter (/officer/reports?round=, its paging links and the CSV): a report
 * belongs to the round of its service its property was on for that collection date. Fixture:
 * insight-setup.ts.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'bun:test';
import type { Database } from '../../db/client.ts';
import { assignments, missedReports, properties } from '../../db/schema/index.ts';
import { openTestDatabase } from '../support/db.ts';
import { seedInsightCouncil } from './insight-setup.ts';

let database: Database;
let t: Awaited<ReturnType<typeof seedInsightCouncil>>;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());
beforeEach(async () => {
  t = await seedInsightCouncil(database);
});

const refs = (html: string) => [...html.matchAll(/>(KB-26-\d{6})</g)].map((m) => m[1]).sort();
const csvRefs = (csv: string) => csv.trim().split('\r\n').slice(1).map((l) => l.split(',')[0]).sort();

test('round= lists the reports of that round on their collection date, on the page and in the CSV', async () => {
  const { cookie } = await t.signIn('officer@demo.test');
  // 1004 joined REF-MON on 9 Nov: a report for 2 Nov is not that round's.
  await database.db.insert(missedReports).values({
    reference: 'KB-26-000007', councilId: t.demoId, uprn: 1004, serviceId: 'refuse', collectionDate: '2026-11-02', status: 'open',
    channel: 'phone', dueBy: new Date('2026-11-04T23:59:00Z'), createdAt: new Date('2026-11-02T18:00:00Z'), updatedAt: new Date('2026-11-02T18:00:00Z'),
  });
  const page = async (q: string) => {
    const res = await t.app.request(`/officer/reports${q}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    return res.text();
  };
  expect(refs(await page('?round=REF-MON'))).toEqual(['KB-26-000001', 'KB-26-000002', 'KB-26-000005']);
  // 1001 is on REC-TUE too, but only its recycling report is that round's.
  expect(refs(await page('?round=REC-TUE'))).toEqual(['KB-26-000003']);
  expect(refs(await page('?round=GDN-WED'))).toEqual([]);
  // Another council's round of the same code shows none of theirs.
  expect(refs(await page('?round=REF-MON&status=open'))).toEqual(['KB-26-000005']);
  const html = await page('?round=REF-MON&overdue=1');
  expect(html).toContain('<option value="REF-MON" selected="">Refuse Monday</option>');
  expect(html).toContain('href="/officer/reports.csv?round=REF-MON&amp;overdue=1"');

  const csv = await t.app.request('/officer/reports.csv?round=REF-MON', { headers: { cookie } });
  expect(csv.status).toBe(200);
  expect(csvRefs(await csv.text())).toEqual(['KB-26-000001', 'KB-26-000002', 'KB-26-000005']);
  const none = await t.app.request('/officer/reports.csv?round=NO-SUCH', { headers: { cookie } });
  expect(csvRefs(await none.text())).toEqual([]);
});

test('paging links keep the round filter', async () => {
  const { cookie } = await t.signIn('officer@demo.test');
  // 200 more REF-MON reports (one property each) push the round past one page of 200.
  const uprns = Array.from({ length: 200 }, (_, i) => 5000 + i);
  await database.db.insert(properties).values(uprns.map((uprn) => ({ uprn, councilId: t.demoId, address: `${uprn} Long Road`, postcode: 'DE1 1AA', lat: 52.9, lon: -1.5 })));
  await database.db.insert(assignments).values(uprns.map((uprn, i) => ({ councilId: t.demoId, uprn, roundId: 'REF-MON', from: '2026-01-01', sequence: 10 + i })));
  await database.db.insert(missedReports).values(uprns.map((uprn, i) => ({
    reference: `KB-26-${String(100 + i).padStart(6, '0')}`, councilId: t.demoId, uprn, serviceId: 'refuse', collectionDate: '2026-11-23', status: 'open',
    channel: 'web', dueBy: new Date('2026-11-25T23:59:00Z'), createdAt: new Date(Date.UTC(2026, 10, 23, 17, 0, i)), updatedAt: new Date('2026-11-23T17:00:00Z'),
  })));
  const first = await (await t.app.request('/officer/reports?round=REF-MON', { headers: { cookie } })).text();
  expect(refs(first).length).toBe(200);
  expect(first).toContain('href="/officer/reports?round=REF-MON&amp;page=2"');
  const second = await (await t.app.request('/officer/reports?round=REF-MON&page=2', { headers: { cookie } })).text();
  // 203 in all: the oldest three on page 2.
  expect(refs(second)).toEqual(['KB-26-000001', 'KB-26-000002', 'KB-26-000005']);
  expect(second).toContain('href="/officer/reports?round=REF-MON"');
});
