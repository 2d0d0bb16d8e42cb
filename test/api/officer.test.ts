/**
 * The officer console (/officer): sign-in and role guard, council scoping of the reports list and of
 * one report's staff view, the status-change form (history and banner) and an invalid transition.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { fixedClock } from '../../server/clock.ts';
import { ensureBankHolidays } from '../../server/services/bank-holidays.ts';
import { importBundle } from '../../server/services/import.ts';
import { submitReport } from '../../server/services/reports.ts';
import northshire from '../fixtures/northshire-bundle.json' with { type: 'json' };
import smallBundle from '../fixtures/small-bundle.json' with { type: 'json' };
import { openTestDatabase } from '../support/db.ts';
import { app, count, formPost, HOME, resetReports, rows, signIn, WEDNESDAY } from './reports-setup.ts';

const NORTH_HOME = '906700000001';
/** Monday after the reports' Friday 4 Sep due-by: they are overdue. */
const NEXT_MONDAY = '2026-09-07T10:00:00+01:00';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  const ctx = { db: database.db, clock: fixedClock(WEDNESDAY) };
  await ensureBankHolidays(ctx);
  await importBundle(ctx, smallBundle);
  await importBundle(ctx, northshire);
});
afterAll(() => database.close());
beforeEach(() => resetReports(database));

/** One Testshire report (refuse at 1 Acorn Way) and one Northshire report, made on Wednesday 2 Sep. */
async function seedReports() {
  const ctx = { db: database.db, clock: fixedClock(WEDNESDAY) };
  const mine = await submitReport(ctx, {
    uprn: Number(HOME), service: 'refuse', name: 'Ada <b>Resident</b>', email: 'ada@example.org', phone: '01234 567890', notes: 'Bin left at the kerb', channel: 'web',
  });
  const theirs = await submitReport(ctx, { uprn: Number(NORTH_HOME), service: 'refuse', name: 'Nora North', email: 'nora@example.org', channel: 'phone' });
  return { mine: mine.reference, theirs: theirs.reference };
}

describe('officer console guard', () => {
  test('without a session: GET redirects to sign in (and back), a POST is 401', async () => {
    const t = app(database);
    const res = await t.app.request('/officer?status=open');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/officer?status=open')}`);
    const post = await t.app.request('/officer/reports/KB-26-000001', formPost({ status: 'closed' }));
    expect(post.status).toBe(401);
    expect(await post.text()).not.toMatch(/\n\s+at /); // no stack trace
  });

  test('a crew user gets 403 on the dashboard and on a report', async () => {
    const { mine } = await seedReports();
    const t = app(database);
    const cookie = await signIn(t, 'testshire', 'crew');
    expect((await t.app.request('/officer', { headers: { cookie } })).status).toBe(403);
    expect((await t.app.request(`/officer/reports/${mine}`, { headers: { cookie } })).status).toBe(403);
    const post = await t.app.request(`/officer/reports/${mine}`, formPost({ status: 'closed' }, { cookie }));
    expect(post.status).toBe(403);
    expect(await count(database, 'report_updates')).toBe(2);
  });
});

describe('GET /officer/reports', () => {
  test("lists only the officer's council's reports, with address, service, counts and a commercial link", async () => {
    const { mine, theirs } = await seedReports();
    const t = app(database);
    const cookie = await signIn(t, 'testshire', 'officer');
    const res = await t.app.request('/officer/reports', { headers: { cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`href="/officer/reports/${mine}"`);
    expect(html).toContain('1 Acorn Way, Testbury');
    expect(html).toContain('Tuesday 1 September 2026');
    expect(html).not.toContain(theirs);
    expect(html).not.toContain('Harbour Street');
    expect(html).toContain('href="/officer/commercial"');
    // Counts: one open, none scheduled, none overdue yet.
    expect(html).toMatch(/Open<\/dt>\s*<dd[^>]*>1<\/dd>/);
    expect(html).toMatch(/Overdue<\/dt>\s*<dd[^>]*>0<\/dd>/);
    // The map of waiting reports: one marker per open report of this council, linking to it.
    const markersAttr = /id="markers-map"[^>]*data-markers="([^"]*)"/.exec(html)?.[1];
    expect(markersAttr).toBeDefined();
    const markers = JSON.parse(markersAttr!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&'));
    expect(markers).toEqual([
      expect.objectContaining({ lat: 52.05, lon: -1.02, href: `/officer/reports/${mine}` }),
    ]);
    expect(html).toContain('src="/static/js/map.js"');

    // The other council's officer sees theirs and not ours.
    const north = await signIn(t, 'northshire', 'officer');
    const theirHtml = await (await t.app.request('/officer/reports', { headers: { cookie: north } })).text();
    expect(theirHtml).toContain(theirs);
    expect(theirHtml).not.toContain(mine);
  });

  test('filters by status and counts overdue reports from the clock', async () => {
    const { mine } = await seedReports();
    const t = app(database, NEXT_MONDAY);
    const cookie = await signIn(t, 'testshire', 'officer');
    const overdue = await (await t.app.request('/officer/reports', { headers: { cookie } })).text();
    expect(overdue).toMatch(/Overdue<\/dt>\s*<dd[^>]*>1<\/dd>/);
    expect(overdue).toContain('govuk-tag--red');
    const closed = await (await t.app.request('/officer/reports?status=closed', { headers: { cookie } })).text();
    expect(closed).not.toContain(mine);
    expect(closed).toContain('No reports to show.');
    const open = await (await t.app.request('/officer/reports?status=open', { headers: { cookie } })).text();
    expect(open).toContain(mine);
    // Overdue only: ours is overdue on Monday, but not on the Wednesday it was made.
    expect(await (await t.app.request('/officer/reports?overdue=1', { headers: { cookie } })).text()).toContain(mine);
    const early = app(database);
    const earlyCookie = await signIn(early, 'testshire', 'officer');
    expect(await (await early.app.request('/officer/reports?overdue=1', { headers: { cookie: earlyCookie } })).text()).not.toContain(mine);
    // By service: a refuse report is not listed under another service.
    expect(await (await t.app.request('/officer/reports?service=refuse', { headers: { cookie } })).text()).toContain(mine);
    expect(await (await t.app.request('/officer/reports?service=recycling', { headers: { cookie } })).text()).not.toContain(mine);
  });

  test('pages past 200 and exports the filtered list as CSV', async () => {
    const { mine } = await seedReports();
    // 205 more Testshire reports for the same property on earlier (made-up) collection dates.
    await database.db.execute(sql`
      insert into missed_reports (reference, council_id, uprn, service_id, collection_date, channel, status, due_by, created_at, updated_at)
      select 'KB-25-' || lpad(n::text, 6, '0'), council_id, uprn, service_id, (date '2025-01-01' + n), 'phone', 'open', due_by, created_at - n * interval '1 minute', updated_at
      from missed_reports, generate_series(1, 205) n where reference = ${mine}`);
    const t = app(database);
    const cookie = await signIn(t, 'testshire', 'officer');
    const first = await (await t.app.request('/officer/reports', { headers: { cookie } })).text();
    expect(first.match(/href="\/officer\/reports\/KB-/g)?.length).toBe(200);
    expect(first).toContain('href="/officer/reports?page=2"');
    expect(first).toContain(mine);
    const second = await (await t.app.request('/officer/reports?page=2', { headers: { cookie } })).text();
    expect(second.match(/href="\/officer\/reports\/KB-/g)?.length).toBe(6);
    expect(second).toContain('KB-25-000205');
    expect(second).not.toContain(mine);
    expect(second).toContain('href="/officer/reports"'); // back to page 1 (nav and previous)

    const csv = await t.app.request('/officer/reports.csv?status=open', { headers: { cookie } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('reference,uprn,address,service,collection_date,status,due_by,overdue,channel,created_at');
    expect(lines.length).toBe(207);
    expect(lines[1]).toStartWith(`${mine},${HOME},"1 Acorn Way, Testbury`);
    const closedCsv = await (await t.app.request('/officer/reports.csv?status=closed', { headers: { cookie } })).text();
    expect(closedCsv.trim().split('\r\n').length).toBe(1);
    const crew = await signIn(t, 'testshire', 'crew');
    expect((await t.app.request('/officer/reports.csv', { headers: { cookie: crew } })).status).toBe(403);
  });
});

describe('GET /officer (Today board)', () => {
  test("shows today's rounds, report counts and the map fed by the map API", async () => {
    await seedReports();
    const t = app(database);
    const cookie = await signIn(t, 'testshire', 'officer');
    const res = await t.app.request('/officer', { headers: { cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Today, Wednesday 2 September 2026');
    expect(html).toMatch(/Open reports<\/dt>\s*<dd[^>]*><a[^>]*>1<\/a><\/dd>/);
    expect(html).toContain('id="rounds-today"');
    expect(html).toContain('id="board-map"');
    expect(html).toContain('data-date="2026-09-02"');
    expect(html).toContain('aria-current="page"');
  });
});

describe('/officer/reports/{reference}', () => {
  test('the staff view shows reporter contact (escaped) and history; another council\'s report is a 404 page', async () => {
    const { mine, theirs } = await seedReports();
    const t = app(database);
    const cookie = await signIn(t, 'testshire', 'officer');
    const res = await t.app.request(`/officer/reports/${mine.toLowerCase()}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('ada@example.org');
    expect(html).toContain('01234 567890');
    expect(html).toContain('Ada &lt;b&gt;Resident&lt;/b&gt;');
    expect(html).toContain('Report received.');
    expect(html).toContain(`action="/officer/reports/${mine}"`);

    const other = await t.app.request(`/officer/reports/${theirs}`, { headers: { cookie } });
    expect(other.status).toBe(404);
    const otherHtml = await other.text();
    expect(otherHtml).toContain('<html');
    expect(otherHtml).not.toContain('nora@example.org');
    const otherPost = await t.app.request(`/officer/reports/${theirs}`, formPost({ status: 'closed' }, { cookie }));
    expect(otherPost.status).toBe(404);
    expect(rows(await database.db.execute(sql`select status from missed_reports where reference = ${theirs}`))[0].status).toBe('open');
  });

  test('changing status writes history with both notes, redirects with a banner, and emails the resident', async () => {
    const { mine } = await seedReports();
    const t = app(database);
    const cookie = await signIn(t, 'testshire', 'officer');
    const outboxBefore = await count(database, 'outbox');
    const res = await t.app.request(`/officer/reports/${mine}`, formPost({ status: 'scheduled', note: 'A crew will return on Thursday', internalNote: 'Crew 4 to go back' }, { cookie }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/officer/reports/${mine}?done=scheduled`);
    const history = rows(await database.db.execute(sql`select status, note, internal_note from report_updates where reference = ${mine} order by id`));
    expect(history.map((h) => h.status)).toEqual(['open', 'scheduled']);
    expect(history[1]).toMatchObject({ note: 'A crew will return on Thursday', internal_note: 'Crew 4 to go back' });
    expect(await count(database, 'outbox')).toBe(outboxBefore + 1);

    const page = await (await t.app.request(res.headers.get('location')!, { headers: { cookie } })).text();
    expect(page).toContain('govuk-notification-banner--success');
    expect(page).toContain('The report is now scheduled.');
    expect(page).toContain('Crew 4 to go back');
  });

  test('an invalid transition re-renders the page with an error summary and 409, changing nothing', async () => {
    const { mine } = await seedReports();
    const t = app(database);
    const cookie = await signIn(t, 'testshire', 'officer');
    expect((await t.app.request(`/officer/reports/${mine}`, formPost({ status: 'resolved' }, { cookie }))).status).toBe(303);
    const res = await t.app.request(`/officer/reports/${mine}`, formPost({ status: 'scheduled', note: 'too late' }, { cookie }));
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('govuk-error-summary');
    expect(html).toContain('A report that is resolved cannot become scheduled.');
    expect(html).toContain('<title>Error: ');
    expect(rows(await database.db.execute(sql`select status from missed_reports where reference = ${mine}`))[0].status).toBe('resolved');
    expect(await count(database, 'report_updates')).toBe(3);

    const bogus = await t.app.request(`/officer/reports/${mine}`, formPost({ status: 'exploded' }, { cookie }));
    expect(bogus.status).toBe(422);
    expect(await bogus.text()).toContain('govuk-error-summary');
  });
});
