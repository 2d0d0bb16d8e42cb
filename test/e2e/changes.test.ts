/**
 * Service changes in a real browser against the real server: the demo officer signs in and publishes a
 * snow day (the day's collections moved to a catch-up date, reason "Snow") through the preview; the
 * resident's page, the property JSON and the council's changes feed then show it. Every changes page
 * (list, form, its error re-render, preview, withdrawal confirmation, round not completed) is checked
 * with axe-core at 1280 and 360 px.
 */
import { describe, expect, test } from 'bun:test';
import type { Browser, Page } from 'playwright-core';
import { addDays } from '../../server/domain/dates.ts';
import { demoShowcaseUprn } from '../../server/seed/demo-bundle.ts';
import { DEMO_SIGN_INS } from '../../server/seed/demo.ts';
import { browserSuite, isolatedContext, axeAtBothWidths } from './support.ts';

const suite = browserSuite();
const { executablePath } = suite;

const officer = DEMO_SIGN_INS.find((u) => u.role === 'officer')!;
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');

/** axe (serious/critical) and sideways scrolling of the page as it is now, at both widths. */

describe.skipIf(!executablePath)('service changes in Chromium', () => {
  test('a snow day published through the preview shows on the resident page, the JSON and the changes feed; pages axe-clean', async () => {
    const base = suite.server!.base;
    const uprn = demoShowcaseUprn();
    // The showcase home's next collection that no change touches yet: that day is the snow day.
    const before = (await (await fetch(`${base}/api/v1/properties/${uprn}`)).json()) as any;
    const service = before.services.find((s: any) => s.next && !s.next.changed);
    expect(service).toBeDefined();
    const snowDay: string = service.next.date;
    const catchUp = addDays(snowDay, 1);

    const { context } = await isolatedContext(suite.browser!);
    const page = await context.newPage();
    const failures: string[] = [];
    await page.goto(`${base}/login`);
    await page.getByLabel('Email address').fill(officer.email);
    await page.getByLabel('Password').fill(officer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/officer$/);

    // Round not completed, from the first unfinished round on the Today board (before the snow day empties today).
    const link = page.locator('#rounds-today a[href^="/officer/changes/not-completed"]').first();
    expect(await link.count()).toBe(1);
    await link.click();
    await page.waitForURL(/\/officer\/changes\/not-completed\?/);
    expect(await page.locator('h1').textContent()).toContain('Round not completed');
    expect(await page.locator('#preview-counts').textContent()).toMatch(/change\.$/);
    await axeAtBothWidths(page, 'round not completed', failures);

    await page.getByRole('navigation', { name: 'Officer console' }).getByRole('link', { name: 'Service changes' }).click();
    await page.waitForURL(/\/officer\/changes$/);
    await axeAtBothWidths(page, 'list', failures);
    await page.getByRole('button', { name: 'Publish a change' }).click();
    await page.waitForURL(/\/officer\/changes\/new$/);
    await axeAtBothWidths(page, 'form', failures);

    // An empty form comes back with the error summary.
    await page.getByRole('button', { name: 'Preview the change' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('There is a problem');
    await axeAtBothWidths(page, 'form with errors', failures);

    await page.getByLabel('Date of the collections that change').fill(snowDay);
    await page.getByLabel('Move them to a catch-up date').check();
    await page.getByLabel('Catch-up date (for a move)').fill(catchUp);
    await page.getByLabel('Every collection that day (whole council)').check();
    await page.getByLabel('Reason residents will see').fill('Snow');
    await page.getByRole('button', { name: 'Preview the change' }).click();
    await page.waitForURL(/\/officer\/changes\/preview$/);
    expect(await page.locator('h1').textContent()).toBe('Check the change before you publish it');
    expect(await page.locator('#preview-counts').textContent()).toMatch(/^[\d,]+ propert(y|ies) and [\d,]+ collections? change\.$/);
    expect(await page.locator('#preview-sample tbody tr').count()).toBeGreaterThan(0);
    await axeAtBothWidths(page, 'preview', failures);
    // Nothing is published by the preview.
    const still = (await (await fetch(`${base}/api/v1/properties/${uprn}`)).json()) as any;
    expect(still.services.find((s: any) => s.id === service.id).next.date).toBe(snowDay);

    await page.getByRole('button', { name: 'Publish' }).click();
    await page.waitForURL(/\/officer\/changes\?done=published/);
    expect(await page.locator('.govuk-notification-banner--success').textContent()).toContain('Change published');
    expect(await page.locator('#changes-upcoming').textContent()).toContain('Snow');

    // The resident's page, the property JSON and the changes feed show it at once.
    const after = (await (await fetch(`${base}/api/v1/properties/${uprn}`)).json()) as any;
    expect(after.services.find((s: any) => s.id === service.id).next).toMatchObject({ date: catchUp, originalDate: snowDay, changed: true, reason: 'Snow' });
    const resident = await context.newPage();
    await resident.goto(`${base}/property/${uprn}`);
    const text = (await resident.locator('main').textContent()) ?? '';
    expect(text).toContain('Snow');
    await resident.close();
    const feed = unfold(await (await fetch(`${base}/calendars/councils/demo/changes.ics`)).text());
    expect(feed).toContain('Snow');
    expect(feed).toContain(`DTSTART;VALUE=DATE:${catchUp.replaceAll('-', '')}`);

    // The withdrawal confirmation (not confirmed: the change stays).
    await page.getByRole('button', { name: /^Withdraw the change: .*moved to/ }).first().click();
    await page.waitForURL(/\/withdraw$/);
    expect(await page.locator('h1').textContent()).toBe('Withdraw this change?');
    await axeAtBothWidths(page, 'withdraw confirmation', failures);

    expect(failures).toEqual([]);
    await context.close();
  }, 240_000);
});
