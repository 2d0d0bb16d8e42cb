/**
 * Booking a bulky waste collection in Chromium against the real server and the demo council: from
 * the property page, items → date → where → contact → check → the sandbox payment page with the
 * success card → confirmation; the booking then shows on the property page as a bulky collection.
 * Every booking page is axe-clean at 1280 and 360 px, and a missing answer gets the error summary.
 */
import { describe, expect, test } from 'bun:test';
import { demoShowcaseUprn } from '../../server/seed/demo-bundle.ts';
import { axeAtBothWidths, browserSuite, isolatedContext } from './support.ts';

const suite = browserSuite();
const { executablePath } = suite;

describe.skipIf(!executablePath)('bulky waste booking', () => {
  test('book with the sandbox card and see it on the property page', async () => {
    const base = suite.server!.base;
    const uprn = demoShowcaseUprn();
    const { context } = await isolatedContext(suite.browser!);
    const page = await context.newPage();
    const failures: string[] = [];

    await page.goto(`${base}/bulky-waste`);
    await axeAtBothWidths(page, 'start', failures);

    await page.goto(`${base}/property/${uprn}`);
    await page.getByRole('link', { name: 'Book a bulky waste collection' }).click();
    await page.waitForURL(/\/bulky$/);
    await axeAtBothWidths(page, 'items', failures);

    // Nothing chosen: the GOV.UK error summary, linked to the field.
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter how many of at least one item');
    expect(await page.title()).toMatch(/^Error: /);
    await axeAtBothWidths(page, 'items with an error', failures);

    await page.getByLabel('Sofa').fill('1');
    await page.getByLabel('Fridge or freezer').fill('3');
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.locator('h1', { hasText: 'Choose a collection date' }).waitFor();
    await axeAtBothWidths(page, 'date', failures);
    const firstDate = page.locator('input[name="date"]').first();
    const date = await firstDate.getAttribute('value');
    await firstDate.check();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.locator('h1', { hasText: 'Where will the items be?' }).waitFor();
    await axeAtBothWidths(page, 'location', failures);
    await page.getByLabel('Where the crew will find the items').fill('Front garden, by the gate');
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.locator('h1', { hasText: 'Your contact details' }).waitFor();
    await axeAtBothWidths(page, 'contact', failures);
    await page.getByLabel('Full name').fill('Ann Resident');
    await page.getByLabel('Email address').fill('ann@example.test');
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.locator('h1', { hasText: 'Check your answers before paying' }).waitFor();
    await axeAtBothWidths(page, 'check', failures);
    const summary = (await page.locator('.govuk-summary-list').textContent()) ?? '';
    expect(summary).toContain('Fridge or freezer × 3');
    expect(summary).toContain('£40.00');
    await page.getByRole('button', { name: 'Continue to payment' }).click();

    await page.waitForURL(/\/pay\//);
    await page.getByLabel('Card number').fill('4444333322221111');
    await page.getByLabel('Month').fill('12');
    await page.getByLabel('Year').fill('2030');
    await page.getByLabel('Name on card').fill('Ann Resident');
    await page.getByLabel('Card security code').fill('123');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/requests\/BW-/);
    expect((await page.locator('body').textContent()) ?? '').toMatch(/BW-\d{2}-\d{6}/);

    // The property page (and its JSON) now has the bulky collection on that date.
    const json = (await (await page.request.get(`${base}/api/v1/properties/${uprn}`)).json()) as any;
    expect(json.services.find((s: any) => s.id === 'bulky')?.next?.date).toBe(date);
    await page.goto(`${base}/property/${uprn}`);
    expect((await page.locator('main').textContent()) ?? '').toContain('Bulky waste');

    expect(failures).toEqual([]);
    await context.close();
  }, 240_000);
});
