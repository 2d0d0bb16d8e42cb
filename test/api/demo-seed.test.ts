import { afterAll, beforeAll, expect, test } from 'bun:test';
import { count, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { assignments, auditLog, bankHolidays, councils, properties, rounds, scheduleExceptions, users } from '../../db/schema/index.ts';
import { fixedClock } from '../../server/clock.ts';
import type { ServiceContext } from '../../server/context.ts';
import { normalisePostcode } from '../../server/domain/postcode.ts';
import { parseBundle } from '../../server/domain/bundle.ts';
import { demoBundle } from '../../server/seed/demo-bundle.ts';
import { login } from '../../server/services/auth.ts';
import { DEMO_SIGN_INS, seedDemoIfEmpty } from '../../server/seed/demo.ts';
import { listExceptions } from '../../server/services/changes/exceptions.ts';
import { insight } from '../../server/services/insight/insight.ts';
import { roundsProgress } from '../../server/services/officer-board/rounds-progress.ts';
import { reportCounts } from '../../server/services/officer-reports.ts';
import { loadPropertySchedule } from '../../server/services/schedule.ts';
import { buildTestApp } from '../support/app.ts';
import { demoCymruBundle } from '../../server/seed/demo-cymru.ts';
import { openTestDatabase } from '../support/db.ts';

let database: Database;
let ctx: ServiceContext;
beforeAll(async () => {
  database = await openTestDatabase();
  ctx = { db: database.db, clock: fixedClock('2026-11-27T09:00:00Z') };
});
afterAll(() => database.close());

const n = async (t: any, where?: any) => (await database.db.select({ n: count() }).from(t).where(where))[0].n;

test('the demo bundle is deterministic and valid', () => {
  const a = demoBundle();
  expect(demoBundle()).toEqual(a);
  const parsed = parseBundle(a);
  expect(parsed.errors).toEqual([]);
  expect(a.properties.length).toBeGreaterThanOrEqual(5000);
  for (const p of a.properties) {
    expect(String(p.uprn)).toMatch(/^[1-9][0-9]{11}$/);
    expect(normalisePostcode(p.postcode)).toBe(p.postcode);
    expect(p.postcode).toMatch(/^DE(1|2[1-4]) /);
    // Within ~3.5 km of Derby's centre.
    expect(Math.abs(p.lat - 52.9225)).toBeLessThan(0.035);
    expect(Math.abs(p.lon + 1.4746)).toBeLessThan(0.055);
  }
  const uprns = new Set(a.properties.map((p) => p.uprn));
  const gardenHomes = new Set(a.assignments.filter((x) => x.round.startsWith('GDN-') && x.to === '2027-03-31').map((x) => x.uprn));
  const share = gardenHomes.size / uprns.size;
  expect(share).toBeGreaterThan(0.35);
  expect(share).toBeLessThan(0.45);
  // Household rounds are a day's work for one crew.
  const stops = new Map<string, number>();
  for (const x of a.assignments) if (/^(REF|REC|FOOD)-/.test(x.round)) stops.set(x.round, (stops.get(x.round) ?? 0) + 1);
  for (const [, size] of stops) expect(size).toBeGreaterThanOrEqual(200);
  for (const [, size] of stops) expect(size).toBeLessThanOrEqual(700);
});

test('seeds an empty database once, with links to print, and the showcase property moves at Christmas', async () => {
  const seeded = await seedDemoIfEmpty(ctx);
  expect(seeded).toBeDefined();
  const { uprn, links } = seeded!;
  expect(links).toEqual([
    ['Find your bin day', '/'],
    ['A demo property', `/property/${uprn}`],
    ['Its JSON', `/api/v1/properties/${uprn}`],
    ['Its calendar', `/calendars/properties/${uprn}.ics`],
    ['API documentation', '/api/docs'],
    ['Crew app', '/crew'],
    ['Council officers', '/officer'],
    ['Yn Gymraeg: eiddo', expect.stringMatching(/^\/property\/\d{12}\?lang=cy$/)],
  ]);
  // The Welsh-first council beside it: Welsh first, service names in both languages.
  const [cymru] = await database.db.select().from(councils).where(eq(councils.slug, 'demo-cymru'));
  expect(cymru.languages).toEqual(['cy', 'en']);
  const welshFeed = await buildTestApp(database).app.request(`/calendars/councils/demo-cymru/changes.ics`);
  expect(await welshFeed.text()).toContain('X-WR-CALNAME:Newidiadau i gasgliadau: Cyngor Demo');
  for (const u of seeded!.signIns) {
    const signedIn = await login(ctx, { email: u.email, password: u.password });
    expect(signedIn.user.role).toBe(u.role);
  }
  const [council] = await database.db.select().from(councils).where(eq(councils.slug, 'demo'));
  expect(council.name).toBe('Demo Borough Council');
  expect(council.requests.garden?.pricePencePerBin).toBe(5500);
  expect(council.requests.bulky?.weekdays).toEqual([2, 4]);
  const cymruBundle = demoCymruBundle();
  expect(await n(properties)).toBe(demoBundle().properties.length + cymruBundle.properties.length);
  expect(await n(assignments)).toBe(demoBundle().assignments.length + cymruBundle.assignments.length);
  expect(await n(rounds)).toBe(demoBundle().rounds.length + cymruBundle.rounds.length);
  expect(await n(scheduleExceptions)).toBeGreaterThan(5);
  expect(await n(bankHolidays)).toBe(135);

  const ps = await loadPropertySchedule(ctx, Number(uprn));
  const xmas = ps.collections('2026-12-21', '2027-01-03');
  const refuse = xmas.filter((o: any) => o.service === 'refuse');
  expect(refuse.map((o: any) => [o.originalDate, o.date, o.changed, o.reason])).toEqual([
    ['2026-12-25', '2026-12-26', true, 'Christmas Day'],
  ]);
  const food = xmas.filter((o: any) => o.service === 'food').map((o: any) => [o.originalDate, o.date]);
  expect(food).toEqual([['2026-12-25', '2026-12-26'], ['2027-01-01', '2027-01-02']]);
  expect(xmas.filter((o: any) => o.service === 'garden')).toEqual([]);

  // The demo day (Friday 27 Nov, 09:00): one round done, some part-done, reports open and overdue, one change.
  const day = seeded!.day;
  const [officerUser] = await database.db.select().from(users).where(eq(users.email, 'officer@demo.kerbside.test'));
  const officer = { ...ctx, user: { ...officerUser, role: 'officer' as const }, councilId: officerUser.councilId };
  const progress = (await roundsProgress(officer)).rounds;
  const status = (id: string) => progress.find((r) => r.id === id)!;
  expect(day.completed).toHaveLength(1);
  expect(status(day.completed[0])).toMatchObject({ status: 'completed' });
  expect(status(day.completed[0]).done).toBe(status(day.completed[0]).stops);
  expect(day.partDone.length).toBeGreaterThanOrEqual(1);
  for (const id of day.partDone) {
    const r = status(id);
    expect(r.status).toBe('in_progress');
    expect(r.done).toBeGreaterThan(0);
    expect(r.done).toBeLessThan(r.stops);
    expect(r.lastEventAt! <= '2026-11-27T09:00:00.000Z').toBe(true);
  }
  expect(progress.filter((r) => r.status === 'not_started').length).toBeGreaterThanOrEqual(1);
  // The showcase property's rounds are untouched (the resident browser tests report there).
  const showcaseRounds = (await database.db.select().from(assignments).where(eq(assignments.uprn, Number(uprn)))).map((a) => a.roundId);
  for (const id of showcaseRounds) expect([...day.completed, ...day.partDone]).not.toContain(id);
  const counts = await reportCounts(officer);
  expect(counts.open + counts.scheduled).toBeGreaterThanOrEqual(4);
  expect(counts.overdue).toBeGreaterThanOrEqual(2);
  const changes = await listExceptions(officer, { from: '2026-11-27' });
  const published = changes.filter((c) => c.createdBy === 'officer@demo.kerbside.test');
  expect(published.map((c) => c.id)).toEqual([day.change!]);
  expect(await n(auditLog, eq(auditLog.action, 'exception.create'))).toBe(1);
  const figures = await insight(officer, {});
  expect(figures.total.reports).toBeGreaterThanOrEqual(6);
  expect(figures.sla.inTime).toBeGreaterThanOrEqual(1);
  expect(figures.outcomes.find((o) => o.outcome === 'collected')!.stops).toBeGreaterThan(100);
  const admin = DEMO_SIGN_INS.find((u) => u.role === 'admin')!;
  expect((await login(ctx, admin)).user.councilId).toBe(council.id);

  // A second call does nothing.
  expect(await seedDemoIfEmpty(ctx)).toBeUndefined();
  const [again] = await database.db.select().from(councils).where(eq(councils.slug, 'demo'));
  expect(again.scheduleVersion).toBe(council.scheduleVersion);
  expect(await n(councils)).toBe(2); // Demo Borough Council and Cyngor Demo
}, 60_000);
