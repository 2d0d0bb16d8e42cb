/**
 * /officer/audit: officers and admins of the council (crew 403, no session → sign-in), newest first,
 * only the council's own entries, filters by date (council-local days), person and kind, a next link
 * from the cursor, a CSV link with the same filters, before/after shown as readable lines, escaped.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { changeLines } from '../../web/pages/officer/audit/page.tsx';
import { openTestDatabase } from '../support/db.ts';
import { app, resetReports, rows, seedCouncils, signIn } from './reports-setup.ts';

let database: Database;
let t: ReturnType<typeof app>;
let officer: string;
let council: number;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedCouncils(database);
});
afterAll(() => database.close());
beforeEach(async () => {
  await resetReports(database);
  t = app(database);
  officer = await signIn(t, 'testshire', 'officer');
  council = Number(rows(await database.db.execute(sql`select id from councils where slug = 'testshire'`))[0].id);
});

const get = (path: string, cookie = officer) => t.app.request(path, { headers: { cookie } });
/** Writes an audit row directly (the page reads what every service records). */
async function entry(at: string, action: string, entity: string, before: unknown, after: unknown, councilId = council) {
  await database.db.execute(sql`insert into audit_log (council_id, user_id, action, entity, entity_id, before, after, at)
    values (${councilId}, (select id from users where email = 'officer@testshire.example'), ${action}, ${entity}, 'X1',
      ${before === null ? null : JSON.stringify(before)}::jsonb, ${after === null ? null : JSON.stringify(after)}::jsonb, ${at})`);
}

test('no session → sign-in; crew 403; officers see it', async () => {
  const anon = await t.app.request('/officer/audit');
  expect(anon.status).toBe(303);
  expect(anon.headers.get('location')).toContain('/login?next=');
  expect((await get('/officer/audit', await signIn(t, 'testshire', 'crew'))).status).toBe(403);
  const res = await get('/officer/audit');
  expect(res.status).toBe(200);
  const html = await res.text();
  expect(html).toContain('Audit trail');
  expect(html).toContain('user.sign_in');
  expect(html).toContain('aria-current="page"');
});

test('newest first, readable before/after, escaped, only this council', async () => {
  await entry('2026-08-01T09:00:00Z', 'round.period', 'round', { everyWeeks: 1, anchor: '2026-01-05' }, { everyWeeks: 2, anchor: '2026-01-05' });
  await entry('2026-08-02T09:00:00Z', 'exception.create', 'exception', null, { reason: '<script>x</script>', rounds: ['REF-MON', 'FOOD-MON'] });
  const other = Number(rows(await database.db.execute(sql`select id from councils where slug = 'otherton'`))[0].id);
  await entry('2026-08-03T09:00:00Z', 'exception.secret', 'exception', null, { reason: 'Otherton only' }, other);
  const html = await (await get('/officer/audit')).text();
  expect(html).toContain('everyWeeks: 1 → 2');
  expect(html).not.toContain('anchor: 2026-01-05 →');
  expect(html).toContain('rounds: REF-MON, FOOD-MON');
  expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
  expect(html).not.toContain('<script>x</script>');
  expect(html).not.toContain('Otherton only');
  expect(html.indexOf('exception.create')).toBeLessThan(html.indexOf('round.period'));
  expect(html).toContain('2 August 2026, 10am'); // council time (BST)
});

test('filters by kind, person and council-local dates; the CSV link carries the same filters', async () => {
  await entry('2026-08-01T23:30:00Z', 'round.period', 'round', null, { a: 1 }); // 00:30 on 2 Aug, BST (1 Aug in UTC)
  await entry('2026-08-03T09:00:00Z', 'exception.create', 'exception', null, { b: 2 });
  const byKind = await (await get('/officer/audit?entity=round')).text();
  expect(byKind).toContain('round.period');
  expect(byKind).not.toContain('exception.create');
  const byDay = await (await get('/officer/audit?from=2026-08-02&to=2026-08-02')).text();
  expect(byDay).toContain('round.period');
  expect(byDay).not.toContain('exception.create');
  const csvHref = byDay.match(/id="csv-link" href="([^"]+)"/)![1].replaceAll('&amp;', '&');
  const csv = await (await get(csvHref)).text();
  expect(csv).toContain('round.period');
  expect(csv).not.toContain('exception.create');
  const nobody = await (await get('/officer/audit?user=someone%40else.example')).text();
  expect(nobody).toContain('No entries match');
  const bad = await get('/officer/audit?from=yesterday');
  expect(bad.status).toBe(400);
  expect(await bad.text()).toContain('href="#from"');
});

test('pages of 50 with a next link from the cursor', async () => {
  for (let i = 0; i < 55; i++) await entry(`2026-08-01T09:${String(i).padStart(2, '0')}:00Z`, `round.step${i}`, 'round', null, { i });
  const first = await (await get('/officer/audit?entity=round')).text();
  expect(first).toContain('round.step54');
  expect(first).not.toContain('round.step4<');
  const next = first.match(/rel="next" href="([^"]+)"/)![1].replaceAll('&amp;', '&');
  expect(next).toContain('entity=round');
  expect(next).toContain('cursor=');
  const second = await (await get(next)).text();
  expect(second).toContain('round.step4<');
  expect(second).not.toContain('round.step54');
  expect(second).not.toContain('rel="next"');
  expect(second).toContain('Newest');
});

test('changeLines: created, removed and changed fields', () => {
  expect(changeLines(null, { role: 'crew' })).toEqual(['role: crew']);
  expect(changeLines({ role: 'crew' }, null)).toEqual(['role was: crew']);
  expect(changeLines({ role: 'crew', disabled: false }, { role: 'crew', disabled: true })).toEqual(['disabled: no → yes']);
  expect(changeLines(null, null)).toEqual([]);
});
