/**
 * Rounds in a real browser against the real server and the demo council: the rounds list, a round's
 * numbered map and ordered stops, a reorder previewed and saved through the forms; axe-core finds no
 * serious or critical violation on the list, the round and the preview page at 1280 and 360 px.
 */
import { describe, expect, test } from 'bun:test';
import { DEMO_SIGN_INS } from '../../server/seed/demo.ts';
import { axeAtBothWidths, browserSuite, isolatedContext } from './support.ts';

const suite = browserSuite();
const { executablePath } = suite;

const officer = DEMO_SIGN_INS.find((u) => u.role === 'officer')!;

describe.skipIf(!executablePath)('rounds in Chromium', () => {
  test('list → round map and stops → reorder preview → saved; every page axe-clean at 1280 and 360 px', async () => {
    const base = suite.server!.base;
    const { context } = await isolatedContext(suite.browser!);
    const page = await context.newPage();
    await page.goto(`${base}/login?next=/officer/rounds`);
    await page.getByLabel('Email address').fill(officer.email);
    await page.getByLabel('Password').fill(officer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/officer\/rounds$/);

    const failures: string[] = [];
    const check = (label: string) => axeAtBothWidths(page, label, failures);
    await check('/officer/rounds');

    // The demo's small trade round (20 stops) for the whole flow; a ~400-stop garden round is checked below.
    const href = '/officer/rounds/TRADE-TUE';
    expect(await page.locator(`#rounds a[href="${href}"]`).count()).toBe(1);
    await page.goto(`${base}${href}`);
    await page.waitForSelector('#round-map .kb-stop-icon');
    const stops = await page.locator('#stops tbody tr').count();
    expect(stops).toBeGreaterThan(1);
    expect(await page.locator('#round-map .kb-stop-icon').count()).toBe(stops);
    expect(await page.locator('#round-map .kb-stop-icon').first().textContent()).toBe('1');
    await check(href);

    // Put the first stop second: preview, then save.
    const first = await page.locator('#stops tbody tr').nth(0).locator('td').nth(1).textContent();
    await page.locator('#stops tbody tr').nth(0).locator('input[name^="pos-"]').fill('2');
    await page.getByRole('button', { name: 'Preview the new order' }).click();
    await page.waitForSelector('#preview-positions');
    expect(await page.locator('h1').textContent()).toBe('Check the new order');
    await check(`${href} reorder preview`);
    await page.getByRole('button', { name: 'Save the new order' }).click();
    await page.waitForURL(/done=reordered/);
    expect(await page.locator('.govuk-notification-banner--success').textContent()).toContain('The new order is saved');
    expect(await page.locator('#stops tbody tr').nth(1).locator('td').nth(1).textContent()).toBe(first);

    // A full-size round with the move form (other garden rounds to move to).
    const started = Date.now();
    await page.goto(`${base}/officer/rounds/GDN-WED`);
    await page.waitForSelector('#round-map .kb-stop-icon');
    expect(await page.locator('#move-form').count()).toBe(1);
    await check('/officer/rounds/GDN-WED');
    console.log(`GDN-WED axe: ${Date.now() - started} ms`);

    expect(failures).toEqual([]);
    await context.close();
  }, 480_000);
});
