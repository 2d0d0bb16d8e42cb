/**
 * The message catalogues: every key used in code exists in both languages, no key is left unused,
 * placeholders match between languages, plural messages carry the forms each language needs; and
 * dates come out the Welsh way.
 */
import { expect, test } from 'bun:test';
import { Glob } from 'bun';
import { resolve } from 'node:path';
import { CATALOGUES, translate, type MessageKey } from '../../web/i18n/index.ts';
import { clockTime, longDate, ordinal, shortDate } from '../../web/i18n/dates.ts';

const ROOT = resolve(import.meta.dir, '../..');

async function keysInCode(): Promise<Set<string>> {
  const used = new Set<string>();
  for (const dir of ['web', 'server']) {
    for await (const file of new Glob('**/*.{ts,tsx}').scan({ cwd: resolve(ROOT, dir) })) {
      const text = await Bun.file(resolve(ROOT, dir, file)).text();
      // Every key passed to t('…') (a missing one fails below), and any other literal naming a key
      // (tables typed MessageKey, `t(cond ? 'a.b' : 'c.d')`).
      for (const m of text.matchAll(/\bt\(\s*['"]([a-z0-9_]+\.[a-z0-9_.]+)['"]/g)) used.add(m[1]);
      for (const m of text.matchAll(/['"]([a-z0-9_]+\.[a-z0-9_.]+)['"]/g)) if (m[1] in CATALOGUES.en) used.add(m[1]);
      // A family picked at run time (`outcome.${code}`): every key of that prefix counts as used.
      for (const m of text.matchAll(/`([a-z0-9_]+\.[a-z0-9_]*)\$\{/g)) for (const k of Object.keys(CATALOGUES.en)) if (k.startsWith(m[1])) used.add(k);
    }
  }
  return used;
}

const placeholders = (message: unknown): string =>
  [...new Set(JSON.stringify(message).match(/\{(\w+)\}/g) ?? [])].sort().join(',');

test('every key in use is in both catalogues, and every catalogue key is in use', async () => {
  const used = await keysInCode();
  const en = Object.keys(CATALOGUES.en);
  const cy = Object.keys(CATALOGUES.cy);
  expect([...used].filter((k) => !(k in CATALOGUES.en))).toEqual([]);
  expect([...used].filter((k) => !(k in CATALOGUES.cy))).toEqual([]);
  expect(en.filter((k) => !used.has(k))).toEqual([]);
  expect(cy.filter((k) => !(k in CATALOGUES.en))).toEqual([]);
});

test('Welsh and English messages use the same placeholders; plurals have every form the language needs', () => {
  for (const key of Object.keys(CATALOGUES.en)) {
    expect(`${key}: ${placeholders(CATALOGUES.cy[key])}`).toBe(`${key}: ${placeholders(CATALOGUES.en[key])}`);
    const cy = CATALOGUES.cy[key];
    if (typeof CATALOGUES.en[key] === 'object') {
      expect(typeof cy).toBe('object');
      for (const form of ['zero', 'one', 'two', 'few', 'many', 'other']) expect(`${key}.${form}: ${form in (cy as object)}`).toBe(`${key}.${form}: true`);
    }
  }
});

test('Welsh plurals pick the right form', () => {
  const k = 'addresses.found' as MessageKey;
  expect(translate('cy', k, { count: 2, postcode: 'CF10 1AA' })).toBe('Cafwyd hyd i 2 gyfeiriad ar gyfer CF10 1AA.');
  expect(translate('cy', k, { count: 3, postcode: 'CF10 1AA' })).toBe('Cafwyd hyd i 3 chyfeiriad ar gyfer CF10 1AA.');
  expect(translate('en', k, { count: 1, postcode: 'DE1 1AA' })).toBe('1 address found for DE1 1AA.');
  expect(translate('en', k, { count: 12, postcode: 'DE1 1AA' })).toBe('12 addresses found for DE1 1AA.');
});

test('dates, ordinals and times are written the Welsh way, on the right day in any time zone', () => {
  expect(longDate('cy', '2026-12-25')).toBe('Dydd Gwener 25 Rhagfyr');
  expect(longDate('cy', '2027-01-01', true)).toBe('Dydd Gwener 1 Ionawr 2027');
  expect(longDate('en', '2026-03-29')).toBe('Sunday 29 March'); // the day the clocks go forward
  expect(longDate('cy', '2026-10-25')).toBe('Dydd Sul 25 Hydref'); // … and back
  expect(shortDate('cy', '2026-02-03')).toBe('3 Chwef');
  expect([1, 2, 3, 4, 5, 7, 11, 20, 21].map((n) => ordinal('cy', n))).toEqual(['1af', '2il', '3ydd', '4ydd', '5ed', '7fed', '11eg', '20fed', '21ain']);
  expect([1, 2, 3, 11, 12, 13, 22].map((n) => ordinal('en', n))).toEqual(['1st', '2nd', '3rd', '11th', '12th', '13th', '22nd']);
  expect(clockTime('cy', '17:00')).toBe('5yp');
  expect(clockTime('cy', '09:30')).toBe('9:30yb');
  expect(clockTime('cy', '12:00')).toBe('canol dydd');
});

test('every bank holiday Kerbside knows has its Welsh title', async () => {
  const { BANK_HOLIDAY_TITLES_CY, localReason } = await import('../../web/i18n/holidays.ts');
  const data = await Bun.file(resolve(ROOT, 'server/data/bank-holidays.json')).json();
  const titles = new Set<string>();
  for (const division of Object.values(data) as Array<{ events: Array<{ title: string }> }>) for (const e of division.events) titles.add(e.title);
  expect([...titles].filter((t) => !(t in BANK_HOLIDAY_TITLES_CY))).toEqual([]);
  expect(localReason('Christmas Day', 'cy')).toBe('Dydd Nadolig');
  expect(localReason('Christmas Day', 'en')).toBe('Christmas Day');
  expect(localReason('Depot closed', 'cy')).toBe('Depot closed');
});

test('no key is defined by two catalogue areas', async () => {
  const { AREAS } = await import('../../web/i18n/catalogues.ts');
  const seen = new Map<string, string>();
  const twice: string[] = [];
  for (const area of AREAS) {
    for (const key of Object.keys(area.en)) {
      if (seen.has(key)) twice.push(`${key}: ${seen.get(key)} and ${area.name}`);
      seen.set(key, area.name);
    }
  }
  expect(twice).toEqual([]);
  // en is the spread of every area's English: nothing missing from it.
  const { en } = await import('../../web/i18n/catalogues.ts');
  expect(Object.keys(en).length).toBe(seen.size);
});
