/**
 * `?lang=` on a property's `/collections` and `/bins` (DESIGN.md "Languages"): service names and
 * reasons in the asked language, the council's first by default or for an unknown one, the answer
 * cached per language (different ETags, never Welsh for English).
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'bun:test';
import type { Database } from '../../db/client.ts';
import { fixedClock } from '../../server/clock.ts';
import { importBundle } from '../../server/services/import.ts';
import { buildTestApp } from '../support/app.ts';
import { openTestDatabase, resetDatabase } from '../support/db.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());
beforeEach(() => resetDatabase(database));

async function welshBundle(edit: (bundle: any) => void = () => {}) {
  const bundle = await Bun.file(new URL('../fixtures/small-bundle.json', import.meta.url)).json();
  bundle.council.languages = ['cy', 'en'];
  bundle.services.find((s: any) => s.id === 'refuse').name = { en: 'Rubbish', cy: 'Sbwriel' };
  edit(bundle);
  await importBundle({ db: database.db, clock: fixedClock('2026-09-01T10:00:00Z') }, bundle);
}

const UPRN = '100090000001';

test('/collections and /bins take ?lang=: names and bank holiday reasons in that language, cached apart', async () => {
  await welshBundle();
  const { app } = buildTestApp(database, '2026-12-21T10:00:00Z');
  const get = async (path: string) => {
    const res = await app.request(`/api/v1/properties/${UPRN}${path}`);
    return { res, body: (await res.json()) as any };
  };
  for (let round = 0; round < 2; round++) { // the second time, from the lookup cache
    const cy = await get('/collections?to=2027-01-10');
    expect(cy.res.headers.get('content-language')).toBe('cy');
    const cyItems = cy.body as Array<{ service: string; name: string; reason?: string }>;
    expect(cyItems.find((c) => c.service === 'refuse')!.name).toBe('Sbwriel');
    expect(cyItems.filter((c) => c.reason).map((c) => c.reason)).toContain('Gŵyl San Steffan');
    const en = await get('/collections?to=2027-01-10&lang=en');
    expect(en.res.headers.get('content-language')).toBe('en');
    const enItems = en.body as Array<{ service: string; name: string; reason?: string }>;
    expect(enItems.find((c) => c.service === 'refuse')!.name).toBe('Rubbish');
    expect(enItems.filter((c) => c.reason).map((c) => c.reason)).toContain('Boxing Day');
    expect(enItems.map((c: any) => c.date)).toEqual(cyItems.map((c: any) => c.date));
    expect(en.res.headers.get('etag')).not.toBe(cy.res.headers.get('etag'));
    expect((await get('/collections?to=2027-01-10&lang=xx')).body).toEqual(cy.body);

    const binsCy = await get('/bins?lang=cy');
    const binsEn = await get('/bins?lang=en');
    expect(binsCy.res.headers.get('content-language')).toBe('cy');
    expect(binsCy.body.bins.map((b: any) => b.type)).toContain('Sbwriel');
    expect(binsEn.body.bins.map((b: any) => b.type)).toContain('Rubbish');
    expect(binsEn.body.bins.map((b: any) => b.type)).not.toContain('Sbwriel');
    expect(binsEn.res.headers.get('etag')).not.toBe(binsCy.res.headers.get('etag'));
    expect((await get('/bins')).body).toEqual(binsCy.body);
  }
});

test('an English-only council ignores ?lang=cy on /bins', async () => {
  const bundle = await Bun.file(new URL('../fixtures/small-bundle.json', import.meta.url)).json();
  await importBundle({ db: database.db, clock: fixedClock('2026-09-01T10:00:00Z') }, bundle);
  const { app } = buildTestApp(database, '2026-12-21T10:00:00Z');
  const cy = await app.request(`/api/v1/properties/${UPRN}/bins?lang=cy`);
  const en = await app.request(`/api/v1/properties/${UPRN}/bins`);
  expect(cy.headers.get('content-language')).toBe('en');
  expect(await cy.text()).toBe(await en.text());
});

test('a council\'s Welsh round names and change reasons (bundle objects) reach the JSON, the page and the feeds', async () => {
  await welshBundle((b) => {
    b.rounds.find((r: any) => r.id === 'REF-MON').name = { en: 'Refuse Monday', cy: 'Sbwriel dydd Llun' };
    b.exceptions.push({ date: '2027-01-04', action: 'move', to: '2027-01-05', rounds: ['REF-MON'], reason: { en: 'Depot closed', cy: 'Depo ar gau' } });
  });
  const { app } = buildTestApp(database, '2026-12-21T10:00:00Z');
  const reasonOn = async (lang: string) => {
    const res = await app.request(`/api/v1/properties/${UPRN}/collections?from=2027-01-05&to=2027-01-05&lang=${lang}`);
    return ((await res.json()) as Array<{ service: string; reason?: string }>).find((c) => c.service === 'refuse')?.reason;
  };
  expect(await reasonOn('cy')).toBe('Depo ar gau');
  expect(await reasonOn('en')).toBe('Depot closed');
  const page = await (await app.request(`/property/${UPRN}?lang=cy`)).text();
  expect(page).toContain('Depo ar gau');
  const feed = async (path: string) => (await app.request(path)).text();
  expect(await feed(`/calendars/properties/${UPRN}.ics?lang=cy`)).toContain('Depo ar gau');
  expect(await feed(`/calendars/properties/${UPRN}.ics?lang=en`)).toContain('Depot closed');
  expect(await feed('/calendars/rounds/testshire/REF-MON.ics?lang=cy')).toContain('Sbwriel dydd Llun');
  expect(await feed('/calendars/rounds/testshire/REF-MON.ics?lang=en')).toContain('Refuse Monday');
});

test('an officer publishes a change with its Welsh reason (`reasons`); `reason` alone keeps working', async () => {
  await welshBundle();
  const t = buildTestApp(database, '2026-12-21T10:00:00Z');
  const { signInAs } = await import('../support/sign-in.ts');
  const cookie = await signInAs(t, 'officer@testshire.example', 'officer', 'testshire');
  const publish = (body: unknown) => t.app.request('/api/v1/exceptions', {
    method: 'POST', headers: { 'content-type': 'application/json', cookie, origin: 'http://localhost' }, body: JSON.stringify(body),
  });
  // The council is Welsh first: `reason` is the Welsh, `reasons.en` the English.
  const res = await publish({ date: '2027-01-18', action: 'move', to: '2027-01-19', rounds: ['REF-MON'], reason: 'Eira', reasons: { en: 'Snow' } });
  const body = (await res.json()) as any;
  expect(res.status).toBe(201);
  expect(body.reasons).toEqual({ en: 'Snow', cy: 'Eira' });
  const plain = await publish({ date: '2027-02-01', action: 'cancel', rounds: ['REF-MON'], reason: 'Streic' });
  expect(plain.status).toBe(201);
  expect(((await plain.json()) as any).reasons).toBeNull();
  const read = async (lang: string) =>
    ((await (await t.app.request(`/api/v1/properties/${UPRN}/collections?from=2027-01-19&to=2027-01-19&lang=${lang}`)).json()) as any[])
      .find((c) => c.service === 'refuse')?.reason;
  expect(await read('en')).toBe('Snow');
  expect(await read('cy')).toBe('Eira');
});
