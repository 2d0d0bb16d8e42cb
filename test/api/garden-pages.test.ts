/**
 * The garden waste pages over HTTP without a browser (no JavaScript by construction): find, bins,
 * details, check your answers, the POST that creates the request and redirects to the payment
 * page; the GOV.UK error summary on bad input; refusals as pages; Welsh.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { councils, residentRequests } from '../../db/schema/index.ts';
import { fixedClock } from '../../server/clock.ts';
import { importBundle } from '../../server/services/import.ts';
import smallBundle from '../fixtures/small-bundle.json' with { type: 'json' };
import { buildTestApp } from '../support/app.ts';
import { openTestDatabase, resetDatabase } from '../support/db.ts';

const NOW = '2026-09-01T10:00:00+01:00';
const GARDEN = {
  service: 'garden', round: 'GDN-THU', pricePencePerBin: 5500, concessionPencePerBin: 3500, maxBins: 3,
  year: { startsOn: '04-01' }, renewalOpensDaysBefore: 42, midYear: 'pro_rata', refund: 'none',
};
let database: Database;
let t: ReturnType<typeof buildTestApp>;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());
beforeEach(async () => {
  await resetDatabase(database);
  t = buildTestApp(database, NOW, { rateLimitPerMinute: 0 });
  await importBundle({ db: database.db, clock: fixedClock(NOW) }, { ...smallBundle, requests: { garden: GARDEN } });
});

const form = (path: string, fields: Record<string, string>) =>
  t.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:3000' },
    body: new URLSearchParams(fields),
  });
const requests = async () => Number((await database.db.select({ n: sql<number>`count(*)::int` }).from(residentRequests))[0].n);

test('find by postcode, then the address list links to the garden pages', async () => {
  const find = await t.app.request('/garden-waste');
  expect(find.status).toBe(200);
  expect(await find.text()).toContain('What is your postcode?');
  const bad = await t.app.request('/garden-waste/addresses?postcode=nope');
  expect(bad.status).toBe(400);
  expect(await bad.text()).toContain('govuk-error-summary');
  const list = await t.app.request('/garden-waste/addresses?postcode=te11ab');
  expect(list.status).toBe(200);
  expect(await list.text()).toContain('href="/property/100090000002/garden-waste"');
});

test('bins → details → check (with the price) → pay: 303 to the payment page', async () => {
  const path = '/property/100090000002/garden-waste';
  const start = await (await t.app.request(path)).text();
  expect(start).toContain('3 bins');
  expect(start).toContain('concession price (£35.00 a bin)');

  const none = await form(path, { step: 'bins' });
  expect(none.status).toBe(400);
  const noneHtml = await none.text();
  expect(noneHtml).toContain('govuk-error-summary');
  expect(noneHtml).toContain('href="#bins"');
  expect(noneHtml).toContain('<title>Error: ');

  const details = await form(path, { step: 'bins', bins: '2', concession: 'on' });
  expect(details.status).toBe(200);
  expect(await details.text()).toContain('Your contact details');

  const badEmail = await form(path, { step: 'details', bins: '2', concession: 'on', name: 'Ann', email: 'nope' });
  expect(badEmail.status).toBe(400);
  expect(await badEmail.text()).toContain('href="#email"');

  const check = await form(path, { step: 'details', bins: '2', concession: 'on', name: 'Ann <b>R</b>', email: 'ann@example.org' });
  const checkHtml = await check.text();
  expect(checkHtml).toContain('Check your answers before paying');
  expect(checkHtml).toContain('£70.00');
  expect(checkHtml).toContain('Ann &lt;b&gt;R&lt;/b&gt;');
  expect(await requests()).toBe(0);

  // "Change" keeps the answers.
  const change = await form(path, { step: 'change_details', bins: '2', concession: 'on', name: 'Ann', email: 'ann@example.org' });
  expect(await change.text()).toContain('value="ann@example.org"');

  // A price that changed since the check page: shown again, nothing stored.
  const stale = await form(path, { step: 'confirm', bins: '2', concession: 'on', name: 'Ann', email: 'ann@example.org', amountPence: '11000' });
  expect(stale.status).toBe(409);
  expect(await requests()).toBe(0);

  const paid = await form(path, { step: 'confirm', bins: '2', concession: 'on', name: 'Ann', email: 'ann@example.org', amountPence: '7000' });
  expect(paid.status).toBe(303);
  expect(paid.headers.get('location')).toMatch(/^http:\/\/localhost:3000\/pay\//);
  const [row] = await database.db.select().from(residentRequests);
  expect(row.amountPence).toBe(7000);
  expect(row.channel).toBe('web');
});

test('refusals are pages: commercial, already subscribed, not offered; unknown UPRN 404', async () => {
  expect((await t.app.request('/property/100090000010/garden-waste')).status).toBe(422);
  const already = await t.app.request('/property/100090000001/garden-waste');
  expect(already.status).toBe(409);
  expect(await already.text()).toContain('already has garden waste collections until Wednesday 31 March 2027');
  expect((await t.app.request('/property/999999999999/garden-waste')).status).toBe(404);
  await database.db.update(councils).set({ requests: {} });
  expect((await t.app.request('/property/100090000002/garden-waste')).status).toBe(422);
});

test('Welsh', async () => {
  await database.db.update(councils).set({ languages: ['cy', 'en'] });
  const html = await (await t.app.request('/property/100090000002/garden-waste')).text();
  expect(html).toContain('Tanysgrifio i gasgliadau gwastraff gardd');
  expect(html).toContain('2 fin');
  const en = await (await t.app.request('/property/100090000002/garden-waste?lang=en')).text();
  expect(en).toContain('Subscribe to garden waste collection');
});
