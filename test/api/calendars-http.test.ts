/**
 * Calendar feeds over HTTP (issue 3 items 4, 6, 7): validators and 304s, the in-process cache, UIDs
 * stable across fetches and instances, a moved collection updating in place, and the contract feed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { eq, sql } from 'drizzle-orm';
import { contracts } from '../../db/schema/index.ts';
import type { Database } from '../../db/client.ts';
import { sha256 } from '../../server/services/auth.ts';
import { etagMatches, FeedCache, feedCacheFor, feedText } from '../../server/services/feed-cache.ts';
import { importBundle } from '../../server/services/import.ts';
import smallBundle from '../fixtures/small-bundle.json';
import { buildTestApp } from '../support/app.ts';
import { openTestDatabase, resetDatabase } from '../support/db.ts';
import { parseBoth, type ParsedCalendar } from './calendars-parsers.ts';

const NOW = '2026-12-20T10:00:00Z';
const HOST = 'bins.example.org';
const PUBLIC_URL = `https://${HOST}`;
const FEED = '/calendars/properties/100090000009.ics';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());
beforeEach(async () => {
  await resetDatabase(database);
});

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));
const instance = (config = { publicUrl: PUBLIC_URL }) => buildTestApp(database, NOW, config);

let generation = 0;
async function seed(bundle: unknown = smallBundle) {
  const { deps } = instance();
  await importBundle({ db: deps.db, clock: deps.clock }, bundle);
  // A reset brings the council back with the same id and schedule_version; the schedule service's
  // in-process cache is keyed by both, so give every test its own version.
  await deps.db.execute(sql`update councils set schedule_version = schedule_version + ${++generation * 100}`);
}

function read(text: string): ParsedCalendar {
  const { icaljs, nodeical } = parseBoth(text);
  expect(nodeical).toEqual(icaljs);
  return icaljs;
}

describe('HTTP behaviour of a feed', () => {
  test('answers text/calendar with validators, public caching and no cookies', async () => {
    await seed();
    const { app } = instance();
    const res = await app.request(FEED);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(res.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(Date.parse(res.headers.get('last-modified')!)).toBe(Date.parse(NOW));
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.text()).toStartWith('BEGIN:VCALENDAR\r\n');
  });

  test('If-None-Match answers 304 with no body, and If-Modified-Since does when no ETag is sent', async () => {
    await seed();
    const { app } = instance();
    const first = await app.request(FEED);
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;

    for (const inm of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const res = await app.request(FEED, { headers: { 'If-None-Match': inm } });
      expect({ inm, status: res.status }).toEqual({ inm, status: 304 });
      expect(await res.text()).toBe('');
      expect(res.headers.get('etag')).toBe(etag);
      expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
    }
    const stale = await app.request(FEED, { headers: { 'If-None-Match': '"something-else"' } });
    expect(stale.status).toBe(200);
    // If-None-Match wins over If-Modified-Since (RFC 9110).
    const both = await app.request(FEED, { headers: { 'If-None-Match': '"something-else"', 'If-Modified-Since': lastModified } });
    expect(both.status).toBe(200);

    expect((await app.request(FEED, { headers: { 'If-Modified-Since': lastModified } })).status).toBe(304);
    const later = new Date(Date.parse(lastModified) + 3600_000).toUTCString();
    expect((await app.request(FEED, { headers: { 'If-Modified-Since': later } })).status).toBe(304);
    const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
    expect((await app.request(FEED, { headers: { 'If-Modified-Since': earlier } })).status).toBe(200);
    expect((await app.request(FEED, { headers: { 'If-Modified-Since': 'yesterday' } })).status).toBe(200);
  });

  test('clients that accept gzip get the same feed gzipped, under the weak form of the same ETag', async () => {
    await seed();
    const { app } = instance();
    const plain = await app.request(FEED);
    const text = await plain.text();
    const zipped = await app.request(FEED, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(zipped.status).toBe(200);
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toBe('Accept-Encoding');
    expect(zipped.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(zipped.headers.get('etag')).toBe(`W/${plain.headers.get('etag')}`);
    const bytes = new Uint8Array(await zipped.arrayBuffer());
    expect(bytes.length).toBeLessThan(text.length / 5);
    expect(new TextDecoder().decode(Bun.gunzipSync(bytes))).toBe(text);
    // Either tag revalidates either copy.
    const revalidate = await app.request(FEED, { headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': plain.headers.get('etag')! } });
    expect(revalidate.status).toBe(304);
    expect((await app.request(FEED, { headers: { 'If-None-Match': zipped.headers.get('etag')! } })).status).toBe(304);
    // gzip;q=0 means no.
    const refused = await app.request(FEED, { headers: { 'Accept-Encoding': 'gzip;q=0, identity' } });
    expect(refused.headers.get('content-encoding')).toBeNull();
    expect(await refused.text()).toBe(text);
  });

  test('a feed is built once and then served from the cache, 304s included', async () => {
    await seed();
    const { app, deps } = instance();
    const cache = feedCacheFor(deps);
    const first = await app.request(FEED);
    const body = await first.text();
    expect(cache.misses).toBe(1);
    const second = await app.request(FEED);
    expect(await second.text()).toBe(body);
    await app.request(FEED, { headers: { 'If-None-Match': first.headers.get('etag')! } });
    expect(cache.misses).toBe(1);
    expect(cache.hits).toBe(2);
    // Options shape the feed: a different one is another entry.
    await app.request(`${FEED}?reminder=18:00`);
    expect(cache.misses).toBe(2);
    expect(cache.size).toBe(2);
  });

  test('UIDs and bodies are identical across fetches and across two instances on one database', async () => {
    await seed();
    const a = instance();
    const b = instance();
    const resA1 = await a.app.request(FEED);
    const resA2 = await a.app.request(FEED);
    const resB = await b.app.request(FEED);
    const [textA1, textA2, textB] = [await resA1.text(), await resA2.text(), await resB.text()];
    expect(feedCacheFor(b.deps)).not.toBe(feedCacheFor(a.deps));
    expect(textA2).toBe(textA1);
    expect(textB).toBe(textA1);
    expect(resB.headers.get('etag')).toBe(resA1.headers.get('etag'));
    const uidsA = read(textA1).events.map((e) => e.uid);
    const uidsB = read(textB).events.map((e) => e.uid);
    expect(uidsA.length).toBeGreaterThan(50);
    expect(uidsB).toEqual(uidsA);
    expect(uidsA.every((u) => u.endsWith(`@${HOST}`))).toBe(true);
    // One instance's validator is good at the other.
    const cross = await b.app.request(FEED, { headers: { 'If-None-Match': resA1.headers.get('etag')! } });
    expect(cross.status).toBe(304);
  });

  test('a moved collection keeps its UID with a higher SEQUENCE, and the validators change', async () => {
    await seed();
    const { app, deps, clock } = instance();
    const uid = `100090000009-refuse-2027-01-22@${HOST}`;
    const before = await app.request(FEED);
    const oldEtag = before.headers.get('etag')!;
    const oldModified = before.headers.get('last-modified')!;
    const old = read(await before.text()).events.find((e) => e.uid === uid)!;
    expect(old.start).toBe('2027-01-22');

    const bundle = clone(smallBundle) as any;
    bundle.exceptions.push({ date: '2027-01-22', action: 'move', to: '2027-01-23', rounds: ['REF-FRI'], reason: 'Depot closed for training' });
    await importBundle({ db: deps.db, clock: deps.clock }, bundle);

    // Conditional requests from a subscriber holding the old copy now get the new one.
    const byEtag = await app.request(FEED, { headers: { 'If-None-Match': oldEtag } });
    expect(byEtag.status).toBe(200);
    expect(byEtag.headers.get('etag')).not.toBe(oldEtag);
    // Even with the clock standing still, Last-Modified moves on, so If-Modified-Since alone sees the change.
    const byDate = await app.request(FEED, { headers: { 'If-Modified-Since': oldModified } });
    expect(byDate.status).toBe(200);

    const after = read(await byEtag.text());
    const moved = after.events.find((e) => e.uid === uid)!;
    expect(moved.start).toBe('2027-01-23');
    expect(moved.sequence).toBeGreaterThan(old.sequence);
    expect(moved.description).toContain('Depot closed for training');
    expect(after.events.filter((e) => e.start === '2027-01-22' && e.summary === 'Rubbish')).toEqual([]);
    // Nothing else changed place.
    const others = (c: ParsedCalendar) => c.events.filter((e) => e.uid !== uid).map((e) => [e.uid, e.start]);
    expect(others(after)).toEqual(others(read(await (await instance().app.request(FEED)).text())));

    // The window slides with the council's day: tomorrow is another validator.
    clock.advance(24 * 3600_000);
    const tomorrow = await app.request(FEED, { headers: { 'If-None-Match': byEtag.headers.get('etag')! } });
    expect(tomorrow.status).toBe(200);
  });

  test('a refresh changes nothing unless the schedule changed: re-fetching the same day is byte-identical', async () => {
    await seed();
    const { app, clock } = instance();
    const first = await (await app.request(FEED)).text();
    clock.advance(5 * 3600_000); // later the same day (20 Dec, 15:00)
    const res = await app.request(FEED);
    expect(await res.text()).toBe(first);
    expect(res.headers.get('last-modified')).toBe(new Date(NOW).toUTCString());
  });
});

describe('the feed cache', () => {
  test('keeps feeds gzipped, bounded by entries and by bytes, dropping the least recently used', () => {
    const at = new Date('2026-12-20T10:00:00Z');
    // Text gzip cannot shrink much (random hex), so byte budgets can be set from its length.
    const text = (n: number) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => b.toString(16).padStart(2, '0')).join('');
    const small = text(50);
    const probe = new FeedCache();
    const one = probe.put('p', '"p"', small, at).bytes;
    expect(one).toBeLessThan(Buffer.byteLength(small)); // what is held is the compressed body
    expect(feedText(probe.get('"p"')!)).toBe(small);
    const cache = new FeedCache({ maxEntries: 2, maxBytes: one * 4 });
    cache.put('a', '"a"', small, at);
    cache.put('b', '"b"', text(50), at);
    expect(cache.get('"a"')).toBeDefined(); // a is now the most recent
    cache.put('c', '"c"', text(50), at);
    expect(cache.get('"b"')).toBeUndefined();
    expect(feedText(cache.get('"a"')!)).toBe(small);
    const big = cache.put('d', '"d"', text(250), at); // over the byte budget with anything else: the rest goes
    expect(big.bytes + one).toBeGreaterThan(one * 4);
    expect(cache.size).toBe(1);
    expect(cache.totalBytes).toBe(big.bytes);
    cache.put('e', '"e"', text(1000), at); // larger than the whole budget: served, never kept
    expect(cache.get('"e"')).toBeUndefined();
    expect(cache.get('"d"')).toBeDefined();
  });

  test('a new version of a feed is always Last-Modified later than the one before', () => {
    const at = new Date('2026-12-20T10:00:00.700Z');
    const cache = new FeedCache();
    const v1 = cache.put('feed', '"v1"', 'one', at);
    const v2 = cache.put('feed', '"v2"', 'two', at);
    expect(v1.lastModified.toISOString()).toBe('2026-12-20T10:00:00.000Z');
    expect(v2.lastModified.getTime()).toBe(v1.lastModified.getTime() + 1000);
    expect(cache.put('other', '"o"', 'three', at).lastModified).toEqual(v1.lastModified);
  });

  test('If-None-Match: lists, weak tags and * match; other tags do not', () => {
    expect(etagMatches('"abc"', '"abc"')).toBe(true);
    expect(etagMatches('W/"abc"', '"abc"')).toBe(true);
    expect(etagMatches('"x", "abc"', '"abc"')).toBe(true);
    expect(etagMatches('*', '"abc"')).toBe(true);
    expect(etagMatches('"abcd"', '"abc"')).toBe(false);
    expect(etagMatches('abc', '"abc"')).toBe(false);
  });
});

describe('contract feed', () => {
  const TOKEN = 'contract-calendar-token-0123456789';
  async function seedContract(status = 'active') {
    const bundle = clone(smallBundle) as any;
    bundle.customers = [{ id: 'CAFE1', name: 'Corner Cafe Ltd', address: '10 Market Street, Testbury', sic: '56101', employees: 12, email: 'owner@cafe.example' }];
    bundle.contracts = [{
      reference: 'TS-0001', customer: 'CAFE1', uprn: '100090000010', start: '2026-06-01', end: '2027-05-31', status,
      lines: [{ service: 'refuse', round: 'COM-WED', container: '1100L bin', quantity: 2, ewcCode: '20 03 01', pricePerLiftPence: 1450 }],
    }];
    await seed(bundle);
    const { deps } = instance();
    await deps.db.update(contracts).set({ calendarTokenHash: sha256(TOKEN) }).where(eq(contracts.reference, 'TS-0001'));
  }

  test('the right token gets the contract\'s collections at the site, within the contract\'s dates', async () => {
    await seedContract();
    const { app } = instance();
    const res = await app.request(`/calendars/contracts/TS-0001.ics?token=${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('private, max-age=3600');
    expect(res.headers.get('set-cookie')).toBeNull();
    const text = await res.text();
    expect(text).not.toContain('TZID');
    const cal = read(text);
    // Weekly on Wednesdays from the window's start (25 Nov 2026) to the contract's end (last: 26 May 2027).
    expect(cal.events.length).toBe(27);
    for (const e of cal.events) {
      expect(e.uid).toBe(`100090000010-refuse-${e.uid.slice(20, 30)}@${HOST}`);
      expect(e.start <= '2027-06-05').toBe(true);
      expect(e.summary).toBe('Rubbish');
      expect(e.description).toContain('Containers: 2 × 1100L bin');
    }
    // Wednesday 30 Dec 2026 slips to Thursday 31 (Boxing Day substitute on Monday 28).
    expect(cal.events.find((e) => e.uid === `100090000010-refuse-2026-12-30@${HOST}`)!.start).toBe('2026-12-31');
    const last = cal.events.at(-1)!;
    expect(last.uid < `100090000010-refuse-2027-06-01@${HOST}`).toBe(true);
    // The site's property feed uses the same UIDs for the same collections.
    const site = read(await (await app.request('/calendars/properties/100090000010.ics')).text());
    const siteUids = new Set(site.events.map((e) => e.uid));
    expect(cal.events.every((e) => siteUids.has(e.uid))).toBe(true);

    const again = await app.request(`/calendars/contracts/TS-0001.ics?token=${TOKEN}`, { headers: { 'If-None-Match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  test('an unknown reference, a wrong token and no token all get the same 404', async () => {
    await seedContract();
    const { app } = instance();
    const answers = await Promise.all(
      ['/calendars/contracts/TS-9999.ics?token=' + TOKEN, '/calendars/contracts/TS-0001.ics?token=wrong', '/calendars/contracts/TS-0001.ics']
        .map(async (path) => {
          const res = await app.request(path);
          return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
        }),
    );
    expect(answers[0].status).toBe(404);
    expect(answers[0].type).toStartWith('text/plain');
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  test('a contract whose calendar was never issued, or that is suspended, shows nothing', async () => {
    await seedContract('suspended');
    const { app, deps } = instance();
    const suspended = read(await (await app.request(`/calendars/contracts/TS-0001.ics?token=${TOKEN}`)).text());
    expect(suspended.events).toEqual([]);
    await deps.db.update(contracts).set({ calendarTokenHash: null }).where(eq(contracts.reference, 'TS-0001'));
    expect((await app.request(`/calendars/contracts/TS-0001.ics?token=${TOKEN}`)).status).toBe(404);
  });
});
