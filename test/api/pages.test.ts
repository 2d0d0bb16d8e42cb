/**
 * The resident pages as HTML, through `app.request()`: statuses, GOV.UK error patterns, what the
 * pages say, escaping, the report form's round trip, and the static files they need.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import type { Database } from '../../db/client.ts';
import { fixedClock } from '../../server/clock.ts';
import { addUser } from '../../server/services/auth.ts';
import { recordEvents } from '../../server/services/crew-events.ts';
import { importBundle } from '../../server/services/import.ts';
import { councils } from '../../db/schema/index.ts';
import { buildTestApp } from '../support/app.ts';
import { openTestDatabase, resetDatabase } from '../support/db.ts';

// Tuesday 1 September 2026, 6pm: the Summer bank holiday moved Monday's collections to today, and
// today's cut-off has passed, so today's rubbish and food can be reported; recycling (Monday 24 August)
// is past its 2-working-day window.
const NOW = '2026-09-01T18:00:00+01:00';
const HOME = '100090000001';
const ORIGIN = 'http://localhost';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());
beforeEach(async () => {
  await resetDatabase(database);
  const bundle = await Bun.file(new URL('../fixtures/small-bundle.json', import.meta.url)).json();
  await importBundle({ db: database.db, clock: fixedClock(NOW) }, bundle);
});

const app = () => buildTestApp(database, NOW, { rateLimitPerMinute: 0 }).app;
const get = async (path: string) => {
  const res = await app().request(path);
  return { status: res.status, type: res.headers.get('content-type') ?? '', html: await res.text(), res };
};
const post = async (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) => {
  const res = await app().request(path, {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, location: res.headers.get('location'), html: await res.text(), res };
};
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&#x27;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ').replace(/ ([.,])/g, '$1');
const validReport = { service: 'refuse', name: 'Pat Example', email: 'pat@example.org' };

describe('find your bin day', () => {
  test('the start page is a GOV.UK form, council-branded: no crown, no GOV.UK logo, no GDS Transport', async () => {
    const { status, type, html } = await get('/');
    expect(status).toBe(200);
    expect(type).toContain('text/html');
    expect(html).toStartWith('<!DOCTYPE html>');
    expect(html).toContain('<label class="govuk-label govuk-label--l" for="postcode">Find your bin collection day</label>');
    expect(html).toContain('action="/addresses"');
    expect(html).not.toContain('govuk-header__logotype');
    expect(html).not.toContain('GOV.UK');
    expect(html).toContain('/static/js/site.js');
    expect(html).not.toContain('/static/js/map.js'); // the map script only where a map is shown
  });

  test('a postcode typed loosely lists its addresses, each linking to the property', async () => {
    const { status, html } = await get('/addresses?postcode=te11ab');
    expect(status).toBe(200);
    expect(text(html)).toContain('Choose your address');
    expect(html).toContain(`<a class="govuk-link" href="/property/${HOME}">1 Acorn Way, Testbury</a>`);
    expect(text(html)).toContain('TE1 1AB');
  });

  test('a malformed postcode is 400 with the GOV.UK error summary and an inline error, keeping what was typed', async () => {
    const { status, html } = await get('/addresses?postcode=%3Cb%3Enope');
    expect(status).toBe(400);
    expect(html).toContain('<title>Error: Find your bin collection day');
    expect(html).toContain('<h2 class="govuk-error-summary__title">There is a problem</h2>');
    expect(html).toContain('<a href="#postcode">Enter a full UK postcode, like DE1 1AA</a>');
    expect(html).toContain('id="postcode-error"');
    expect(html).toContain('aria-describedby="postcode-hint postcode-error"');
    expect(html).toContain('value="&lt;b&gt;nope"');
    expect(html).not.toContain('<b>nope');
  });

  test('an empty postcode asks for one; a real but unknown postcode is 404 with the error summary', async () => {
    const empty = await get('/addresses?postcode=');
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('>Enter a postcode</a>');
    const unknown = await get('/addresses?postcode=TE9+9ZZ');
    expect(unknown.status).toBe(404);
    expect(text(unknown.html)).toContain('We could not find any addresses in TE9 9ZZ');
  });
});

describe('the property page', () => {
  test('shows each service with its next collection, the bank-holiday change and why, and how often', async () => {
    const { status, html } = await get(`/property/${HOME}`);
    expect(status).toBe(200);
    const t = text(html);
    expect(t).toContain('1 Acorn Way, Testbury');
    expect(html).toContain('<title>1 Acorn Way, Testbury – Bin collections – Testshire District Council</title>');
    expect(t).toContain('Rubbish: Monday 31 August\'s collection is on Tuesday 1 September instead, because of Summer bank holiday.');
    expect(html).toContain('class="govuk-notification-banner"');
    expect(t).toContain('Next collection Today (Tuesday 1 September)');
    expect(t).toContain('How often Every other Monday');
    expect(t).toContain('Bin 240L black wheelie bin');
    expect(t).toContain('Every Monday'); // food
    expect(html).toContain('fill="#1f1f1f"'); // the colour chip, as SVG (the CSP forbids inline styles)
    expect(t).toContain('The next 8 weeks');
    expect(t).toContain('Monday 7 September');
  });

  test('has the map (script, tile template, attribution), calendar links and the JSON links', async () => {
    const { html } = await get(`/property/${HOME}`);
    expect(html).toContain('<script type="module" src="/static/js/map.js"></script>');
    expect(html).toContain('href="/static/leaflet/leaflet.css"');
    expect(html).toContain('data-tile-url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"');
    expect(text(html)).toContain('Map data © OpenStreetMap contributors');
    expect(html).toContain(`href="webcal://localhost:3000/calendars/properties/${HOME}.ics"`);
    expect(html).toContain(`href="http://localhost:3000/calendars/properties/${HOME}.ics"`);
    expect(html).toContain('https://calendar.google.com/calendar/render?cid=webcal');
    expect(html).toContain(`href="/calendars/properties/${HOME}.ics" download=""`);
    expect(html).toContain(`href="/api/v1/properties/${HOME}/bins"`);
    expect(html).toContain(`href="/api/v1/properties/${HOME}"`);
    expect(html).toContain(`data-uprn="${HOME}"`); // what site.js remembers as recently viewed
  });

  test("wears the council's brand colour when it is dark enough for the white header text", async () => {
    const { html } = await get(`/property/${HOME}`);
    expect(html).toContain('href="/static/brand/testshire.css"');
    await database.db.update(councils).set({ brandColour: '#5a2d82' });
    const dark = await get('/static/brand/testshire.css');
    expect(dark.type).toContain('text/css');
    expect(dark.html).toContain('--kb-brand:#5a2d82');
    await database.db.update(councils).set({ brandColour: '#ffdd00' });
    expect((await get('/static/brand/testshire.css')).html).toBe('');
    expect((await get('/static/brand/no-such-council.css')).html).toBe('');
  });

  test('a garden-waste home shows its subscription', async () => {
    const addresses = await get('/addresses?postcode=te11ab');
    const uprns = [...addresses.html.matchAll(/href="\/property\/(\d+)"/g)].map((m) => m[1]);
    const pages = await Promise.all(uprns.map((u) => get(`/property/${u}`)));
    const garden = pages.find((p) => text(p.html).includes('Garden waste subscription'));
    expect(garden).toBeDefined();
    expect(text(garden!.html)).toMatch(/Garden waste subscription (Active|Ended|Starts soon|Not subscribed)/);
  });

  test('a malformed UPRN is a friendly 400 page, an unknown one a friendly 404, never JSON or a stack trace', async () => {
    for (const [path, status, words] of [
      ['/property/abc', 400, 'A UPRN is 1 to 12 digits'],
      ['/property/0', 400, 'A UPRN is 1 to 12 digits'],
      ['/property/1234567890123', 400, 'A UPRN is 1 to 12 digits'],
      ['/property/999999999999', 404, 'Page not found'],
      ['/property/999999999999/report', 404, 'Page not found'],
      [`/property/${HOME}/nothing-here`, 404, 'Page not found'],
    ] as const) {
      const r = await get(path);
      expect(r.status).toBe(status);
      expect(r.type).toContain('text/html');
      expect(text(r.html)).toContain(words);
      expect(r.html).not.toContain(' at ');
    }
  });
});

describe('reporting a missed collection', () => {
  test('offers only what can be reported, and says why the others cannot be', async () => {
    const { status, html } = await get(`/property/${HOME}/report`);
    expect(status).toBe(200);
    expect(html).toContain('value="refuse"');
    expect(html).toContain('value="food"');
    expect(html).not.toContain('value="recycling"');
    expect(text(html)).toContain('Recycling It is too late to report the collection on Monday 24 August. Missed collections must be reported within 2 working days.');
  });

  test('explains the crew’s record and the same-day cut-off in plain English', async () => {
    const { deps } = buildTestApp(database, NOW);
    const crew = await addUser(deps, { councilSlug: 'testshire', email: 'crew@example.org', password: 'correct horse battery', role: 'crew' });
    await recordEvents({ ...deps, user: crew }, {
      events: [{ id: crypto.randomUUID(), uprn: Number(HOME), service: 'food', date: '2026-09-01', outcome: 'not_presented', recordedAt: new Date('2026-09-01T08:00:00+01:00') }],
    });
    const evening = text((await get(`/property/${HOME}/report`)).html);
    expect(evening).toContain('Food waste The crew reported your bin was not out on Tuesday 1 September.');
    expect(evening).not.toContain('value="food"');

    const morning = await buildTestApp(database, '2026-09-01T10:00:00+01:00').app.request(`/property/${HOME}/report`);
    expect(text(await morning.text())).toContain('Rubbish Your collection is today. You can report it from 5pm today if it has not been collected.');
  });

  test('sent empty, comes back 400 with every error in page order, inline messages and nothing lost', async () => {
    const r = await post(`/property/${HOME}/report`, { name: '', email: '', phone: 'call me', notes: 'By the <gate>' });
    expect(r.status).toBe(400);
    const links = [...r.html.matchAll(/<a href="#(\w+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
    expect(links).toEqual([
      ['service', 'Select the collection that was missed'],
      ['name', 'Enter your full name'],
      ['email', 'Enter your email address'],
      ['phone', 'Enter a telephone number, like 01632 960 001 or 07700 900 982'],
    ]);
    expect(r.html).toContain('id="name-error"');
    expect(r.html).toContain('value="call me"');
    expect(r.html).toContain('By the &lt;gate&gt;</textarea>');
  });

  test('a tampered service (unknown, or one that cannot be reported) is refused with 400', async () => {
    for (const service of ['recycling', 'nonsense', '<script>']) {
      const r = await post(`/property/${HOME}/report`, { ...validReport, service });
      expect(r.status).toBe(400);
      expect(r.html).toContain('>Select one of the collections listed</a>');
      expect(r.html).toContain('value="Pat Example"');
      expect(r.html).not.toContain('<script>');
    }
  });

  test('a good report redirects to the confirmation (reference, sorted-by date), then its status page; a second is refused', async () => {
    const r = await post(`/property/${HOME}/report`, validReport);
    expect(r.status).toBe(303);
    const reference = /^\/reports\/(KB-26-\d{6})\/sent$/.exec(r.location ?? '')?.[1];
    expect(reference).toBeDefined();

    const sent = await get(r.location!);
    expect(sent.status).toBe(200);
    expect(sent.html).toContain('<h1 class="govuk-panel__title">Report sent</h1>');
    expect(text(sent.html)).toContain(`Your reference is ${reference}`);
    // Reported on Tuesday 1 September: sorted by the end of the 2nd working day after, Thursday 3 September.
    expect(text(sent.html)).toContain('We will sort out your missed rubbish collection from Tuesday 1 September by Thursday 3 September.');

    const status = await get(`/reports/${reference}`);
    expect(status.status).toBe(200);
    const t = text(status.html);
    expect(t).toContain(`Missed collection report ${reference}`);
    expect(t).toContain('Status Received');
    expect(t).toContain('Collection Rubbish');
    expect(t).toContain('We will sort it by Thursday 3 September');
    expect(t).toContain('Tuesday 1 September, 6pm');
    expect(status.html).not.toContain('pat@example.org');
    expect(status.html).not.toContain('Pat Example');

    const again = await post(`/property/${HOME}/report`, validReport);
    expect(again.status).toBe(400); // refuse is no longer offered …
    const page = await get(`/property/${HOME}/report`);
    expect(text(page.html)).toContain(`Rubbish Already reported: ${reference}`); // … and the page says why
  });

  test('a form post from another site is refused', async () => {
    const r = await post(`/property/${HOME}/report`, validReport, { origin: 'https://evil.example' });
    expect(r.status).toBe(403);
  });

  test('a body that is not a form is a friendly 415 page', async () => {
    const res = await app().request(`/property/${HOME}/report`, { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'text/plain' }, body: 'x' });
    expect(res.status).toBe(415);
    expect(res.headers.get('content-type')).toContain('text/html');
  });
});

describe('tracking a report', () => {
  test('the track form redirects a loosely typed reference and explains a malformed one', async () => {
    expect((await get('/reports')).status).toBe(200);
    const ok = await get('/reports?reference=+kb-26-000001+');
    expect(ok.status).toBe(303);
    expect(ok.res.headers.get('location')).toBe('/reports/KB-26-000001');
    const bad = await get('/reports?reference=%3Cscript%3E');
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('>Enter a reference in the correct format, like KB-26-000123</a>');
    expect(bad.html).toContain('value="&lt;script&gt;"');
  });

  test('a malformed reference is a 400 page, an unknown one a 404 page', async () => {
    const bad = await get('/reports/not-a-reference');
    expect(bad.status).toBe(400);
    expect(text(bad.html)).toContain('A report reference looks like KB-26-000123.');
    const unknown = await get('/reports/KB-26-999999');
    expect(unknown.status).toBe(404);
    expect(text(unknown.html)).toContain('Page not found');
    expect((await get('/reports/KB-26-999999/sent')).status).toBe(404);
  });
});

describe('sign in', () => {
  test('a wrong password comes back 401 with the error summary; a right one sets the cookie and goes to the role’s area', async () => {
    const { deps } = buildTestApp(database, NOW);
    await addUser(deps, { councilSlug: 'testshire', email: 'crew@example.org', password: 'correct horse battery', role: 'crew' });
    await addUser(deps, { councilSlug: 'testshire', email: 'officer@example.org', password: 'correct horse battery', role: 'officer' });
    expect((await get('/login')).status).toBe(200);

    const empty = await post('/login', { email: '', password: '' });
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('>Enter your email address</a>');

    const bad = await post('/login', { email: 'crew@example.org', password: 'wrong' });
    expect(bad.status).toBe(401);
    expect(bad.html).toContain('>Enter a correct email address and password</a>');
    expect(bad.html).toContain('value="crew@example.org"');

    const crew = await post('/login', { email: 'crew@example.org', password: 'correct horse battery' });
    expect(crew.status).toBe(303);
    expect(crew.location).toBe('/crew');
    expect(crew.res.headers.get('set-cookie')).toContain('HttpOnly');
    const officer = await post('/login', { email: 'officer@example.org', password: 'correct horse battery' });
    expect(officer.location).toBe('/officer');
    const next = await post('/login', { email: 'officer@example.org', password: 'correct horse battery', next: '//evil.example/' });
    expect(next.location).toBe('/officer'); // never off-site
  });
});

describe('static files', () => {
  test('GOV.UK Frontend CSS is served without the GOV.UK typeface or crest', async () => {
    const { status, type, html: css } = await get('/static/govuk-frontend.css');
    expect(status).toBe(200);
    expect(type).toContain('text/css');
    expect(css).toContain('.govuk-error-summary');
    expect(css).not.toContain('GDS Transport');
    expect(css).not.toContain('@font-face');
    expect(css).not.toContain('govuk-crest');
  });

  test('the browser scripts are bundled on request; Leaflet and our own files are served; anything else is 404', async () => {
    const site = await get('/static/js/site.js');
    expect(site.status).toBe(200);
    expect(site.type).toContain('javascript');
    expect(site.html).toContain('kerbside.recentAddresses');
    const map = await get('/static/js/map.js');
    expect(map.status).toBe(200);
    expect(map.html).toContain('leaflet');
    for (const path of ['/static/leaflet/leaflet.css', '/static/leaflet/images/marker-icon.png', '/static/kerbside.css', '/static/favicon.svg']) {
      expect((await get(path)).status).toBe(200);
    }
    for (const path of ['/static/js/other.js', '/static/leaflet/leaflet.js.map', '/static/leaflet/../../package.json', '/static/secret.txt']) {
      expect((await get(path)).status).toBe(404);
    }
  });
});

test('static files carry validators: a revisit with the ETag is a 304', async () => {
  const first = await app().request('/static/kerbside.css');
  const tag = first.headers.get('etag');
  expect(tag).toBeTruthy();
  const again = await app().request('/static/kerbside.css', { headers: { 'if-none-match': tag! } });
  expect(again.status).toBe(304);
});
