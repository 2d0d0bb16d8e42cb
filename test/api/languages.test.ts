import { afterAll, beforeAll, beforeEach, expect, test } from 'bun:test';
import type { Database } from '../../db/client.ts';
import { councils } from '../../db/schema/index.ts';
import { buildTestApp } from '../support/app.ts';
import { openTestDatabase, resetDatabase } from '../support/db.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());
beforeEach(() => resetDatabase(database));

const page = async (path: string, cookie?: string) => {
  const { app } = buildTestApp(database);
  const res = await app.request(path, cookie ? { headers: { cookie } } : {});
  return { res, html: await res.text() };
};

test('with only English councils, pages are English and offer no switch', async () => {
  await database.db.insert(councils).values({ slug: 'demo', name: 'Demo' });
  const { res, html } = await page('/?lang=cy');
  expect(html).toContain('<html lang="en"');
  expect(html).toContain('Find your bin collection day');
  expect(html).not.toContain('hreflang');
  expect(res.headers.get('set-cookie')).toBeNull();
});

test('?lang=cy gives the page in Welsh, remembers it, and the switch keeps the page', async () => {
  await database.db.insert(councils).values([{ slug: 'demo', name: 'Demo' }, { slug: 'ynys', name: 'Cyngor Ynys', languages: ['cy', 'en'] }]);
  const { res, html } = await page('/?postcode=CF10&lang=cy');
  expect(res.headers.get('content-language')).toBe('cy');
  expect(html).toContain('<html lang="cy"');
  expect(html).toContain('Dod o hyd i&#39;ch diwrnod casglu biniau');
  expect(html).toContain('<link rel="alternate" hreflang="en" href="/?postcode=CF10&amp;lang=en"/>');
  expect(html).toContain('<link rel="alternate" hreflang="cy" href="/?postcode=CF10&amp;lang=cy"/>');
  // The switch offers English on the same page.
  expect(html).toMatch(/<a class="govuk-link" href="\/\?postcode=CF10&amp;lang=en" hreflang="en" lang="en">English<\/a>/);
  const cookie = res.headers.get('set-cookie')!;
  expect(cookie).toContain('lang=cy');
  // The cookie carries it to the next page, errors included.
  const next = await page('/addresses?postcode=nonsense', cookie.split(';')[0]);
  expect(next.res.status).toBe(400);
  expect(next.html).toContain('Rhowch god post llawn yn y DU');
  expect(next.html).toContain('Mae problem wedi codi');
  expect(next.html).toContain('<title>Gwall: ');
});

test('an unknown language falls back to English, never an error', async () => {
  await database.db.insert(councils).values({ slug: 'ynys', name: 'Cyngor Ynys', languages: ['cy', 'en'] });
  const { res, html } = await page('/?lang=fr');
  expect(res.status).toBe(200);
  expect(html).toContain('<html lang="en"');
  const bad = await page('/', 'lang=zz');
  expect(bad.res.status).toBe(200);
  expect(bad.html).toContain('<html lang="en"');
});

test('a report made in Welsh gets its form, refusals and emails in Welsh', async () => {
  const { fixedClock } = await import('../../server/clock.ts');
  const { importBundle } = await import('../../server/services/import.ts');
  const { sql } = await import('drizzle-orm');
  const NOW = '2026-09-01T18:00:00+01:00'; // Monday's collections slipped to today by the bank holiday; past the cut-off
  const bundle = await Bun.file(new URL('../fixtures/small-bundle.json', import.meta.url)).json();
  bundle.council.languages = ['cy', 'en'];
  await importBundle({ db: database.db, clock: fixedClock(NOW) }, bundle);
  const { app } = buildTestApp(database, NOW, { rateLimitPerMinute: 0 });
  const form = await app.request('/property/100090000001/report?lang=cy');
  const html = await form.text();
  expect(html).toContain('<html lang="cy"');
  expect(html).toContain('Pa gasgliad a fethwyd?');
  expect(html).toContain('Mae&#39;n rhy hwyr i roi gwybod am y casgliad ar Dydd Llun 24 Awst.');
  const cookie = form.headers.get('set-cookie')!.split(';')[0];
  const sent = await app.request('/property/100090000001/report', {
    method: 'POST',
    headers: { cookie, origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ service: 'refuse', name: 'Ffion', email: 'ffion@example.org' }).toString(),
  });
  expect(sent.status).toBe(303);
  const [mail] = ((r: any) => r.rows ?? r)(await database.db.execute(sql`select subject, body from outbox`));
  expect(mail.subject).toStartWith('Adroddiad am gasgliad a fethwyd KB-26-');
  expect(mail.body).toContain('Diolch am roi gwybod i');
  expect(mail.body).toContain('ar Dydd Mawrth 1 Medi 2026');
  const confirmation = await app.request(sent.headers.get('location')!, { headers: { cookie } });
  expect(await confirmation.text()).toContain('Adroddiad wedi&#39;i anfon');
});

test('Open311 describes a Welsh-first council\'s services in Welsh, with its Welsh names', async () => {
  const { fixedClock } = await import('../../server/clock.ts');
  const { importBundle } = await import('../../server/services/import.ts');
  const bundle = await Bun.file(new URL('../fixtures/small-bundle.json', import.meta.url)).json();
  bundle.council.languages = ['cy', 'en'];
  bundle.services.find((s: any) => s.id === 'refuse').name = { en: 'Rubbish', cy: 'Sbwriel' };
  await importBundle({ db: database.db, clock: fixedClock('2026-09-01T10:00:00Z') }, bundle);
  const { app } = buildTestApp(database);
  const list = (await (await app.request(`/open311/v2/services.json?jurisdiction_id=${bundle.council.slug}`)).json()) as any[];
  const refuse = list.find((s) => s.service_code === 'missed-refuse');
  expect(refuse.service_name).toBe('Casgliad a fethwyd: Sbwriel');
  expect(refuse.group).toBe('Biniau ac ailgylchu');
});

test('a Welsh-first council\'s property page is Welsh by default, English on request, and the cache keeps them apart', async () => {
  const { fixedClock } = await import('../../server/clock.ts');
  const { importBundle } = await import('../../server/services/import.ts');
  const bundle = await Bun.file(new URL('../fixtures/small-bundle.json', import.meta.url)).json();
  bundle.council.languages = ['cy', 'en'];
  const refuse = bundle.services.find((s: any) => s.id === 'refuse');
  refuse.name = { en: 'Rubbish', cy: 'Sbwriel' };
  refuse.container = { en: 'Black wheelie bin', cy: 'Bin olwynion du' };
  await importBundle({ db: database.db, clock: fixedClock('2026-09-01T10:00:00Z') }, bundle);
  const { app } = buildTestApp(database, '2026-12-21T10:00:00Z');
  const get = async (q = '') => {
    const res = await app.request(`/property/100090000001${q}`);
    return { res, html: await res.text() };
  };
  for (let round = 0; round < 2; round++) { // the second time round, from the cache
    const cy = await get();
    expect(cy.html).toContain('<html lang="cy"');
    expect(cy.html).toContain('Sbwriel');
    expect(cy.html).toContain('Bin olwynion du');
    expect(cy.html).toContain('Casgliad nesaf');
    expect(cy.html).toMatch(/Bob (yn ail ddydd|dydd) (Llun|Mawrth|Mercher|Iau|Gwener)/);
    expect(cy.html).toContain('href="/property/100090000001?lang=en"');
    const en = await get('?lang=en');
    expect(en.html).toContain('<html lang="en"');
    expect(en.html).toContain('Rubbish');
    expect(en.html).toContain('Next collection');
    expect(en.html).toMatch(/Every (other )?(Monday|Tuesday|Wednesday|Thursday|Friday)/);
    expect(en.html).not.toContain('Sbwriel');
  }
  // Christmas week: a moved collection names the bank holiday in Welsh.
  const christmas = await get();
  expect(christmas.html).toContain('oherwydd Gŵyl San Steffan');
});

test('the property JSON takes ?lang= for its human-readable fields; the default is the council\'s first language', async () => {
  const { fixedClock } = await import('../../server/clock.ts');
  const { importBundle } = await import('../../server/services/import.ts');
  const bundle = await Bun.file(new URL('../fixtures/small-bundle.json', import.meta.url)).json();
  bundle.council.languages = ['cy', 'en'];
  bundle.services.find((s: any) => s.id === 'refuse').name = { en: 'Rubbish', cy: 'Sbwriel' };
  await importBundle({ db: database.db, clock: fixedClock('2026-09-01T10:00:00Z') }, bundle);
  const { app } = buildTestApp(database, '2026-12-21T10:00:00Z');
  const read = async (q: string) => {
    const res = await app.request(`/api/v1/properties/100090000001${q}`);
    return { res, body: (await res.json()) as { services: Array<{ id: string; name: string; frequency: string; next: { reason?: string } | null }> } };
  };
  const cy = await read('');
  expect(cy.res.headers.get('content-language')).toBe('cy');
  expect(cy.body.services.find((s) => s.id === 'refuse')!.name).toBe('Sbwriel');
  expect(cy.body.services.find((s) => s.id === 'refuse')!.frequency).toStartWith('Bob ');
  expect(cy.body.services.find((s) => s.id === 'recycling')!.next!.reason).toBe('Gŵyl San Steffan');
  const en = await read('?lang=en');
  expect(en.body.services.find((s) => s.id === 'refuse')!.name).toBe('Rubbish');
  expect(en.body.services.find((s) => s.id === 'refuse')!.frequency).toStartWith('Every ');
  expect(en.body.services.find((s) => s.id === 'recycling')!.next!.reason).toBe('Boxing Day');
  expect(en.res.headers.get('etag')).not.toBe(cy.res.headers.get('etag'));
  expect((await read('?lang=xx')).body).toEqual(cy.body);
});
