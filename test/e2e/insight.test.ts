/**
 * /officer/insight in Chromium against the real server and the demo council's day (E2E_NOW):
 * the charts and their tables are there with the demo's numbers, and axe-core finds no serious or
 * critical violation at 1280 and 360 px (nor does the page scroll sideways).
 */
import { describe, expect, test } from 'bun:test';
import { DEMO_SIGN_INS } from '../../server/seed/demo.ts';
import { browserSuite, isolatedContext, scrollsSideways, seriousAxeViolations } from './support.ts';

const suite = browserSuite();
const { executablePath } = suite;

const officer = DEMO_SIGN_INS.find((u) => u.role === 'officer')!;

describe.skipIf(!executablePath)('insight in Chromium', () => {
  test('charts with their tables for the demo day; axe-clean at 1280 and 360 px', async () => {
    const base = suite.server!.base;
    const { context } = await isolatedContext(suite.browser!);
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Email address').fill(officer.email);
    await page.getByLabel('Password').fill(officer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/officer$/);

    await page.getByRole('link', { name: 'Insight' }).click();
    await page.waitForURL(/\/officer\/insight$/);
    expect(await page.getByRole('img', { name: /by week/ }).count()).toBe(1);
    expect(await page.getByRole('img', { name: /by round/ }).count()).toBe(1);
    expect(await page.locator('svg.kb-chart').count()).toBe(4);
    // The demo day's reports and crew outcomes show in the figures.
    const summary = await page.locator('#insight-summary').textContent();
    expect(summary).toMatch(/Missed reports\s*[1-9]/);
    expect(Number((await page.locator('[data-outcome="collected"] td').nth(1).textContent())!.replace(/,/g, ''))).toBeGreaterThan(0);

    // A bad period comes back with the error summary.
    await page.getByLabel('From').fill('2026-12-31');
    await page.getByRole('button', { name: 'Show this period' }).click();
    await page.locator('.govuk-error-summary').waitFor();

    const failures: string[] = [];
    for (const path of ['/officer/insight', '/officer/insight?from=2026-12-31', '/officer/reports?round=REF-MON-A']) {
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
