/**
 * Rate-limit windows run on real elapsed time (DESIGN.md "Clock"), on the database's clock so that
 * instances agree: a fixed service clock neither freezes a window open nor resets it, a window opens
 * at a key's first hit, and it ends `windowSeconds` later. Time is moved by putting the stored
 * window start into the past, as the webhook tests do, instead of waiting.
 */
import { afterAll, beforeAll, beforeEach, expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { manualClock } from '../../server/clock.ts';
import type { ServiceContext } from '../../server/context.ts';
import { clearLimit, enforceLimit, hit } from '../../server/services/rate-limit.ts';
import { openTestDatabase } from '../support/db.ts';
import { count } from './reports-setup.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());
beforeEach(async () => {
  await database.db.execute(sql`delete from rate_limits`);
});

// Service clocks years apart: neither may shape the windows.
const at = (now: string) => (): ServiceContext => ({ db: database.db, clock: manualClock(now) });
const past = at('2026-09-01T10:00:00+01:00');
const later = at('2031-01-01T00:00:00Z');
const ageWindow = (key: string, seconds: number) =>
  database.db.execute(sql`update rate_limits set window_start = window_start - make_interval(secs => ${seconds}) where key = ${key}`);

test('hits in one window are counted across differently fixed clocks, and Retry-After is the time left', async () => {
  expect((await hit(past(), 'ip:203.0.113.5', 60)).count).toBe(1);
  expect((await hit(later(), 'ip:203.0.113.5', 60)).count).toBe(2);
  const third = await hit(past(), 'ip:203.0.113.5', 60);
  expect(third.count).toBe(3);
  expect(third.retryAfter).toBeGreaterThan(55);
  expect(third.retryAfter).toBeLessThanOrEqual(60);
  await ageWindow('ip:203.0.113.5', 45);
  expect((await hit(past(), 'ip:203.0.113.5', 60)).retryAfter).toBeLessThanOrEqual(15);
});

test('the window opens at the first hit and a new one opens once it has run its length', async () => {
  await hit(past(), 'k', 60);
  await hit(past(), 'k', 60);
  await ageWindow('k', 59);
  expect((await hit(past(), 'k', 60)).count).toBe(3); // still inside the minute that began at the first hit
  await ageWindow('k', 2);
  const fresh = await hit(past(), 'k', 60);
  expect(fresh.count).toBe(1);
  expect(fresh.retryAfter).toBeGreaterThan(55);
});

test('enforceLimit refuses with 429 rate_limited past the limit, lets through again after the window, and keys are separate', async () => {
  await enforceLimit(past(), 'a', 2);
  await enforceLimit(past(), 'a', 2);
  const refused = await enforceLimit(past(), 'a', 2).catch((e) => e);
  expect([refused.status, refused.code, refused.details?.retryAfter > 0]).toEqual([429, 'rate_limited', true]);
  await enforceLimit(past(), 'b', 2); // another key has its own budget
  await ageWindow('a', 61);
  await enforceLimit(past(), 'a', 2);
  await clearLimit(past(), 'a');
  expect(await count(database, "rate_limits where key = 'a'")).toBe(0);
});
