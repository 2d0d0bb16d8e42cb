import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { councils } from '../../db/schema/index.ts';
import { fixedClock } from '../../server/clock.ts';
import { AddressSchema } from '../../server/routes/api/schemas.ts';
import { importBundle } from '../../server/services/import.ts';
import { findAddresses } from '../../server/services/property-view.ts';
import { buildTestApp } from '../support/app.ts';
import { openTestDatabase } from '../support/db.ts';
import smallBundle from '../fixtures/small-bundle.json' with { type: 'json' };

// A second council sharing a postcode with Testshire (postcodes cross council boundaries), with a
// long street (more than 50 matches, numbers past 9, and flats inside number 10).
const longStreet = [
  ...Array.from({ length: 60 }, (_, i) => ({ uprn: String(200000000 + i + 1), address: `${i + 1} Long Street, Otherton`, postcode: 'OT1 1AA' })),
  { uprn: '200000100', address: 'Flat 2, 10 Long Street, Otherton', postcode: 'OT1 1AA' },
  { uprn: '200000101', address: 'Flat 1, 10 Long Street, Otherton', postcode: 'OT1 1AA' },
  { uprn: '200000102', address: '10A Long Street, Otherton', postcode: 'OT1 1AA' },
  { uprn: '200000200', address: '9 Acorn Way, Otherton', postcode: 'TE1 1AB' },
  { uprn: '200000300', address: '100% Pure House, 1 Percent Row, Otherton', postcode: 'OT1 2AA' },
];
const otherton = {
  council: { slug: 'otherton', name: 'Otherton Borough Council' },
  properties: longStreet.map((p) => ({ ...p, lat: 52.1, lon: -1.1 })),
};

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  const ctx = { db: database.db, clock: fixedClock('2026-08-27T10:00:00+01:00') };
  await importBundle(ctx, smallBundle);
  await importBundle(ctx, otherton);
});
afterAll(() => database.close());

async function search(query: string) {
  const { app } = buildTestApp(database, '2026-08-27T10:00:00+01:00');
  const res = await app.request(`/api/v1/addresses${query}`);
  const body = await res.json();
  return { status: res.status, body, res };
}

async function results(query: string) {
  const { status, body } = await search(query);
  expect(status).toBe(200);
  return AddressSchema.array().parse(body);
}

describe('by postcode', () => {
  test('normalises case and spacing, answers uprn, address, postcode and council slug', async () => {
    for (const q of ['te11ab', 'TE1 1AB', ' te1  1ab ', 'Te11Ab']) {
      const list = await results(`?postcode=${encodeURIComponent(q)}&council=testshire`);
      expect(list).toEqual([
        { uprn: '100090000001', address: '1 Acorn Way, Testbury', postcode: 'TE1 1AB', council: 'testshire' },
        { uprn: '100090000002', address: '2 Acorn Way, Testbury', postcode: 'TE1 1AB', council: 'testshire' },
        { uprn: '100090000003', address: '3 Acorn Way, Testbury', postcode: 'TE1 1AB', council: 'testshire' },
        { uprn: '100090000004', address: '4 Acorn Way, Testbury', postcode: 'TE1 1AB', council: 'testshire' },
      ]);
    }
  });

  test('a postcode shared by two councils lists both, each with its council', async () => {
    const list = await results('?postcode=TE1%201AB');
    expect(list).toHaveLength(5);
    expect(list.find((a) => a.uprn === '200000200')).toEqual({ uprn: '200000200', address: '9 Acorn Way, Otherton', postcode: 'TE1 1AB', council: 'otherton' });
  });

  test('council= scopes the answer to that council', async () => {
    const list = await results('?postcode=TE1%201AB&council=otherton');
    expect(list.map((a) => a.uprn)).toEqual(['200000200']);
  });

  test('addresses are in natural order: 2 before 10, flats after their building, 10A after 10', async () => {
    const list = await results('?postcode=OT1%201AA');
    const names = list.map((a) => a.address.replace(' Long Street, Otherton', ''));
    expect(names.slice(0, 12)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', 'Flat 1, 10', 'Flat 2, 10']);
    expect(names[12]).toBe('10A');
    expect(names[13]).toBe('11');
    expect(names.at(-1)).toBe('60');
    expect(list).toHaveLength(63);
  });

  test('a valid postcode with no addresses is an empty list', async () => {
    expect(await results('?postcode=sw1a1aa')).toEqual([]);
  });

  test('a postcode narrowed by part of the address (which may then be short)', async () => {
    const list = await results('?postcode=TE1%201AB&q=2');
    expect(list.map((a) => a.address)).toEqual(['2 Acorn Way, Testbury']);
  });
});

describe('by part of the address', () => {
  test('case-insensitive substring, grouped by street and town', async () => {
    const list = await results('?q=ACORN%20way');
    expect(list.map((a) => a.address)).toEqual([
      '9 Acorn Way, Otherton', '1 Acorn Way, Testbury', '2 Acorn Way, Testbury', '3 Acorn Way, Testbury', '4 Acorn Way, Testbury',
    ]);
  });

  test('matches at the start of the address come first', async () => {
    const list = await results('?q=1%20acorn');
    expect(list[0].address).toBe('1 Acorn Way, Testbury');
  });

  test('at most 50 results, the first 50 in natural order', async () => {
    const list = await results('?q=long%20street');
    expect(list).toHaveLength(50);
    const names = list.map((a) => a.address.replace(' Long Street, Otherton', ''));
    expect(names.slice(0, 13)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', 'Flat 1, 10', 'Flat 2, 10', '10A']);
    expect(names.at(-1)).toBe('47');
  });

  test('% and _ are literal characters, not wildcards', async () => {
    expect((await results('?q=100%25')).map((a) => a.uprn)).toEqual(['200000300']);
    expect(await results('?q=%25%25%25')).toEqual([]);
    expect(await results('?q=___')).toEqual([]);
  });

  test('council scoping: council= and a council-scoped caller both see only their council', async () => {
    expect((await results('?q=acorn&council=otherton')).map((a) => a.council)).toEqual(['otherton']);
    const ctx = { db: database.db, clock: fixedClock('2026-08-27T10:00:00+01:00') };
    expect(new Set((await findAddresses(ctx, { q: 'acorn', council: 'testshire' })).map((a) => a.council))).toEqual(new Set(['testshire']));
    const [{ id: councilId }] = await database.db.select().from(councils).where(eq(councils.slug, 'otherton'));
    const scoped = await findAddresses({ ...ctx, councilId }, { q: 'acorn' });
    expect(scoped.map((a) => a.uprn)).toEqual(['200000200']);
    expect(await findAddresses({ ...ctx, councilId }, { q: 'acorn', council: 'testshire' })).toEqual([]);
  });
});

describe('refusals', () => {
  test('neither postcode nor q is 400 invalid_query', async () => {
    const { status, body } = await search('');
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_query');
  });

  test('q under 3 characters is 400 invalid_query', async () => {
    for (const q of ['ab', '  a ', '']) {
      const { status, body } = await search(`?q=${encodeURIComponent(q)}`);
      expect(status).toBe(400);
      expect(body.error.code).toBe('invalid_query');
    }
  });

  test('a malformed postcode is 400 invalid_postcode', async () => {
    const { status, body } = await search('?postcode=SW1A%201AC');
    expect(status).toBe(400);
    expect(body).toEqual({ error: { code: 'invalid_postcode', message: expect.stringContaining('postcode') } });
  });

  test('an unknown council is 404 not_found', async () => {
    const { status, body } = await search('?postcode=TE1%201AB&council=nope');
    expect(status).toBe(404);
    expect(body).toEqual({ error: { code: 'not_found', message: 'No council called "nope"' } });
  });
});
