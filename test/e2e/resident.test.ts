/**
 * The resident journey in a real browser against the real server: find your bin day, see the
 * Christmas change, report a missed collection, track it — with JavaScript on, with it off, and by
 * keyboard alone; every page checked by axe-core and at 360 px wide.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Browser, Page } from 'playwright-core';
import { demoFacts, residentPages, type DemoFacts } from './pages.ts';
import {
  chromiumPath, isolatedContext, launchBrowser, scrollsSideways, seriousAxeViolations, startServer, tabTo,
  type ReportablePair, type RunningServer,
} from './support.ts';

const executablePath = chromiumPath();
let server: RunningServer | undefined;
let browser: Browser | undefined;
let facts: DemoFacts;

beforeAll(async () => {
  if (!executablePath) return;
  server = await startServer();
  facts = await demoFacts(server.base);
  browser = await launchBrowser(executablePath);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const base = () => server!.base;
const REFERENCE = /KB-\d{2}-\d{6}/;

/** Find → property: type the postcode as people do (lower case, no space) and pick the address. */
async function findProperty(page: Page, pair: ReportablePair, javaScript = true) {
  await page.goto(`${base()}/`);
  await page.getByLabel('Find your bin collection day').fill(pair.postcode.toLowerCase().replace(' ', ''));
  await page.getByRole('button', { name: 'Find address' }).click();
  await page.waitForURL(/\/addresses\?postcode=/);
  expect(await page.locator('h1').textContent()).toBe('Choose your address');
  await page.getByRole('link', { name: pair.address, exact: true }).click();
  await page.waitForURL(new RegExp(`/property/${pair.uprn}$`));
  expect(await page.locator('h1').textContent()).toBe(pair.address);
  // Module scripts run after parsing: let site.js remember the address before moving on, as a person would.
  if (javaScript) await page.waitForFunction(() => document.body.classList.contains('js-enabled'));
}

/** Report → errors → confirmation → status, checking that what was typed survives the error round trip. */
async function reportMissed(page: Page, pair: ReportablePair): Promise<string> {
  await page.getByRole('button', { name: 'Report a missed collection' }).click();
  await page.waitForURL(/\/report$/);
  expect(await page.locator('h1').textContent()).toBe('Report a missed collection');

  // A first try with a bad email: the GOV.UK error summary and inline errors, the name kept.
  await page.getByLabel('Full name').fill('Sam <b>Resident</b>');
  await page.getByLabel('Email address').fill('not-an-email');
  await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Send report' }).click()]);
  await page.waitForLoadState('load');
  expect(await page.title()).toStartWith('Error: ');
  const summary = page.locator('.govuk-error-summary');
  expect(await summary.textContent()).toContain('Select the collection that was missed');
  expect(await summary.textContent()).toContain('Enter an email address in the correct format');
  expect(await page.locator('#email-error').textContent()).toContain('correct format');
  expect(await page.getByLabel('Full name').inputValue()).toBe('Sam <b>Resident</b>');
  expect(await page.locator('b', { hasText: 'Resident' }).count()).toBe(0); // typed text is never markup

  await page.getByRole('radio', { name: pair.service.name }).check();
  await page.getByLabel('Email address').fill('sam@example.org');
  await page.getByRole('button', { name: 'Send report' }).click();
  await page.waitForURL(/\/sent$/);

  expect(await page.locator('.govuk-panel__title').textContent()).toBe('Report sent');
  const reference = (await page.locator('#report-reference').textContent())!;
  expect(reference).toMatch(REFERENCE);
  expect(await page.locator('#report-due').textContent()).toMatch(/^(Monday|Tuesday|Wednesday|Thursday|Friday) \d{1,2} (December|January)/);

  await page.getByRole('link', { name: 'Check the progress of this report' }).click();
  await page.waitForURL(/\/reports\/KB-\d{2}-\d+$/);
  expect(await page.locator('h1').textContent()).toBe(reference);
  expect(await page.locator('.govuk-summary-list').textContent()).toContain('Received');
  expect(await page.locator('.govuk-summary-list').textContent()).toContain(pair.service.name);
  return reference;
}

describe.skipIf(!executablePath)('resident pages in Chromium', () => {
  test('with JavaScript on: find, see the Christmas change on a map, report, confirm, track; recently viewed is remembered', async () => {
    const { context, log } = await isolatedContext(browser!);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Console errors include Content-Security-Policy refusals: the pages and Leaflet must live within the CSP.
    // (Pages answering 4xx — a form sent back with errors — are expected; their sub-resources are not.)
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
    page.on('response', (r) => r.status() >= 400 && r.request().resourceType() !== 'document' && errors.push(`${r.status()} ${r.url()}`));

    // The showcase home: Friday 25 December's collections move, and the page says why.
    await page.goto(`${base()}/property/${facts.showcase.uprn}`);
    const banner = page.locator('.govuk-notification-banner');
    expect(await banner.textContent()).toContain('because of Christmas Day');
    expect(await banner.textContent()).toContain('Friday 25 December');
    await page.locator('.leaflet-tile-loaded').first().waitFor();
    expect(await page.locator('.leaflet-marker-icon').count()).toBe(1);
    expect(log.tiles).toBeGreaterThan(0);
    expect(await page.locator('.leaflet-control-attribution').textContent()).toContain('OpenStreetMap');
    const webcal = await page.getByRole('link', { name: 'Subscribe on iPhone, Mac or Outlook' }).getAttribute('href');
    expect(webcal).toBe(`webcal://127.0.0.1:${new URL(base()).port}/calendars/properties/${facts.showcase.uprn}.ics`);

    const pair = facts.reportable[0];
    await findProperty(page, pair);
    await reportMissed(page, pair);

    // Both homes viewed are remembered on this device and listed on the find page.
    await page.goto(`${base()}/`);
    const recent = page.locator('#recent-addresses');
    await recent.waitFor({ state: 'visible' });
    expect(await recent.getByRole('link').allTextContents()).toEqual([pair.address, facts.showcase.address]);
    expect(errors).toEqual([]);
    expect(log.blocked).toEqual([]);
    await context.close();
  }, 60_000);

  test('with JavaScript off: the same journey works, and the map falls back to words', async () => {
    const { context } = await isolatedContext(browser!, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base()}/property/${facts.showcase.uprn}`);
    expect(await page.locator('.kb-map__fallback').textContent()).toContain('The map needs JavaScript');
    expect(await page.locator('.leaflet-container').count()).toBe(0);
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Christmas Day');

    const pair = facts.reportable[1];
    await findProperty(page, pair, false);
    await reportMissed(page, pair);
    await context.close();
  }, 60_000);

  test('by keyboard alone: Tab and Enter from the postcode to the confirmation', async () => {
    const { context } = await isolatedContext(browser!);
    const page = await context.newPage();
    const pair = facts.reportable[2];
    await page.goto(`${base()}/`);

    await tabTo(page, 'the postcode box', () => document.activeElement?.id === 'postcode');
    await page.keyboard.type(pair.postcode);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/addresses\?/);

    const href = `/property/${pair.uprn}`;
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await tabTo(page, `the link to ${pair.address}`, new Function(`return document.activeElement?.getAttribute('href') === ${JSON.stringify(href)}`) as () => boolean, 80);
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`${href}$`));

    await tabTo(page, 'the report button', () => document.activeElement?.textContent?.trim() === 'Report a missed collection', 80);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/report$/);

    await tabTo(page, 'the first collection to report', () => (document.activeElement as HTMLInputElement | null)?.name === 'service');
    await page.keyboard.press('Space');
    await tabTo(page, 'the name box', () => document.activeElement?.id === 'name');
    await page.keyboard.type('Kim Keyboard');
    await page.keyboard.press('Tab');
    await page.keyboard.type('kim@example.org');
    await page.keyboard.press('Enter'); // Enter in a text box submits the form
    await page.waitForURL(/\/sent$/);
    expect(await page.locator('#report-reference').textContent()).toMatch(REFERENCE);
    await context.close();
  }, 60_000);

  test('every page: no serious or critical axe-core violations, and no sideways scrolling at 360 px', async () => {
    const { context } = await isolatedContext(browser!);
    const page = await context.newPage();
    const pages = residentPages(facts, facts.reportable[3]);
    const failures: string[] = [];
    for (const p of pages) {
      for (const width of [1280, 360]) {
        await page.setViewportSize({ width, height: 800 });
        await page.goto(`${base()}${p.path}`); // waits for "load": module scripts (the map) have run

        expect(await page.title()).toMatch(p.title);
        const violations = await seriousAxeViolations(page);
        if (violations.length) failures.push(`${p.name} at ${width}px: ${JSON.stringify(violations, null, 1)}`);
        if (await scrollsSideways(page)) failures.push(`${p.name} scrolls sideways at ${width}px`);
      }
    }
    expect(failures).toEqual([]);
    await context.close();
  }, 180_000);

  test('the form comes back with inline errors (axe-clean) when sent empty, keeping the right status', async () => {
    const { context } = await isolatedContext(browser!);
    const page = await context.newPage();
    await page.goto(`${base()}/property/${facts.reportable[3].uprn}/report`);
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Send report' }).click()]);
    expect(response.status()).toBe(400);
    await page.waitForLoadState('load');
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.locator('.govuk-error-summary a').allTextContents()).toEqual([
      'Select the collection that was missed', 'Enter your full name', 'Enter your email address',
    ]);
    // JavaScript moves focus to the summary so screen readers announce it.
    await page.waitForFunction(() => document.activeElement?.classList.contains('govuk-error-summary'), undefined, { timeout: 5000 });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await context.close();
  }, 60_000);
});
