/**
 * Calendar feeds' content (DESIGN.md "Calendars", issue 3): every feed read by ical.js AND node-ical,
 * its events compared one by one with the /collections JSON for the same window.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import ICAL from 'ical.js';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { addDays } from '../../server/domain/dates.ts';
import { calendarLinks } from '../../server/services/calendars.ts';
import { importBundle } from '../../server/services/import.ts';
import { loadCouncilSchedule, getCouncilBySlug } from '../../server/services/schedule.ts';
import { roundCollections } from '../../server/domain/schedule.ts';
import smallBundle from '../fixtures/small-bundle.json';
import { buildTestApp } from '../support/app.ts';
import { openTestDatabase, resetDatabase } from '../support/db.ts';
import { parseBoth, type ParsedCalendar, type ParsedEvent } from './calendars-parsers.ts';

const NOW = '2026-12-20T10:00:00Z'; // a Sunday: the window runs 22 Nov 2026 – 20 Dec 2027, across the year end
const TODAY = '2026-12-20';
const FROM = addDays(TODAY, -28);
const TO = '2027-12-20';
const HOST = 'bins.example.org';
const PUBLIC_URL = `https://${HOST}`;
const UPRNS = smallBundle.properties.map((p) => p.uprn);

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());
beforeEach(async () => {
  await resetDatabase(database);
});

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

let generation = 0;
async function setUp(bundle: unknown = smallBundle) {
  const built = buildTestApp(database, NOW, { publicUrl: PUBLIC_URL });
  await importBundle({ db: built.deps.db, clock: built.deps.clock }, bundle);
  // After a reset the council comes back with the same id and schedule_version, and the schedule
  // service's in-process cache (keyed by both) would answer with the previous test's rules.
  await built.deps.db.execute(sql`update councils set schedule_version = schedule_version + ${++generation * 100}`);
  return built;
}

/** Both parsers must read the same calendar; returns ical.js's reading. */
function readBoth(text: string): ParsedCalendar {
  const { icaljs, nodeical } = parseBoth(text);
  expect(nodeical).toEqual(icaljs);
  return icaljs;
}

function expectWellFormedCalendar(text: string, cal: ParsedCalendar) {
  expect(cal.name).toBeTruthy();
  expect(cal.calName).toBe(cal.name);
  expect(cal.timezone).toBe('Europe/London');
  expect(cal.refreshInterval).toBe('P1D');
  expect(cal.publishedTtl).toBe('P1D');
  expect(text).toContain('\r\nREFRESH-INTERVAL;VALUE=DURATION:P1D\r\n');
  // Dates never carry a time zone, and the calendar header comes before the first event.
  expect(text).not.toContain('TZID');
  expect(text.indexOf('X-WR-TIMEZONE')).toBeLessThan(text.indexOf('BEGIN:VEVENT') === -1 ? Infinity : text.indexOf('BEGIN:VEVENT'));
  const starts = text.split('\r\n').filter((l) => l.startsWith('DTSTART'));
  for (const line of starts) expect(line).toMatch(/^DTSTART;VALUE=DATE:\d{8}$/);
  for (const e of cal.events) {
    expect(e.startIsDate).toBe(true);
    expect(e.end).toBe(addDays(e.start, 1));
    expect(e.hasStamp).toBe(true);
  }
  expect(new Set(cal.events.map((e) => e.uid)).size).toBe(cal.events.length);
}

async function fetchFeed(app: ReturnType<typeof buildTestApp>['app'], path: string) {
  const res = await app.request(path);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
  return res.text();
}

interface CollectionJson { date: string; service: string; name: string; originalDate: string; changed: boolean; reason?: string }

describe('property feeds', () => {
  test('every property feed matches its /collections JSON event by event, in both parsers', async () => {
    const { app } = await setUp();
    let compared = 0;
    for (const uprn of UPRNS) {
      const text = await fetchFeed(app, `/calendars/properties/${uprn}.ics`);
      const cal = readBoth(text);
      expectWellFormedCalendar(text, cal);

      const res = await app.request(`/api/v1/properties/${uprn}/collections?from=${FROM}&to=${TO}`);
      expect(res.status).toBe(200);
      const json = (await res.json()) as CollectionJson[];
      expect(json.length).toBeGreaterThan(0);
      expect(cal.events.length).toBe(json.length);

      // Feed order is date then service, as the JSON is.
      const events = [...cal.events].sort((a, b) => (a.start !== b.start ? (a.start < b.start ? -1 : 1) : a.uid < b.uid ? -1 : 1));
      json.forEach((c, i) => {
        const e: ParsedEvent = events[i];
        expect(e.start).toBe(c.date);
        expect(e.uid).toBe(`${uprn}-${c.service}-${c.originalDate}@${HOST}`);
        expect(e.summary).toBe(c.name); // one bin per title
        expect(e.status).toBe('CONFIRMED');
        if (c.changed) expect(e.description).toContain(`Moved from`);
        if (c.reason) expect(e.description).toContain(c.reason);
        compared++;
      });
    }
    expect(compared).toBeGreaterThan(500);
  });

  test('December runs into January: the feed reaches a year ahead and carries the holiday moves', async () => {
    const { app } = await setUp();
    const cal = readBoth(await fetchFeed(app, '/calendars/properties/100090000001.ics'));
    const food = cal.events.filter((e) => e.summary === 'Food waste').map((e) => e.start);
    // Weekly food: Monday 28 Dec 2026 (Boxing Day substitute) slips to Tuesday 29; 4 Jan 2027 is back on Monday.
    expect(food).toContain('2026-12-29');
    expect(food).not.toContain('2026-12-28');
    expect(food).toContain('2027-01-04');
    // No week is missing across the year end or anywhere in the window.
    for (let i = 1; i < food.length; i++) expect(addDays(food[i - 1], 9) >= food[i]).toBe(true);
    expect(food[0] >= FROM).toBe(true);
    expect(food.at(-1)!.startsWith('2027-12')).toBe(true);
    const moved = cal.events.find((e) => e.uid === `100090000001-food-2026-12-28@${HOST}`)!;
    expect(moved.start).toBe('2026-12-29');
    expect(moved.description).toContain('Moved from Monday 28 December 2026');
  });

  test('a property with five services gets one event per service per date', async () => {
    const bundle = clone(smallBundle) as any;
    bundle.services.push({ id: 'glass', name: 'Glass', stream: 'glass', container: '55L black box', colour: '#6f777b' });
    bundle.rounds.push({ id: 'GLS-MON', service: 'glass', name: 'Glass Monday', schedules: [{ from: '2026-01-01', anchor: '2026-01-05', everyWeeks: 4 }] });
    bundle.assignments.push({ uprn: '100090000001', round: 'GLS-MON', from: '2026-01-01', sequence: 10 });
    const { app } = await setUp(bundle);
    const text = await fetchFeed(app, '/calendars/properties/100090000001.ics');
    const cal = readBoth(text);
    expectWellFormedCalendar(text, cal);
    const names = new Set(cal.events.map((e) => e.summary));
    expect([...names].sort()).toEqual(['Food waste', 'Garden waste', 'Glass', 'Recycling', 'Rubbish']);
    // 4 Jan 2027: refuse, food and glass the same day, as three events.
    const jan4 = cal.events.filter((e) => e.start === '2027-01-04').map((e) => e.summary).sort();
    expect(jan4).toEqual(['Food waste', 'Glass', 'Rubbish']);
    const glass = cal.events.find((e) => e.summary === 'Glass')!;
    expect(glass.description).toContain('Container: 55L black box');
    expect(glass.description).toContain('Colour: #6f777b');

    const json = (await (await app.request(`/api/v1/properties/100090000001/collections?from=${FROM}&to=${TO}`)).json()) as CollectionJson[];
    expect(cal.events.length).toBe(json.length);
  });

  test('services= narrows the feed and reminder= adds an alarm at that time the evening before', async () => {
    const { app } = await setUp();
    const text = await fetchFeed(app, '/calendars/properties/100090000001.ics?services=food,refuse&reminder=18:00');
    const cal = readBoth(text);
    expectWellFormedCalendar(text, cal);
    expect(new Set(cal.events.map((e) => e.summary))).toEqual(new Set(['Food waste', 'Rubbish']));
    for (const e of cal.events) expect(e.alarmSeconds).toBe(-6 * 3600);

    // What a calendar app computes: the all-day start (local midnight) plus the trigger.
    const comp = new ICAL.Component(ICAL.parse(text));
    const first = comp.getFirstSubcomponent('vevent')!;
    const start = (first.getFirstPropertyValue('dtstart') as ICAL.Time).clone();
    start.isDate = false;
    start.addDuration(first.getFirstSubcomponent('valarm')!.getFirstPropertyValue('trigger') as ICAL.Duration);
    expect(start.toString()).toBe(`${addDays(cal.events[0].start, -1)}T18:00:00`);

    const early = readBoth(await fetchFeed(app, '/calendars/properties/100090000001.ics?reminder=07:30'));
    expect(early.events[0].alarmSeconds).toBe(-(16 * 3600 + 30 * 60));
    const none = readBoth(await fetchFeed(app, '/calendars/properties/100090000001.ics'));
    expect(none.events.every((e) => e.alarmSeconds === null)).toBe(true);
  });

  test('bad input answers plain-text 400s and an unknown UPRN a 404, without cookies', async () => {
    const { app } = await setUp();
    const cases: Array<[string, number]> = [
      ['/calendars/properties/999999999.ics', 404],
      ['/calendars/properties/abc.ics', 400],
      ['/calendars/properties/0.ics', 400],
      ['/calendars/properties/100090000001.ics?services=', 400],
      ['/calendars/properties/100090000001.ics?services=refuse,,food', 400],
      ['/calendars/properties/100090000001.ics?services=ref%20use', 400],
      ['/calendars/properties/100090000001.ics?services=glass', 400],
      ['/calendars/properties/100090000001.ics?reminder=25:00', 400],
      ['/calendars/properties/100090000001.ics?reminder=6pm', 400],
      ['/calendars/properties/100090000001.ics?reminder=18:0', 400],
      ['/calendars/rounds/testshire/NOPE.ics', 404],
      ['/calendars/rounds/nowhere/REF-MON.ics', 404],
      ['/calendars/councils/nowhere/changes.ics', 404],
      ['/calendars/councils/testshire/other.ics', 404],
    ];
    for (const [path, status] of cases) {
      const res = await app.request(path);
      expect({ path, status: res.status }).toEqual({ path, status });
      expect(res.headers.get('content-type')).toStartWith('text/plain');
      expect(res.headers.get('set-cookie')).toBeNull();
      const body = await res.text();
      expect(body.length).toBeGreaterThan(0);
      expect(body).not.toMatch(/\.ts:\d+|Error:/);
    }
    expect(await (await app.request('/calendars/properties/100090000001.ics?reminder=6pm')).text()).toContain('HH:MM');
    expect(await (await app.request('/calendars/properties/100090000001.ics?services=glass')).text()).toContain('glass');
  });
});

describe('round and changes feeds', () => {
  test('a round feed lists the round\'s collections, in both parsers', async () => {
    const { app, deps } = await setUp();
    const text = await fetchFeed(app, '/calendars/rounds/testshire/REF-FRI.ics');
    const cal = readBoth(text);
    expectWellFormedCalendar(text, cal);

    const ctx = { db: deps.db, clock: deps.clock };
    const council = await getCouncilBySlug(ctx, 'testshire');
    const schedule = await loadCouncilSchedule(ctx, council.id);
    const expected = roundCollections(schedule.rounds.get('REF-FRI')!, schedule.rules, FROM, TO);
    expect(cal.events.map((e) => [e.uid, e.start])).toEqual(
      expected.map((o) => [`testshire-REF-FRI-${o.originalDate}@${HOST}`, o.date!]),
    );
    expect(cal.events.every((e) => e.summary === 'Rubbish (Refuse Friday)')).toBe(true);
    // Christmas Day's published exception wins: 25 Dec → Saturday 26 Dec.
    const christmas = cal.events.find((e) => e.uid === `testshire-REF-FRI-2026-12-25@${HOST}`)!;
    expect(christmas.start).toBe('2026-12-26');
    expect(christmas.description).toContain('Christmas Day');
  });

  test('the changes feed has every moved and cancelled collection of the council, with the reason', async () => {
    const bundle = clone(smallBundle) as any;
    bundle.exceptions.push({ date: '2027-02-03', action: 'cancel', rounds: ['COM-WED'], reason: 'Depot closed for resurfacing' });
    const { app, deps } = await setUp(bundle);
    const text = await fetchFeed(app, '/calendars/councils/testshire/changes.ics');
    const cal = readBoth(text);
    expectWellFormedCalendar(text, cal);

    const ctx = { db: deps.db, clock: deps.clock };
    const schedule = await loadCouncilSchedule(ctx, (await getCouncilBySlug(ctx, 'testshire')).id);
    const expected = [...schedule.rounds.values()]
      .flatMap((r) => roundCollections(r, schedule.rules, FROM, TO, { includeCancelled: true }))
      .filter((o) => o.changed);
    expect(cal.events.length).toBe(expected.length);
    expect(new Set(cal.events.map((e) => e.uid))).toEqual(
      new Set(expected.map((o) => `testshire-${o.round}-${o.originalDate}@${HOST}`)),
    );
    for (const o of expected) {
      const e = cal.events.find((x) => x.uid === `testshire-${o.round}-${o.originalDate}@${HOST}`)!;
      expect(e.start).toBe(o.date ?? o.originalDate);
      expect(e.description).toContain(o.reason!);
    }

    const cancelled = cal.events.find((e) => e.uid === `testshire-COM-WED-2027-02-03@${HOST}`)!;
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.start).toBe('2027-02-03');
    expect(cancelled.summary).toStartWith('Cancelled: ');
    expect(cancelled.description).toContain('Depot closed for resurfacing');
    expect(text).toContain('STATUS:CANCELLED');

    // Next year's bank-holiday moves are in it: Easter Monday 2027 (29 Mar) moves REF-MON to Tuesday.
    const easter = cal.events.find((e) => e.uid === `testshire-REF-MON-2027-03-29@${HOST}`)!;
    expect(easter.start).toBe('2027-03-30');
    expect(easter.status).toBe('CONFIRMED');
    expect(easter.summary).toBe('Moved: Rubbish (Refuse Monday)');
    expect(easter.description).toContain('Easter Monday');
  });
});

describe('dates never shift', () => {
  test('the server\'s own time zone changes nothing: the same bytes under UTC, London and Auckland', async () => {
    await setUp();
    const saved = process.env.TZ;
    const bodies: string[] = [];
    try {
      for (const tz of ['UTC', 'Europe/London', 'Pacific/Auckland', 'America/New_York']) {
        process.env.TZ = tz;
        const { app } = buildTestApp(database, NOW, { publicUrl: PUBLIC_URL }); // a fresh instance: nothing cached
        const text = await fetchFeed(app, '/calendars/properties/100090000001.ics');
        bodies.push(text);
        readBoth(text); // node-ical reads all-day dates at local midnight of this zone; both parsers still agree
      }
    } finally {
      process.env.TZ = saved;
    }
    expect(new Set(bodies).size).toBe(1);
    expect(bodies[0]).toContain('DTSTART;VALUE=DATE:20270726'); // a summer Monday (food), not 20270725
  });

  test('"today" is the council\'s: just after midnight in summer time the window starts from the new day', async () => {
    const built = await setUp();
    built.clock.set('2027-07-01T00:30:00+01:00'); // 23:30 UTC on 30 June
    const cal = readBoth(await fetchFeed(built.app, '/calendars/properties/100090000001.ics'));
    const json = (await (await built.app.request('/api/v1/properties/100090000001/collections?from=2027-06-03&to=2028-07-01')).json()) as CollectionJson[];
    expect(cal.events.map((e) => e.start)).toEqual(json.map((c) => c.date));
    expect(cal.events[0].start >= '2027-06-03').toBe(true);
  });
});

test('calendarLinks gives webcal, https and Google Calendar links for a property', () => {
  expect(calendarLinks('https://bins.example.org', 100090000001)).toEqual({
    webcal: 'webcal://bins.example.org/calendars/properties/100090000001.ics',
    https: 'https://bins.example.org/calendars/properties/100090000001.ics',
    google: 'https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2Fbins.example.org%2Fcalendars%2Fproperties%2F100090000001.ics',
  });
});

describe('languages', () => {
  test('?lang=cy gives a Welsh feed, read by both parsers; a language the council does not offer falls back', async () => {
    const bundle = clone(smallBundle) as any;
    bundle.council.languages = ['en', 'cy'];
    bundle.exceptions.push({ date: '2027-02-03', action: 'cancel', rounds: ['COM-WED'], reason: 'Depot ar gau' });
    const refuse = bundle.services.find((x: any) => x.id === 'refuse');
    refuse.name = { en: 'Rubbish', cy: 'Sbwriel' };
    refuse.container = { en: 'Black wheelie bin', cy: 'Bin olwynion du' };
    const { app } = await setUp(bundle);
    const home = readBoth(await fetchFeed(app, `/calendars/properties/${UPRNS[0]}.ics?lang=cy`));
    const rubbish = home.events.filter((e) => e.summary === 'Sbwriel');
    expect(rubbish.length).toBeGreaterThan(10);
    expect(rubbish[0].description).toContain('Cynhwysydd: Bin olwynion du');
    const inEnglish = readBoth(await fetchFeed(app, `/calendars/properties/${UPRNS[0]}.ics`));
    expect(inEnglish.events.filter((e) => e.summary === 'Rubbish').length).toBe(rubbish.length);
    const welsh = readBoth(await fetchFeed(app, '/calendars/councils/testshire/changes.ics?lang=cy'));
    expect(welsh.name).toStartWith('Newidiadau i gasgliadau: ');
    const cancelled = welsh.events.find((e) => e.start === '2027-02-03')!;
    expect(cancelled.summary).toStartWith("Wedi'i ganslo: ");
    expect(cancelled.description).toContain("Wedi'i ganslo (roedd i fod ar Dydd Mercher 3 Chwefror 2027): Depot ar gau");
    const moved = welsh.events.find((e) => e.summary.startsWith("Wedi'i symud: "))!;
    expect(welsh.events.some((e) => e.description.includes(': Dydd Nadolig'))).toBe(true); // the bank holiday's Welsh title
    expect(moved.description).toMatch(/Wedi'i symud o Dydd \S+ \d+ \S+ 20\d\d/);

    const english = readBoth(await fetchFeed(app, '/calendars/councils/testshire/changes.ics'));
    expect(english.name).toStartWith('Collection changes: ');
    // Same collections, same UIDs: only the words differ.
    expect(welsh.events.map((e) => e.uid)).toEqual(english.events.map((e) => e.uid));
    const [a, b] = await Promise.all(['', '?lang=cy'].map((q) => app.request(`/calendars/councils/testshire/changes.ics${q}`)));
    expect(a.headers.get('etag')).not.toBe(b.headers.get('etag'));
    const unknown = readBoth(await fetchFeed(app, '/calendars/councils/testshire/changes.ics?lang=fr'));
    expect(unknown.name).toBe(english.name);

    // An English-only council answers ?lang=cy in English.
    await resetDatabase(database);
    const plain = await setUp();
    const only = readBoth(await fetchFeed(plain.app, `/calendars/properties/${UPRNS[0]}.ics?lang=cy`));
    expect(only.name).toStartWith('Bin collections: ');
  });
});
