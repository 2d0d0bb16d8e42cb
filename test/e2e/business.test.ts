/**
 * Commercial waste in a real browser against the real server on the demo data: the officer sees the
 * demo café's Simpler Recycling flag; the café signs in to its portal, opens its contract and its
 * statement; every page is checked by axe-core at desktop and phone widths.
 */
import { describe, expect, test } from 'bun:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_SIGN_INS } from '../../server/seed/demo.ts';
import { browserSuite, isolatedContext, scrollsSideways, seriousAxeViolations } from './support.ts';

const suite = browserSuite();
const { executablePath } = suite;

const CONTRACT = 'CW-DEMO-0001';

async function signIn(page: Page, role: 'officer' | 'customer', lands: RegExp) {
  const who = DEMO_SIGN_INS.find((u) => u.role === role)!;
  await page.goto(`${suite.server!.base}/login`);
  await page.getByLabel('Email address').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(lands);
}

async function axeAtBothWidths(page: Page, paths: string[]): Promise<string[]> {
  const failures: string[] = [];
  for (const path of paths) {
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 800 });
      const res = await page.goto(`${suite.server!.base}${path}`);
      if (res?.status() !== 200) failures.push(`${path}: HTTP ${res?.status()}`);
      const violations = await seriousAxeViolations(page);
      if (violations.length) failures.push(`${path} at ${width}px: ${JSON.stringify(violations, null, 1)}`);
      if (await scrollsSideways(page)) failures.push(`${path} scrolls sideways at ${width}px`);
    }
  }
  return failures;
}

describe.skipIf(!executablePath)('commercial pages in Chromium', () => {
  test("the officer console flags the café's contract; officer pages are axe-clean", async () => {
    const { context } = await isolatedContext(suite.browser!);
    const page = await context.newPage();
    await signIn(page, 'officer', /\/officer$/);
    await page.goto(`${suite.server!.base}/officer/commercial`);
    const flags = (await page.locator('#compliance-flags').textContent()) ?? '';
    expect(flags).toContain(CONTRACT);
    expect(flags).toContain('No food waste collection');
    expect(await axeAtBothWidths(page, ['/officer/commercial', `/officer/commercial/contracts/${CONTRACT}`, '/officer/commercial/contracts/new'])).toEqual([]);
    await context.close();
  }, 180_000);

  test('the café sees only its own contract and statement; portal pages are axe-clean', async () => {
    const { context } = await isolatedContext(suite.browser!);
    const page = await context.newPage();
    await signIn(page, 'customer', /\/business$/);
    expect(await page.locator('main').textContent()).toContain(CONTRACT);
    await page.getByRole('link', { name: new RegExp(CONTRACT) }).first().click();
    await page.waitForURL(new RegExp(`/business/contracts/${CONTRACT}$`));
    expect(await page.locator('h1').textContent()).toBe(`Contract ${CONTRACT}`);
    expect(await axeAtBothWidths(page, ['/business', `/business/contracts/${CONTRACT}`, `/business/contracts/${CONTRACT}/statement`])).toEqual([]);
    // Officer pages are not the customer's.
    const officerPage = await page.goto(`${suite.server!.base}/officer/commercial`);
    expect(officerPage?.status()).toBe(403);
    await context.close();
  }, 180_000);
});
