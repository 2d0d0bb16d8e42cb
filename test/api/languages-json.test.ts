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
