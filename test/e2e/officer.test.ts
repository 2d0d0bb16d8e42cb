/**
 * The officer console in a real browser against the real server: sign in as the demo officer, see a
 * resident's report on the list and the map, move it on with a note, and check every officer page
 * with axe-core at desktop and phone widths.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Browser } from 'playwright-core';
import { DEMO_SIGN_INS } from '../../server/seed/demo.ts';
import { demoFacts } from './pages.ts';
import { chromiumPath, isolatedContext, launchBrowser, scrollsSideways, seriousAxeViolations, startServer, type RunningServer } from './support.ts';

const executablePath = chromiumPath();
let server: RunningServer | undefined;
let browser: Browser | undefined;
let reference = '';

beforeAll(async () => {
  if (!executablePath) return;
  server = await startServer();
  reference = (await demoFacts(server.base)).reference; // a resident's report, made through the form
  browser = await launchBrowser(executablePath);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const officer = DEMO_SIGN_INS.find((u) => u.role === 'officer')!;

describe.skipIf(!executablePath)('officer console in Chromium', () => {
  test('sign in, find the report on the list and the map, schedule it with a note; every page axe-clean', async () => {
    const base = server!.base;
    const { context } = await isolatedContext(browser!);
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Email address').fill(officer.email);
    await page.getByLabel('Password').fill(officer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/officer$/);

    // The Today board: rounds table and a map of server-made clusters.
    expect(await page.locator('#rounds-today').count()).toBe(1);
    await page.waitForSelector('#board-map path.leaflet-interactive');
    expect(await page.locator('#board-map path.leaflet-interactive').count()).toBeGreaterThanOrEqual(1);

    await page.goto(`${base}/officer/reports`);
    expect(await page.locator('#reports').textContent()).toContain(reference);
    await page.waitForSelector('#markers-map .leaflet-marker-icon');
    expect(await page.locator('#markers-map .leaflet-marker-icon').count()).toBeGreaterThanOrEqual(1);

    await page.getByRole('link', { name: reference }).click();
    await page.waitForURL(new RegExp(`/officer/reports/${reference}$`));
    await page.getByLabel('New status').selectOption('scheduled');
    await page.getByLabel('Note to the resident (optional)').fill('A crew will call back tomorrow.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/done=scheduled/);
    expect(await page.locator('.govuk-notification-banner--success').textContent()).toContain('Success');

    const failures: string[] = [];
    for (const path of ['/officer', '/officer/reports', `/officer/reports/${reference}`, '/officer/commercial']) {
      for (const width of [1280, 360]) {
        await page.setViewportSize({ width, height: 800 });
        await page.goto(`${base}${path}`);
        const violations = await seriousAxeViolations(page);
        if (violations.length) failures.push(`${path} at ${width}px: ${JSON.stringify(violations, null, 1)}`);
        if (await scrollsSideways(page)) failures.push(`${path} scrolls sideways at ${width}px`);
      }
    }
    expect(failures).toEqual([]);
    await context.close();
  }, 180_000);
});
