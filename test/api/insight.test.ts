/**
 * Insight (GET /api/v1/insight and /officer/insight): the figures for the hand-worked council in
 * insight-setup.ts, council scoping, roles, the default period and invalid ranges.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'bun:test';
import type { Database } from '../../db/client.ts';
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

const PERIOD = '?from=2026-11-02&to=2026-11-15';
const get = (path: string, headers: Record<string, string> = {}) => t.app.request(path, { headers });

test('the figures match the hand-worked fixture', async () => {
  const officer = await t.signIn('officer@demo.test');
  const res = await get(`/api/v1/insight${PERIOD}`, officer);
  expect(res.status).toBe(200);
  const body = await res.json();
  expect(body.from).toBe('2026-11-02');
  expect(body.to).toBe('2026-11-15');
  expect(body.total).toEqual({ scheduled: 10, reports: 4, perThousand: 400 });
  expect(body.weeks).toEqual([
    { week: '2026-11-02', from: '2026-11-02', to: '2026-11-08', scheduled: 3, reports: 1, perThousand: 333.33 },
    { week: '2026-11-09', from: '2026-11-09', to: '2026-11-15', scheduled: 7, reports: 3, perThousand: 428.57 },
  ]);
  expect(body.rounds).toEqual([
    { id: 'GDN-WED', name: 'Garden Wednesday', service: 'garden', scheduled: 1, reports: 0, perThousand: 0 },
    { id: 'REC-TUE', name: 'Recycling Tuesday', service: 'recycling', scheduled: 2, reports: 1, perThousand: 500 },
    { id: 'REF-MON', name: 'Refuse Monday', service: 'refuse', scheduled: 7, reports: 2, perThousand: 285.71 },
  ]);
  expect(body.unassignedReports).toBe(1);
  expect(body.sla).toEqual({ reports: 4, inTime: 1, late: 1, overdue: 1, pending: 1, share: 0.3333 });
  const outcomes = Object.fromEntries(body.outcomes.map((o: { outcome: string; stops: number }) => [o.outcome, o.stops]));
  expect(outcomes).toEqual({ collected: 1, not_presented: 0, contaminated: 1, excess_waste: 0, no_access: 1, too_heavy: 0, damaged_container: 0 });
});

test('a period starting mid-week clips its first week and counts only its own days', async () => {
  const officer = await t.signIn('officer@demo.test');
  // Tue 3 Nov to Tue 10 Nov: REF-MON 9 Nov (4) + REC-TUE 10 Nov (2); GDN-WED 4 Nov is cancelled.
  const body = await (await get('/api/v1/insight?from=2026-11-03&to=2026-11-10', officer)).json();
  expect(body.weeks.map((w: any) => [w.week, w.from, w.to, w.scheduled, w.reports])).toEqual([
    ['2026-11-02', '2026-11-03', '2026-11-08', 0, 0],
    ['2026-11-09', '2026-11-09', '2026-11-10', 6, 3],
  ]);
  expect(body.weeks[0].perThousand).toBeNull();
});

test('the default period is the last 8 weeks to today (council-local)', async () => {
  const officer = await t.signIn('officer@demo.test');
  const body = await (await get('/api/v1/insight', officer)).json();
  // Today is Tuesday 1 Dec: this week's Monday is 30 Nov; seven Mondays before it is 12 Oct.
  expect([body.from, body.to, body.today, body.weeks.length]).toEqual(['2026-10-12', '2026-12-01', '2026-12-01', 8]);
  // The 16 Nov report is inside it too.
  expect(body.total.reports).toBe(5);
});

test('another council sees only its own figures', async () => {
  const theirs = await t.signIn('officer@other.test', 'officer', 'other');
  const body = await (await get(`/api/v1/insight${PERIOD}`, theirs)).json();
  // Other's REF-MON: 2001 on Mondays 2 and 9 Nov; one report; one excess_waste stop.
  expect(body.total).toEqual({ scheduled: 2, reports: 1, perThousand: 500 });
  expect(body.rounds.map((r: any) => r.id)).toEqual(['REF-MON']);
  expect(body.outcomes.find((o: any) => o.outcome === 'excess_waste').stops).toBe(1);
  expect(body.outcomes.find((o: any) => o.outcome === 'contaminated').stops).toBe(0);
});

test('401 without a session (the page sends to sign-in), 403 for a crew', async () => {
  expect((await get(`/api/v1/insight${PERIOD}`)).status).toBe(401);
  const crew = await t.signIn('crew@demo.test', 'crew');
  expect((await get(`/api/v1/insight${PERIOD}`, crew)).status).toBe(403);
  expect((await get('/officer/insight', crew)).status).toBe(403);
  const page = await get('/officer/insight');
  expect(page.status).toBe(303);
  expect(page.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/officer/insight')}`);
});

test('422 invalid_range for malformed, reversed and over-long periods', async () => {
  const officer = await t.signIn('officer@demo.test');
  for (const q of ['?from=2026-11-31', '?from=yesterday', '?from=2026-11-15&to=2026-11-02', '?from=2025-11-01&to=2026-11-30', '?to=2026-02-30']) {
    const res = await get(`/api/v1/insight${q}`, officer);
    expect(res.status).toBe(422);
    expect((await res.json()).error.code).toBe('invalid_range');
  }
  // 371 days is the longest allowed.
  expect((await get('/api/v1/insight?from=2025-11-25&to=2026-11-30', officer)).status).toBe(200);
  expect((await get('/api/v1/insight?from=2025-11-24&to=2026-11-30', officer)).status).toBe(422);
});

test('the page shows each chart as a labelled SVG with the same numbers in a table', async () => {
  const officer = await t.signIn('officer@demo.test');
  const res = await get(`/officer/insight${PERIOD}`, officer);
  expect(res.status).toBe(200);
  const html = await res.text();
  for (const id of ['weeks-chart', 'rounds-chart', 'sla-chart', 'outcomes-chart']) {
    expect(html).toContain(`<svg class="kb-chart" id="${id}" role="img" aria-labelledby="${id}-title ${id}-desc"`);
    expect(html).toContain(`<title id="${id}-title">`);
    expect(html).toContain(`<desc id="${id}-desc">`);
  }
  const table = (id: string) => html.slice(html.indexOf(`id="${id}"`), html.indexOf('</table>', html.indexOf(`id="${id}"`)));
  const cells = (id: string) => [...table(id).matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1].replace(/<[^>]+>/g, ''));
  expect(cells('weeks-table')).toEqual(['Monday 2 November', '3', '1', '333.33', 'Monday 9 November', '7', '3', '428.57']);
  expect(cells('rounds-table')).toEqual([
    'Garden Wednesday', '1', '0', '0.00', 'Recycling Tuesday', '2', '1', '500.00', 'Refuse Monday', '7', '2', '285.71',
  ]);
  expect(cells('sla-table')).toEqual([
    'Handled within the SLA', '1', 'Handled late', '1', 'Overdue, still open', '1', 'Open, not yet due', '1', 'Share handled within the SLA', '33.3%',
  ]);
  expect(table('outcomes-table')).toMatch(/data-outcome="contaminated"><td[^>]*>[^<]+<\/td><td[^>]*>1<\/td>/);
  expect(html).toContain('href="/officer/reports?round=REF-MON"');
  expect(html).toContain('aria-current="page"');
  expect(html).toContain('value="2026-11-02"');
});

test('the page keeps a bad period with an error summary (422)', async () => {
  const officer = await t.signIn('officer@demo.test');
  const res = await get('/officer/insight?from=2026-11-15&to=2026-11-02', officer);
  expect(res.status).toBe(422);
  const html = await res.text();
  expect(html).toContain('govuk-error-summary');
  expect(html).toContain('href="#from"');
  expect(html).toContain('value="2026-11-15"');
  expect(html).not.toContain('kb-chart');
});
