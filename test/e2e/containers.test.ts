/**
 * Bin requests in Chromium against the real server (demo council, clock in Christmas week 2026):
 * from the property page a resident orders a replacement black bin, meets the error summary, checks
 * their answers with the charge, pays on the sandbox page with the success card and sees the
 * request's status; the officer then finds it on the deliveries list for its day and marks it
 * delivered. Every bin request page (and the deliveries list) is axe-clean at 1280 and 360 px.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Page } from 'playwright-core';
import { demoBundle } from '../../server/seed/demo-bundle.ts';
import { DEMO_SIGN_INS } from '../../server/seed/demo.ts';
import { browserSuite, chromiumPath, E2E_NOW, isolatedContext, ROOT, axeAtBothWidths } from './support.ts';

// Seeded before the server starts, in its own process (no start-up deadline on a busy machine).
const dataDir = mkdtempSync(join(tmpdir(), 'kerbside-containers-e2e-'));
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
const officer = DEMO_SIGN_INS.find((u) => u.role === 'officer')!;

interface Home { uprn: string; postcode: string; address: string }

/** A demo home on a refuse round, and the refuse day after today its delivery is planned for. */
async function homeWithRefuse(): Promise<Home & { deliveryDate: string }> {
  const bundle = demoBundle();
  const refuse = new Set(bundle.assignments.filter((a) => a.round.startsWith('REF-')).map((a) => String(a.uprn)));
  const p = bundle.properties.find((x) => x.kind === 'domestic' && refuse.has(String(x.uprn)))!;
  const today = E2E_NOW.slice(0, 10);
  const list = (await (await fetch(`${base()}/api/v1/properties/${p.uprn}/collections`)).json()) as Array<{ date: string; service: string }>;
  const next = list.find((c) => c.service === 'refuse' && c.date > today)!;
  return { uprn: String(p.uprn), postcode: p.postcode, address: p.address, deliveryDate: next.date };
}


const heading = (page: Page) => page.locator('h1').first().textContent();

describe.skipIf(!suite.executablePath)('bin requests in Chromium', () => {
  test('order a replacement bin from the property page, pay with the success card, see its status; the officer marks it delivered', async () => {
    const home = await homeWithRefuse();
    const { context } = await isolatedContext(suite.browser!);
    const page = await context.newPage();
    const failures: string[] = [];
    try {
      // The way in for someone not on their property page: postcode, then address.
      await page.goto(`${base()}/bins/request`);
      await axeAtBothWidths(page, 'bins-start', failures);
      await page.getByLabel('Postcode').fill(home.postcode.toLowerCase());
      await page.getByRole('button', { name: 'Find address' }).click();
      await page.waitForLoadState('load');
      expect(await page.getByRole('link', { name: home.address, exact: true }).count()).toBe(1);
      await axeAtBothWidths(page, 'bins-addresses', failures);

      await page.goto(`${base()}/property/${home.uprn}`);
      await page.getByRole('link', { name: 'Request a new or replacement bin' }).click();
      await page.waitForURL(new RegExp(`/property/${home.uprn}/bins/request$`));
      expect(await heading(page)).toBe('Which bin or container do you need?');
      await axeAtBothWidths(page, 'bins-which', failures);

      // Continue without choosing: the GOV.UK error summary, linked to the radios.
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForLoadState('load');
      expect(await page.title()).toStartWith('Error: ');
      expect(await page.locator('.govuk-error-summary').textContent()).toContain('Select the bin or container you need');
      await axeAtBothWidths(page, 'bins-which-error', failures);

      // By keyboard: the radio, then Continue.
      await page.getByLabel('240L black wheelie bin', { exact: true }).focus();
      await page.keyboard.press('Space');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/bins\/request\/reason\?container=refuse-240/);
      expect(await heading(page)).toBe('Why do you need a 240L black wheelie bin?');
      await axeAtBothWidths(page, 'bins-why', failures);
      await page.getByLabel('The one I have is damaged').check();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForLoadState('load');
      expect(await heading(page)).toBe('Your details');
      await axeAtBothWidths(page, 'bins-details', failures);

      await page.getByLabel('Full name').fill('Bin <b>Needer</b>');
      await page.getByLabel('Email address').fill('bins@example.org');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForLoadState('load');
      expect(await heading(page)).toBe('Check your answers before sending your request');
      const summary = (await page.locator('main').textContent()) ?? '';
      expect(summary).toContain('240L black wheelie bin');
      expect(summary).toContain('£25.00');
      expect(summary).toContain('Bin <b>Needer</b>'); // escaped, shown as typed
      await axeAtBothWidths(page, 'bins-check', failures);

      await page.getByRole('button', { name: 'Continue to payment' }).click();
      await page.waitForURL(/\/pay\//);
      await page.getByLabel('Card number').fill('4444333322221111');
      await page.getByLabel('Month').fill('12');
      await page.getByLabel('Year').fill('2030');
      await page.getByLabel('Name on card').fill('B Needer');
      await page.getByLabel('Card security code').fill('123');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(/\/requests\/BR-\d{2}-\d{6}/);
      const reference = /BR-\d{2}-\d{6}/.exec(page.url())![0];
      const status = (await page.locator('main').textContent()) ?? '';
      expect(status).toContain(reference);
      expect(status).toContain('240L black wheelie bin × 1');
      const view = await (await fetch(`${base()}/api/v1/container-requests/${reference}`)).json();
      expect(view.status).toBe('active');
      expect(view.paidPence).toBe(2500);

      // Asked for: the same bin cannot be asked for twice.
      await page.goto(`${base()}/property/${home.uprn}/bins/request`);
      expect(await page.locator('main').textContent()).toContain(reference);

      // The officer's deliveries list for the planned day.
      await page.goto(`${base()}/login`);
      await page.getByLabel('Email address').fill(officer.email);
      await page.getByLabel('Password').fill(officer.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/officer$/);
      await page.goto(`${base()}/officer/deliveries?date=${home.deliveryDate}`);
      expect(await page.locator('#deliveries').textContent()).toContain(reference);
      await axeAtBothWidths(page, 'officer-deliveries', failures);
      await page.getByRole('button', { name: `Mark delivered ${reference}` }).click();
      await page.waitForURL(/delivered=/);
      expect(await page.locator('.govuk-notification-banner--success').textContent()).toContain(`${reference} is marked delivered.`);
      const done = await (await fetch(`${base()}/api/v1/container-requests/${reference}`)).json();
      expect(done.status).toBe('completed');
    } finally {
      await context.close();
    }
    expect(failures).toEqual([]);
  }, 240_000);
});
