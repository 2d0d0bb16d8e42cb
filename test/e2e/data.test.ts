/**
 * Properties and data in a real browser against the real server (demo council): find a property,
 * see its page, preview a demolition, check a broken bundle on the data page (the CLI's report is
 * shown line by line), and axe-core on every one of these pages at desktop and phone widths.
 */
import { describe, expect, test } from 'bun:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO_SIGN_INS } from '../../server/seed/demo.ts';
import { browserSuite, isolatedContext, axeAtBothWidths } from './support.ts';

const suite = browserSuite();
const { executablePath } = suite;

const officer = DEMO_SIGN_INS.find((u) => u.role === 'officer')!;


describe.skipIf(!executablePath)('properties and data in Chromium', () => {
  test('search, property page, demolition preview, bundle report; every page axe-clean', async () => {
    const base = suite.server!.base;
    const { context } = await isolatedContext(suite.browser!);
    const page = await context.newPage();
    await page.goto(`${base}/login?next=/officer/properties`);
    await page.getByLabel('Email address').fill(officer.email);
    await page.getByLabel('Password').fill(officer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/officer\/properties$/);
    const failures: string[] = [];
    await axeAtBothWidths(page, '/officer/properties', failures);

    await page.getByLabel('Find a property').fill('High Street');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForSelector('#results');
    await axeAtBothWidths(page, '/officer/properties?q=', failures);
    await page.locator('#results a').first().click();
    await page.waitForURL(/\/officer\/properties\/\d+$/);
    expect(await page.locator('#property-summary').textContent()).toContain('UPRN');
    await axeAtBothWidths(page, '/officer/properties/{uprn}', failures);

    await page.getByLabel('Demolished from').fill('2027-01-11');
    await page.getByRole('button', { name: 'Check what changes' }).click();
    await page.waitForSelector('#demolish-preview');
    expect(await page.locator('#demolish-preview').textContent()).toContain('no collections');
    await axeAtBothWidths(page, 'demolition preview', failures);

    await page.goto(`${base}/officer/properties/new`);
    await axeAtBothWidths(page, '/officer/properties/new', failures);
    await page.getByRole('button', { name: 'Add property' }).click();
    await page.waitForSelector('.govuk-error-summary');
    await axeAtBothWidths(page, '/officer/properties/new with errors', failures);

    await page.goto(`${base}/officer/data`);
    await axeAtBothWidths(page, '/officer/data', failures);
    const dir = mkdtempSync(join(tmpdir(), 'kb-bundle-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ council: { slug: 'demo', name: 'Demo Borough Council' }, properties: [{ uprn: 'x', address: '1 A Road', postcode: 'NOPE', lat: 52.9, lon: -1.47 }] }));
    await page.getByLabel('Bundle file').setInputFiles(file);
    await page.getByRole('button', { name: 'Check the bundle' }).click();
    await page.waitForSelector('#report-lines');
    const lines = await page.locator('#report-lines li').allTextContents();
    expect(lines).toEqual(['properties[0].uprn: must be 1–12 digits', 'properties[0].postcode: must be a UK postcode such as "DE1 1AA"']);
    await axeAtBothWidths(page, '/officer/data with a report', failures);

    expect(failures).toEqual([]);
    await context.close();
  }, 180_000);
});
