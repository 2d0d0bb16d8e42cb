/**
 * Garden waste subscriptions in Chromium against the real server (demo council, clock in Christmas
 * week 2026): a resident finds their address from `/garden-waste`, chooses bins, gives contact
 * details, checks their answers with the price, pays on the sandbox page with the success card and
 * lands on the confirmation; the property page and its calendar feed then have garden collections.
 * The declined card leaves nothing active. Every garden page is axe-clean at 1280 and 360 px.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Page } from 'playwright-core';
import { demoBundle } from '../../server/seed/demo-bundle.ts';
import { browserSuite, chromiumPath, E2E_NOW, isolatedContext, ROOT, axeAtBothWidths } from './support.ts';

// The demo is seeded before the server starts (in its own process, with no start-up deadline): on a
// busy machine seeding inside the server can outlast the wait for /health.
const dataDir = mkdtempSync(join(tmpdir(), 'kerbside-garden-e2e-'));
beforeAll(async () => {
  if (!chromiumPath()) return;
  const prepare = Bun.spawn([process.execPath, 'test/support/prepare-e2e-db.ts', dataDir, E2E_NOW], {
    cwd: ROOT, env: { ...process.env, KERBSIDE_E2E_PASSWORD: 'unused password', DATABASE_URL: '' }, stdout: 'inherit', stderr: 'inherit',
  });
  if ((await prepare.exited) !== 0) throw new Error('preparing the e2e database failed');
}, 300_000);
const suite = browserSuite({ KERBSIDE_DATA_DIR: dataDir });
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const base = () => suite.server!.base;

interface Home { uprn: string; postcode: string; address: string }

/** Demo homes with no garden waste this year (from the demo bundle), whose page offers "Subscribe". */
async function homesWithoutGarden(count: number): Promise<Home[]> {
  const bundle = demoBundle();
  const covered = new Set(bundle.assignments.filter((a) => a.round.startsWith('GDN-') && (!a.to || a.to >= '2026-12-22')).map((a) => String(a.uprn)));
  const found: Home[] = [];
  for (const p of bundle.properties) {
    if (p.kind !== 'domestic' || covered.has(String(p.uprn))) continue;
    const html = await (await fetch(`${base()}/property/${p.uprn}`)).text();
    if (html.includes('Subscribe to garden waste collection')) found.push({ uprn: String(p.uprn), postcode: p.postcode, address: p.address });
    if (found.length === count) return found;
  }
  throw new Error(`only ${found.length} demo homes without garden waste found`);
}


/** /garden-waste → address → bins → details → check answers; returns on the check page. */
async function chooseAndCheck(page: Page, home: Home, failures?: string[]) {
  await page.goto(`${base()}/garden-waste`);
  if (failures) await axeAtBothWidths(page, 'garden-find', failures);
  await page.getByLabel('What is your postcode?').fill(home.postcode.toLowerCase().replace(' ', ''));
  await page.getByRole('button', { name: 'Find address' }).click();
  await page.waitForURL(/\/garden-waste\/addresses\?postcode=/);
  if (failures) await axeAtBothWidths(page, 'garden-addresses', failures);
  await page.getByRole('link', { name: home.address, exact: true }).click();
  await page.waitForURL(new RegExp(`/property/${home.uprn}/garden-waste$`));
  expect(await page.locator('h1').textContent()).toBe('Subscribe to garden waste collection');
  if (failures) await axeAtBothWidths(page, 'garden-bins', failures);

  // Continue without choosing: the GOV.UK error summary, linked to the radios.
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForLoadState('load');
  expect(await page.title()).toStartWith('Error: ');
  expect(await page.locator('.govuk-error-summary').textContent()).toContain('Select how many bins you want');
  if (failures) await axeAtBothWidths(page, 'garden-bins-error', failures);

  // By keyboard: the radio, then Continue.
  await page.getByLabel('1 bin', { exact: true }).focus();
  await page.keyboard.press('Space');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForLoadState('load');
  expect(await page.locator('h1').textContent()).toBe('Your contact details');
  if (failures) await axeAtBothWidths(page, 'garden-details', failures);
  await page.getByLabel('Full name').fill('Gwen <i>Gardener</i>');
  await page.getByLabel('Email address').fill('gwen@example.org');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForLoadState('load');
  expect(await page.locator('h1').textContent()).toBe('Check your answers before paying');
  const summary = (await page.locator('.govuk-summary-list').textContent()) ?? '';
  expect(summary).toContain(home.address);
  expect(summary).toContain('£55.00');
  expect(summary).toContain('Gwen <i>Gardener</i>'); // escaped, shown as typed
  if (failures) await axeAtBothWidths(page, 'garden-check', failures);
}

async function payWith(page: Page, card: string) {
  await page.getByLabel('Card number').fill(card);
  await page.getByLabel('Month').fill('12');
  await page.getByLabel('Year').fill('2030');
  await page.getByLabel('Name on card').fill('G Gardener');
  await page.getByLabel('Card security code').fill('123');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForLoadState('load');
}

describe.skipIf(!suite.executablePath)('garden waste subscriptions in Chromium', () => {
  test('subscribe with the success card: garden collections on the property page and in its feed; pages axe-clean', async () => {
    const [home] = await homesWithoutGarden(1);
    const { context } = await isolatedContext(suite.browser!);
    const page = await context.newPage();
    const failures: string[] = [];
    try {
      await chooseAndCheck(page, home, failures);
      await page.getByRole('button', { name: 'Accept and pay' }).click();
      await page.waitForURL(/\/pay\//);
      await payWith(page, '4444333322221111');
      await page.waitForURL(/\/requests\/GW-\d{2}-\d{6}/);
      const reference = /GW-\d{2}-\d{6}/.exec(page.url())![0];
      expect(await page.locator('body').textContent()).toContain(reference);

      await page.goto(`${base()}/property/${home.uprn}`);
      const html = await page.content();
      expect(html).toContain('Garden waste');
      expect(html).not.toContain('id="garden-link"');
      const property = (await (await fetch(`${base()}/api/v1/properties/${home.uprn}`)).json()) as { services: Array<{ id: string; next: { date: string } | null; subscription?: { to: string } }> };
      const garden = property.services.find((s) => s.id === 'garden');
      expect(garden?.next?.date).toBeDefined();
      expect(garden!.next!.date > '2026-12-21').toBe(true);
      expect(garden!.subscription?.to).toBe('2027-03-31');
      const feed = await (await fetch(`${base()}/calendars/properties/${home.uprn}.ics`)).text();
      const next = garden!.next!.date.replaceAll('-', '');
      expect(feed).toContain(`DTSTART;VALUE=DATE:${next}`);
      expect(feed).toMatch(/SUMMARY:[^\r\n]*Garden waste/);
    } finally {
      await context.close();
    }
    expect(failures).toEqual([]);
  }, 120_000);

  test('the declined card, without JavaScript: the error on the payment page, nothing active', async () => {
    const [, home] = await homesWithoutGarden(2);
    const { context } = await isolatedContext(suite.browser!, { javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await chooseAndCheck(page, home);
      await page.getByRole('button', { name: 'Accept and pay' }).click();
      await page.waitForURL(/\/pay\//);
      await payWith(page, '4000000000000002');
      expect(page.url()).toContain('/pay/');
      expect(await page.locator('.govuk-error-summary, .govuk-error-message').first().textContent()).toBeTruthy();
      const property = (await (await fetch(`${base()}/api/v1/properties/${home.uprn}`)).json()) as { services: Array<{ id: string; subscription?: { active: boolean; to: string } }> };
      const garden = property.services.find((s) => s.id === 'garden');
      expect(!garden || !garden.subscription || garden.subscription.to < '2026-12-21').toBe(true);
      expect(await (await fetch(`${base()}/property/${home.uprn}`)).text()).toContain('Subscribe to garden waste collection');
    } finally {
      await context.close();
    }
  }, 120_000);
});
