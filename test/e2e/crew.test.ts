/**
 * The crew app in a phone-sized Chromium against the real server: sign in, pick today's round, lose
 * the signal, record 10 outcomes (one undone and recorded again), reload with no signal (the service
 * worker serves the app, the round comes from the phone's cache, the outbox from IndexedDB), get the
 * signal back, and find exactly 10 outcomes stored. axe-core checks every crew view on the way.
 *
 * The server's database is a temporary PGlite directory prepared before the server starts (demo
 * council, a crew sign-in), because PGlite admits one process per directory.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumPath, isolatedContext, launchBrowser, ROOT, seriousAxeViolations, startServer, type RunningServer } from './support.ts';

/**
 * Tuesday 7 September 2027, 07:30 in London: an ordinary working day with demo rounds out. In the
 * future on purpose: the session cookie's Expires is computed from the server's (fixed) clock, and a
 * browser drops a cookie that expired in its own past.
 */
const NOW = '2027-09-07T07:30:00+01:00';
const TODAY = '2027-09-07';
const EMAIL = 'crew@demo.test';
const PASSWORD = 'crew password for tests';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

const executablePath = chromiumPath();
let server: RunningServer | undefined;
let browser: Browser | undefined;
let dataDir: string | undefined;

beforeAll(async () => {
  if (!executablePath) return;
  dataDir = mkdtempSync(join(tmpdir(), 'kerbside-crew-e2e-'));
  const prepare = Bun.spawn([process.execPath, 'test/support/prepare-e2e-db.ts', dataDir, NOW, `${EMAIL}:crew`], {
    cwd: ROOT,
    env: { ...process.env, KERBSIDE_E2E_PASSWORD: PASSWORD, DATABASE_URL: '' },
    stdout: 'inherit',
    stderr: 'inherit',
  });
  if ((await prepare.exited) !== 0) throw new Error('preparing the e2e database failed');
  server = await startServer({ KERBSIDE_DATA_DIR: dataDir, KERBSIDE_NOW: NOW });
  browser = await launchBrowser(executablePath);
}, 180_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

interface SheetJson {
  round: { id: string; service: { id: string } };
  date: string;
  run: { status: string };
  stops: Array<{ uprn: string; outcomes: Array<{ id: string; outcome: string; service: string }> }>;
}

async function expectAccessible(page: Page, view: string) {
  const violations = await seriousAxeViolations(page);
  if (violations.length) console.error(view, JSON.stringify(violations, null, 2));
  expect(violations).toEqual([]);
}

const queueText = (page: Page) => page.locator('#queue').textContent();

async function waitForQueue(page: Page, text: string, timeout = 60_000) {
  await page.locator('#queue', { hasText: text }).waitFor({ timeout });
}

const maybe = executablePath ? test : test.skip;

maybe('a crew works a round with the signal cut: every outcome arrives exactly once', async () => {
  const { context } = (await isolatedContext(browser!, PHONE)) as { context: BrowserContext };
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => process.env.DEBUG_CREW && console.log('console:', m.text()));
  try {
    // Sign in.
    await page.goto(`${server!.base}/crew`);
    expect(new URL(page.url()).pathname).toBe('/crew/');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expectAccessible(page, 'sign in');
    await page.getByLabel('Email address').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // Today's rounds: pick the one with the most stops.
    await page.getByRole('heading', { name: 'Choose a round' }).waitFor();
    await page.locator('#round-list a').first().waitFor();
    expect(await page.getByLabel('Collection date').inputValue()).toBe(TODAY);
    await expectAccessible(page, 'choose a round');
    const day = (await (await context.request.get(`${server!.base}/api/v1/crew/rounds?date=${TODAY}`)).json()) as {
      rounds: Array<{ id: string; name: string; stops: number }>;
    };
    const round = [...day.rounds].sort((a, b) => b.stops - a.stops)[0];
    expect(round.stops).toBeGreaterThanOrEqual(11);
    await page.getByRole('link', { name: new RegExp(`^${round.name}\\b`) }).click();
    await page.getByRole('heading', { name: round.name, level: 1 }).waitFor();
    await page.getByRole('heading', { name: /^Next stop 1 / }).waitFor();
    await expectAccessible(page, 'round');

    // The worker must hold the shell before the signal goes.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });

    await page.getByRole('button', { name: 'Start round' }).click();
    await page.locator('#run-status', { hasText: 'Round in progress' }).waitFor();
    await waitForQueue(page, 'All outcomes sent');

    // No signal from here.
    await context.setOffline(true);
    const outcomes = ['Collected', 'Collected', 'Not presented', 'Collected', 'Contaminated', 'Collected', 'No access', 'Collected', 'Excess waste', 'Collected'];
    const tapped: string[] = [];
    for (const [i, label] of outcomes.entries()) {
      const address = await page.locator('#stop-address').textContent();
      await page.getByRole('button', { name: label, exact: true }).click();
      await waitForQueue(page, `${i + 1} outcome${i ? 's' : ''} waiting to send`);
      tapped.push(address!);
    }
    // Undo the last tap (still on the phone), then record it again: still 10, not 11 or 9.
    await page.getByRole('button', { name: 'Undo' }).click();
    await waitForQueue(page, '9 outcomes waiting to send');
    expect(await page.locator('#stop-address').textContent()).toBe(tapped[9]);
    await page.getByRole('button', { name: 'Collected', exact: true }).click();
    await waitForQueue(page, '10 outcomes waiting to send');
    expect(await queueText(page)).toContain('kept on this phone');

    // Reload with no signal: the app, the round and the 10 waiting outcomes are all still there.
    await page.reload();
    await page.getByRole('heading', { name: round.name, level: 1 }).waitFor();
    await waitForQueue(page, '10 outcomes waiting to send');
    expect(await queueText(page)).toBe('10 outcomes waiting to send — kept on this phone until there is signal');
    expect(await page.locator('#connection').textContent()).toBe('Offline');
    expect(await page.locator('#round-meta').textContent()).toContain('saved copy (no signal)');
    expect(await page.locator('#run-status').textContent()).toBe(`10 of ${round.stops} stops done · Round in progress`);
    expect(await page.locator('#stops button.done').count()).toBe(10);
    expect(await page.locator('#stop-title').textContent()).toMatch(/^Next stop \d+ \(11 of /);
    await expectAccessible(page, 'round, offline');
    if (process.env.DEBUG_CREW) await page.screenshot({ path: '/tmp/crew-offline.png' });

    // Signal back: the outbox drains, and the server holds exactly the 10 outcomes.
    await context.setOffline(false);
    await waitForQueue(page, 'All outcomes sent', 90_000);
    const sheet = (await (await context.request.get(`${server!.base}/api/v1/crew/rounds/${round.id}/${TODAY}`)).json()) as SheetJson;
    const stored = sheet.stops.flatMap((s) => s.outcomes.map((o) => ({ uprn: s.uprn, ...o })));
    expect(stored).toHaveLength(10);
    expect(new Set(stored.map((o) => o.id)).size).toBe(10);
    expect(new Set(stored.map((o) => o.uprn))).toEqual(new Set(sheet.stops.slice(0, 10).map((s) => s.uprn)));
    expect(stored.map((o) => o.outcome).sort()).toEqual(
      ['collected', 'collected', 'collected', 'collected', 'collected', 'collected', 'contaminated', 'excess_waste', 'no_access', 'not_presented'],
    );
    expect(sheet.run.status).toBe('in_progress');

    // A further reload online neither resends nor loses anything.
    await page.reload();
    await page.getByRole('heading', { name: round.name, level: 1 }).waitFor();
    await waitForQueue(page, 'All outcomes sent');
    const again = (await (await context.request.get(`${server!.base}/api/v1/crew/rounds/${round.id}/${TODAY}`)).json()) as SheetJson;
    expect(again.stops.flatMap((s) => s.outcomes)).toHaveLength(10);
    expect(pageErrors).toEqual([]);
  } catch (err) {
    if (process.env.DEBUG_CREW) {
      await page.screenshot({ path: '/tmp/crew-fail.png', fullPage: true });
      console.log(server!.output().slice(-3000), pageErrors);
    }
    throw err;
  } finally {
    await context.close();
  }
}, 240_000);
