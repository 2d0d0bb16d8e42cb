/**
 * Webhooks in Chromium against the real server: an officer adds an endpoint at /officer/webhooks
 * (a local receiver; KERBSIDE_WEBHOOK_ALLOW_PRIVATE=1), copies the secret shown once, a resident's
 * report reaches the receiver through the server's own delivery job, signed (checked with the
 * standardwebhooks package), and shows on the deliveries page; every page is axe-clean at 1280 and
 * 360 px and does not scroll sideways. The officer is added by test/support/prepare-e2e-db.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Browser, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { demoFacts } from './pages.ts';
import { chromiumPath, E2E_NOW, isolatedContext, launchBrowser, ROOT, startServer, type RunningServer, axeAtBothWidths } from './support.ts';

const EMAIL = 'e2e-webhooks@demo.test';
const PASSWORD = 'officer password for tests';

const executablePath = chromiumPath();
let server: RunningServer | undefined;
let browser: Browser | undefined;
let dataDir: string | undefined;
const received: Array<{ headers: Record<string, string>; body: string }> = [];
const receiver = Bun.serve({
  hostname: '127.0.0.1',
  port: 0,
  async fetch(req): Promise<Response> {
    received.push({ headers: Object.fromEntries(req.headers), body: await req.text() });
    return new Response('ok');
  },
});

beforeAll(async () => {
  if (!executablePath) return;
  dataDir = mkdtempSync(join(tmpdir(), 'kerbside-webhooks-e2e-'));
  const prepare = Bun.spawn([process.execPath, 'test/support/prepare-e2e-db.ts', dataDir, E2E_NOW, `${EMAIL}:officer`], {
    cwd: ROOT,
    env: { ...process.env, KERBSIDE_E2E_PASSWORD: PASSWORD, DATABASE_URL: '' },
    stdout: 'inherit',
    stderr: 'inherit',
  });
  if ((await prepare.exited) !== 0) throw new Error('preparing the e2e database failed');
  server = await startServer({ KERBSIDE_DATA_DIR: dataDir, KERBSIDE_WEBHOOK_ALLOW_PRIVATE: '1' });
  browser = await launchBrowser(executablePath);
}, 180_000);

afterAll(async () => {
  receiver.stop(true);
  await browser?.close().catch(() => {});
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 30_000);


describe.skipIf(!executablePath)('webhooks in Chromium', () => {
  test('add an endpoint, get a signed delivery of a new report, see it logged; axe-clean', async () => {
    const base = server!.base;
    const { context } = await isolatedContext(browser!);
    const page = await context.newPage();
    const failures: string[] = [];
    await page.goto(`${base}/login`);
    await page.getByLabel('Email address').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/officer/);

    await page.goto(`${base}/officer/webhooks`);
    await axeAtBothWidths(page, '/officer/webhooks', failures);
    // An error first (no events chosen): the summary and kept values are checked by axe too.
    const url = `http://127.0.0.1:${receiver.port}/hook`;
    await page.getByLabel('Address (URL)').fill(url);
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Choose at least one event');
    await axeAtBothWidths(page, '/officer/webhooks (errors)', failures);
    await page.getByLabel(/A missed-collection report is made/).check();
    await page.getByLabel(/A crew completes a round/).check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = await page.locator('#secret').inputValue();
    expect(secret).toMatch(/^whsec_/);
    await axeAtBothWidths(page, 'new endpoint', failures);

    const facts = await demoFacts(base); // makes one report through the resident form
    const deadline = Date.now() + 30_000;
    while (received.length === 0 && Date.now() < deadline) await Bun.sleep(250);
    expect(received.length).toBeGreaterThan(0);
    const event = new Webhook(secret).verify(received[0].body, received[0].headers) as { type: string; data: { reference: string } };
    expect(event.type).toBe('report.created');
    expect(event.data.reference).toBe(facts.reference);

    await page.goto(`${base}/officer/webhooks`);
    expect(await page.locator('#endpoints').textContent()).toContain(url);
    await page.getByRole('link', { name: /^Deliveries/ }).click();
    expect(await page.locator('#deliveries').textContent()).toContain('Delivered');
    await axeAtBothWidths(page, 'deliveries', failures);
    await page.goto(`${base}/officer/webhooks`);
    await page.getByRole('link', { name: /^Delete/ }).click();
    await axeAtBothWidths(page, 'delete confirmation', failures);
    await page.getByRole('button', { name: 'Yes, delete it' }).click();
    await page.waitForURL(/done=deleted/);
    expect(await page.locator('#endpoints').textContent()).toContain('No webhook endpoints yet.');
    expect(failures).toEqual([]);
    await context.close();
  }, 180_000);
});
