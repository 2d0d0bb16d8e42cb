/**
 * The service-changes pages (/officer/changes): list, form → preview (nothing written) → publish,
 * "Change" back to the form with the values, withdraw after a confirmation, refusals re-rendered with
 * the GOV.UK error summary and the values kept, the not-completed page, guards and council scoping.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { openTestDatabase } from '../support/db.ts';
import { app, count, formPost, HOME, resetReports, rows, seedCouncils, signIn } from './reports-setup.ts';

// Monday 14 Sep 2026 at 10:00: REF-MON (fortnightly) and FOOD-MON (weekly) collect today.
const MONDAY = '2026-09-14T10:00:00+01:00';
let database: Database;
let t: ReturnType<typeof app>;
let officer: string;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedCouncils(database);
});
afterAll(() => database.close());
beforeEach(async () => {
  await resetReports(database);
  await database.db.execute(sql`delete from exceptions where created_by is not null`);
  // A write bumps the version; so must this reset, or cached schedules would keep the deleted changes.
  await database.db.execute(sql`update councils set schedule_version = schedule_version + 1`);
  t = app(database, MONDAY);
  officer = await signIn(t, 'testshire', 'officer');
});

const get = (path: string, cookie = officer) => t.app.request(path, { headers: cookie ? { cookie } : {} });
/** A form post; `fields` may repeat a name (checkboxes). */
const post = (path: string, fields: Array<[string, string]> | Record<string, string>, cookie = officer) => {
  const body = new URLSearchParams(fields as any).toString();
  return t.app.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost', cookie }, body });
};
const SNOW: Array<[string, string]> = [
  ['date', '2026-09-21'], ['action', 'move'], ['to', '2026-09-23'], ['scope', 'rounds'], ['rounds', 'FOOD-MON'], ['rounds', 'REF-MON'],
  ['services', ''], ['reason', 'Snow: collections move to Wednesday'],
];
const without = (name: string, extra: Array<[string, string]> = []) => [...SNOW.filter(([k]) => k !== name), ...extra];
const written = async () => ({
  exceptions: await count(database, 'exceptions where created_by is not null'),
  audit: await count(database, "audit_log where action not like 'user.%'"),
  runs: await count(database, 'round_runs'),
});
const NOTHING = { exceptions: 0, audit: 0, runs: 0 };
const hidden = (html: string, name: string) => [...html.matchAll(new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`, 'g'))].map((m) => m[1]);

test('the list and the form render with the officer nav; the preview counts, samples and writes nothing', async () => {
  const list = await get('/officer/changes');
  expect(list.status).toBe(200);
  const listHtml = await list.text();
  // The fixture's own Christmas change is listed with its Withdraw button.
  expect(listHtml).toContain('Collections on Friday 25 December 2026 moved to Saturday 26 December 2026');
  expect(listHtml).toContain('action="/officer/changes/2026-12-25%3AREF-FRI%3A/withdraw"');
  expect(listHtml).toContain('No changes in the last 30 days.');
  expect(listHtml).toMatch(/href="\/officer\/changes" aria-current="page"/);
  const form = await (await get('/officer/changes/new')).text();
  expect(form).toContain('name="rounds" type="checkbox" value="REF-MON"');
  expect(form).toContain('name="services" type="checkbox" value="refuse"');

  const res = await post('/officer/changes/preview', SNOW);
  expect(res.status).toBe(200);
  const html = await res.text();
  expect(html).toContain('Check the change before you publish it');
  expect(html).toMatch(/<div class="govuk-inset-text" id="preview-counts">\d+ propert(y|ies) and \d+ collections? change\.<\/div>/);
  expect(html).toContain('Monday 21 September 2026</td><td class="govuk-table__cell">Wednesday 23 September 2026');
  expect(html).toContain('Rounds: Food Monday (FOOD-MON), Refuse Monday (REF-MON)');
  // The publish button carries the same values.
  expect(hidden(html, 'rounds')).toEqual(['FOOD-MON', 'REF-MON', 'FOOD-MON', 'REF-MON']);
  expect(hidden(html, 'reason')[0]).toBe('Snow: collections move to Wednesday');
  expect(await written()).toEqual(NOTHING);

  // "Change" goes back to the form with every value kept.
  const again = await (await post('/officer/changes/new', SNOW)).text();
  expect(again).toContain('id="date" name="date" type="text" value="2026-09-21"');
  expect(again).toMatch(/id="rounds-\d+" name="rounds" type="checkbox" value="REF-MON" checked/);
  expect(again).toContain('value="rounds" checked');
  expect(await written()).toEqual(NOTHING);
});

test('a cancellation previews as "Cancelled"', async () => {
  const html = await (await post('/officer/changes/preview', without('action', [['action', 'cancel']]))).text();
  expect(html).toContain('<td class="govuk-table__cell">Cancelled</td>');
});

test('publish → 303 to the list with a confirmation; shows on the resident JSON; withdraw asks first, then restores', async () => {
  const res = await post('/officer/changes', SNOW);
  expect(res.status).toBe(303);
  const location = res.headers.get('location')!;
  expect(location).toMatch(/^\/officer\/changes\?done=published&id=[^&]+&properties=\d+&collections=\d+$/);
  const list = await (await get(location)).text();
  expect(list).toContain('govuk-notification-banner--success');
  expect(list).toContain('Change published: collections on Monday 21 September 2026 move to Wednesday 23 September 2026.');
  expect(list).toContain('Snow: collections move to Wednesday');
  const audit = rows(await database.db.execute(sql`select action from audit_log where action like 'exception.%'`));
  expect(audit.map((a) => a.action)).toEqual(['exception.create']);

  const prop = (await (await t.app.request(`/api/v1/properties/${HOME}`)).json()) as any;
  expect(prop.services.find((s: any) => s.id === 'food').next).toMatchObject({ date: '2026-09-14' });
  const id = new URL(location, 'http://x').searchParams.get('id')!;

  // "Withdraw" on the list shows a confirmation and changes nothing yet.
  const confirm = await post(`/officer/changes/${id}/withdraw`, {});
  expect(confirm.status).toBe(200);
  const confirmHtml = await confirm.text();
  expect(confirmHtml).toContain('Withdraw this change?');
  expect(confirmHtml).toContain('name="confirm" value="yes"');
  expect(await count(database, 'exceptions where created_by is not null')).toBe(1);

  const done = await post(`/officer/changes/${id}/withdraw`, { confirm: 'yes' });
  expect(done.status).toBe(303);
  expect(done.headers.get('location')).toBe('/officer/changes?done=withdrawn');
  expect(await (await get('/officer/changes?done=withdrawn')).text()).toContain('The change has been withdrawn.');
  expect(await count(database, 'exceptions where created_by is not null')).toBe(0);
  expect(await count(database, "audit_log where action = 'exception.withdraw'")).toBe(1);
});

describe('refusals re-render the form with the error summary, the values kept, nothing written', () => {
  test.each([
    ['a day with no collection in scope', without('date', [['date', '2026-09-22']]), 422, 'date', 'There is no collection in that scope'],
    ['a move onto the same date', without('to', [['to', '2026-09-21']]), 422, 'to', 'must be different'],
    ['a move with no catch-up date', without('to', [['to', '']]), 422, 'to', 'Enter the catch-up date'],
    ['a catch-up date in the past', without('to', [['to', '2026-09-01']]), 422, 'to', 'already passed'],
    ['no round ticked', without('rounds'), 422, 'rounds', 'Tick at least one round'],
    ['no reason', without('reason', [['reason', '']]), 422, 'reason', 'Enter the reason'],
    ['a bad date', without('date', [['date', '21/09/2026']]), 422, 'date', 'as YYYY-MM-DD'],
  ])('%s', async (_name, fields, status, field, message) => {
    for (const path of ['/officer/changes/preview', '/officer/changes']) {
      const res = await post(path, fields);
      expect(res.status).toBe(status);
      const html = await res.text();
      expect(html).toContain('<h2 class="govuk-error-summary__title">There is a problem</h2>');
      expect(html).toContain(`<a href="#${field}">`);
      expect(html).toContain(message);
      expect(html).toContain('<title>Error: ');
      expect(html).toContain('Snow: collections move to Wednesday</textarea>'.replace('Snow: collections move to Wednesday', field === 'reason' ? '' : 'Snow: collections move to Wednesday'));
    }
    expect(await written()).toEqual(NOTHING);
  });

  test('409 for a change overlapping one already published (council-wide overlaps)', async () => {
    expect((await post('/officer/changes', SNOW)).status).toBe(303);
    const res = await post('/officer/changes', [['date', '2026-09-21'], ['action', 'cancel'], ['scope', 'all'], ['reason', 'Strike']]);
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('already covers some of these collections');
    expect(html).toContain('Strike</textarea>');
    expect(await count(database, 'exceptions where created_by is not null')).toBe(1);
  });
});

describe('guards and scoping', () => {
  test('without a session: GET redirects to sign-in, POST is 401', async () => {
    const res = await get('/officer/changes', '');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fofficer%2Fchanges');
    expect((await get('/officer/changes/not-completed?round=REF-MON', '')).status).toBe(303);
    expect((await post('/officer/changes', SNOW, '')).status).toBe(401);
    expect((await post('/officer/changes/preview', SNOW, '')).status).toBe(401);
    expect(await written()).toEqual(NOTHING);
  });

  test('crew get 403 on every page and post', async () => {
    const crew = await signIn(t, 'testshire', 'crew');
    for (const path of ['/officer/changes', '/officer/changes/new', '/officer/changes/not-completed?round=REF-MON']) expect((await get(path, crew)).status).toBe(403);
    expect((await post('/officer/changes', SNOW, crew)).status).toBe(403);
    expect((await post('/officer/changes/not-completed', { round: 'REF-MON', catchUp: '2026-09-15', reason: 'x' }, crew)).status).toBe(403);
    expect(await written()).toEqual(NOTHING);
  });

  test('another council’s change is 404 to withdraw and is not listed; another council’s round is 404', async () => {
    const created = await post('/officer/changes', SNOW);
    const id = new URL(created.headers.get('location')!, 'http://x').searchParams.get('id')!;
    const other = await signIn(t, 'otherton', 'officer');
    expect((await post(`/officer/changes/${id}/withdraw`, {}, other)).status).toBe(404);
    expect((await post(`/officer/changes/${id}/withdraw`, { confirm: 'yes' }, other)).status).toBe(404);
    expect(await (await get('/officer/changes', other)).text()).not.toContain('Snow: collections move');
    expect(await count(database, 'exceptions where created_by is not null')).toBe(1);
    expect((await get('/officer/changes/not-completed?round=REF-MON', other)).status).toBe(404);
    expect((await get('/officer/changes/not-completed?round=O-TUE')).status).toBe(404);
  });
});

describe('round not completed', () => {
  test('the Today board links each unfinished round to its not-completed page', async () => {
    const board = await (await get('/officer')).text();
    expect(board).toContain('/officer/changes/not-completed?round=REF-MON&amp;date=2026-09-14');
  });

  test('opens on the preview for the next working day; confirming marks the run and moves the collections', async () => {
    const res = await get('/officer/changes/not-completed?round=REF-MON&date=2026-09-14');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Round not completed: Refuse Monday');
    expect(html).toContain('Tuesday 15 September 2026');
    expect(html).toMatch(/id="preview-counts">\d+ propert/);
    expect(hidden(html, 'catchUp')).toEqual(['2026-09-15']);
    expect(await written()).toEqual(NOTHING);

    // Another day previews again (a GET: still nothing written).
    const later = await (await get('/officer/changes/not-completed?round=REF-MON&date=2026-09-14&catchUp=2026-09-16&reason=Broke+down')).text();
    expect(hidden(later, 'catchUp')).toEqual(['2026-09-16']);
    expect(await written()).toEqual(NOTHING);

    const done = await post('/officer/changes/not-completed', { round: 'REF-MON', date: '2026-09-14', catchUp: '2026-09-15', reason: 'The crew could not finish the round' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toMatch(/^\/officer\/changes\?done=not-completed&id=/);
    expect(await (await get(done.headers.get('location')!)).text()).toContain('Round marked not completed: collections on Monday 14 September 2026 move to Tuesday 15 September 2026.');
    expect(await written()).toEqual({ exceptions: 1, audit: 2, runs: 1 });
    const prop = (await (await t.app.request(`/api/v1/properties/${HOME}`)).json()) as any;
    expect(prop.services.find((s: any) => s.id === 'refuse').today).toEqual({ status: 'not_completed', catchUpDate: '2026-09-15' });
  });

  test('refusals show on the page with the error summary and write nothing', async () => {
    const same = await get('/officer/changes/not-completed?round=REF-MON&date=2026-09-14&catchUp=2026-09-14');
    expect(same.status).toBe(422);
    const sameHtml = await same.text();
    expect(sameHtml).toContain('<a href="#catchUp">');
    expect(sameHtml).not.toContain('id="not-completed-form"');
    const none = await get('/officer/changes/not-completed?round=REF-MON&date=2026-09-15');
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('Refuse Monday has no collection on Tuesday 15 September 2026 to move');
    const past = await post('/officer/changes/not-completed', { round: 'REF-MON', date: '2026-09-14', catchUp: '2026-09-01', reason: 'x' });
    expect(past.status).toBe(422);
    expect(await past.text()).toContain('already passed');
    expect(await written()).toEqual(NOTHING);
  });
});

describe('a council offering Welsh', () => {
  beforeEach(async () => {
    await database.db.execute(sql`update councils set languages = '["en","cy"]'::jsonb, schedule_version = schedule_version + 1 where slug = 'testshire'`);
  });
  afterEach(async () => {
    await database.db.execute(sql`update councils set languages = '["en"]'::jsonb, schedule_version = schedule_version + 1 where slug = 'testshire'`);
  });
  const WELSH = 'Eira: casgliadau’n symud i ddydd Mercher <b>&</b>';
  const ESCAPED = 'Eira: casgliadau’n symud i ddydd Mercher &lt;b&gt;&amp;&lt;/b&gt;';

  test('the form asks for the reason in Welsh; preview → publish reaches the Welsh page, JSON and feed, escaped', async () => {
    const form = await (await get('/officer/changes/new')).text();
    expect(form).toContain('Reason residents will see, in English');
    expect(form).toContain('<label class="govuk-label" for="reason-cy">Reason in Welsh (optional)</label>');
    expect(form).toMatch(/<textarea class="govuk-textarea" id="reason-cy" name="reason-cy" rows="3" lang="cy"/);

    const fields: Array<[string, string]> = [...SNOW, ['reason-cy', WELSH]];
    const preview = await (await post('/officer/changes/preview', fields)).text();
    expect(preview).toContain(`<span lang="cy">${ESCAPED}</span>`);
    expect(preview).not.toContain('<b>&</b>');
    expect(hidden(preview, 'reason-cy')).toEqual([ESCAPED, ESCAPED]);
    // "Change" brings the Welsh back into its field.
    expect(await (await post('/officer/changes/new', fields)).text()).toContain(`${ESCAPED}</textarea>`);
    expect(await written()).toEqual(NOTHING);

    // CSRF still guards the publish: another site's form is refused, nothing written.
    const forged = await t.app.request('/officer/changes', {
      method: 'POST', body: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', cookie: officer },
    });
    expect(forged.status).toBe(403);
    expect(await written()).toEqual(NOTHING);

    const res = await post('/officer/changes', fields);
    expect(res.status).toBe(303);
    const stored = rows(await database.db.execute(sql`select reason, reasons from exceptions where created_by is not null`));
    expect(stored).toEqual([{ reason: 'Snow: collections move to Wednesday', reasons: { en: 'Snow: collections move to Wednesday', cy: WELSH } }]);
    expect(await (await get(res.headers.get('location')!)).text()).toContain(`<span lang="cy">${ESCAPED}</span>`);

    // Residents: the Welsh property page, the JSON in Welsh and the Welsh feed; English stays English.
    const page = await (await t.app.request(`/property/${HOME}?lang=cy`)).text();
    expect(page).toContain('<html lang="cy"');
    expect(page).toContain(ESCAPED);
    expect(page).not.toContain('<b>&</b>');
    const reasonOn = async (lang: string) => ((await (await t.app.request(
      `/api/v1/properties/${HOME}/collections?from=2026-09-23&to=2026-09-23&lang=${lang}`)).json()) as any[]).find((c) => c.service === 'food')?.reason;
    expect(await reasonOn('cy')).toBe(WELSH);
    expect(await reasonOn('en')).toBe('Snow: collections move to Wednesday');
    expect(await (await t.app.request(`/calendars/properties/${HOME}.ics?lang=cy`)).text()).toContain('Eira: casgliadau’n symud i ddydd Mercher');
    const english = await (await t.app.request(`/property/${HOME}?lang=en`)).text();
    expect(english).toContain('Snow: collections move to Wednesday');
    expect(english).not.toContain('Eira');
  });

  test('the Welsh reason is optional (Welsh readers then see the English) and at most 500 characters', async () => {
    const long = await post('/officer/changes', [...SNOW, ['reason-cy', 'a'.repeat(501)]]);
    expect(long.status).toBe(422);
    const html = await long.text();
    expect(html).toContain('<a href="#reason-cy">The reason in Welsh must be 500 characters or fewer</a>');
    expect(await written()).toEqual(NOTHING);

    expect((await post('/officer/changes', [...SNOW, ['reason-cy', '  ']])).status).toBe(303);
    expect(rows(await database.db.execute(sql`select reasons from exceptions where created_by is not null`))).toEqual([{ reasons: null }]);
    const cy = ((await (await t.app.request(`/api/v1/properties/${HOME}/collections?from=2026-09-23&to=2026-09-23&lang=cy`)).json()) as any[]);
    expect(cy.find((c) => c.service === 'food')?.reason).toBe('Snow: collections move to Wednesday');
  });
  test('"round not completed" asks for the reason in Welsh too; the Welsh reaches Welsh readers, escaped', async () => {
    const opened = await (await get('/officer/changes/not-completed?round=REF-MON&date=2026-09-14')).text();
    expect(opened).toContain('Reason residents will see, in English');
    expect(opened).toContain('<label class="govuk-label" for="reason-cy">Reason in Welsh (optional)</label>');
    // "Update the preview" (a GET) carries the Welsh into the confirm form's hidden fields.
    const q = new URLSearchParams({ round: 'REF-MON', date: '2026-09-14', catchUp: '2026-09-15', reason: 'The lorry broke down', 'reason-cy': WELSH });
    const preview = await (await get(`/officer/changes/not-completed?${q}`)).text();
    expect(preview).toContain(`<span lang="cy">${ESCAPED}</span>`);
    expect(preview).not.toContain('<b>&</b>');
    expect(hidden(preview, 'reason-cy')).toEqual([ESCAPED]);
    expect(await written()).toEqual(NOTHING);

    const long = await post('/officer/changes/not-completed', { ...Object.fromEntries(q), 'reason-cy': 'a'.repeat(501) });
    expect(long.status).toBe(422);
    expect(await long.text()).toContain('<a href="#reason-cy">The reason in Welsh must be 500 characters or fewer</a>');
    expect(await written()).toEqual(NOTHING);

    expect((await post('/officer/changes/not-completed', Object.fromEntries(q))).status).toBe(303);
    expect(rows(await database.db.execute(sql`select reason, reasons from exceptions where created_by is not null`)))
      .toEqual([{ reason: 'The lorry broke down', reasons: { en: 'The lorry broke down', cy: WELSH } }]);
    const reasonOn = async (lang: string) => ((await (await t.app.request(
      `/api/v1/properties/${HOME}/collections?from=2026-09-15&to=2026-09-15&lang=${lang}`)).json()) as any[]).find((c) => c.service === 'refuse')?.reason;
    expect(await reasonOn('cy')).toBe(WELSH);
    expect(await reasonOn('en')).toBe('The lorry broke down');
  });
});

test('an English-only council’s form has no Welsh field, and a Welsh reason posted anyway is not stored', async () => {
  const form = await (await get('/officer/changes/new')).text();
  expect(form).toContain('Reason residents will see');
  expect(form).not.toContain('reason-cy');
  expect((await post('/officer/changes', [...SNOW, ['reason-cy', 'Eira']])).status).toBe(303);
  expect(rows(await database.db.execute(sql`select reasons from exceptions where created_by is not null`))).toEqual([{ reasons: null }]);
});

test('a Welsh-first council: the reason is the Welsh and the form asks for the English beside it', async () => {
  await database.db.execute(sql`update councils set languages = '["cy","en"]'::jsonb, schedule_version = schedule_version + 1 where slug = 'testshire'`);
  try {
    const form = await (await get('/officer/changes/new')).text();
    expect(form).toContain('Reason residents will see, in Welsh');
    expect(form).toContain('for="reason-en">Reason in English (optional)</label>');
    expect(form).not.toContain('reason-cy');
    const fields = [...without('reason', [['reason', 'Eira']]), ['reason-en', 'Snow']] as Array<[string, string]>;
    expect((await post('/officer/changes', fields)).status).toBe(303);
    expect(rows(await database.db.execute(sql`select reasons from exceptions where created_by is not null`))).toEqual([{ reasons: { cy: 'Eira', en: 'Snow' } }]);
    const reasonOn = async (lang: string) => ((await (await t.app.request(
      `/api/v1/properties/${HOME}/collections?from=2026-09-23&to=2026-09-23&lang=${lang}`)).json()) as any[]).find((c) => c.service === 'food')?.reason;
    expect(await reasonOn('cy')).toBe('Eira');
    expect(await reasonOn('en')).toBe('Snow');
  } finally {
    await database.db.execute(sql`update councils set languages = '["en"]'::jsonb, schedule_version = schedule_version + 1 where slug = 'testshire'`);
  }
});
