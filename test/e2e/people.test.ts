/**
 * People and keys and the audit trail in Chromium against the real server: an admin adds a person,
 * creates an API key (shown once), revokes it after the confirmation, and finds both in the audit
 * trail; /officer/people and /officer/audit have no serious or critical axe violation at 1280 and
 * 360 px and do not scroll sideways. The admin is added by test/support/prepare-e2e-db.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Browser, Page } from 'playwright-core';
import { chromiumPath, E2E_NOW, isolatedContext, launchBrowser, ROOT, startServer, type RunningServer, axeAtBothWidths } from './support.ts';

const EMAIL = 'e2e-admin@demo.test';
const PASSWORD = 'admin password for tests';

const executablePath = chromiumPath();
let server: RunningServer | undefined;
let browser: Browser | undefined;
let dataDir: string | undefined;

beforeAll(async () => {
  if (!executablePath) return;
  dataDir = mkdtempSync(join(tmpdir(), 'kerbside-people-e2e-'));
  const prepare = Bun.spawn([process.execPath, 'test/support/prepare-e2e-db.ts', dataDir, E2E_NOW, `${EMAIL}:admin`], {
    cwd: ROOT,
    env: { ...process.env, KERBSIDE_E2E_PASSWORD: PASSWORD, DATABASE_URL: '' },
    stdout: 'inherit',
    stderr: 'inherit',
  });
  if ((await prepare.exited) !== 0) throw new Error('preparing the e2e database failed');
  server = await startServer({ KERBSIDE_DATA_DIR: dataDir });
  browser = await launchBrowser(executablePath);
}, 180_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 30_000);


describe.skipIf(!executablePath)('people, keys and audit in Chromium', () => {
  test('add a person, create and revoke a key, see it all in the audit trail; axe-clean at 1280 and 360 px', async () => {
    const base = server!.base;
    const { context } = await isolatedContext(browser!);
    const page = await context.newPage();
    const failures: string[] = [];
    await page.goto(`${base}/login`);
    await page.getByLabel('Email address').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/officer/);

    await page.goto(`${base}/officer/people`);
    await axeAtBothWidths(page, '/officer/people', failures);
    // An error first: the summary and the kept values are checked by axe too.
    await page.getByLabel('Email address').fill('nia@demo.test');
    await page.getByLabel('Initial password').fill('short');
    await page.getByRole('button', { name: 'Add person' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('at least 10 characters');
    await axeAtBothWidths(page, '/officer/people (errors)', failures);
    await page.getByLabel('Initial password').fill('a good long password');
    await page.getByRole('button', { name: 'Add person' }).click();
    await page.waitForURL(/done=added/);
    expect(await page.locator('#users').textContent()).toContain('nia@demo.test');

    await page.getByLabel('Who the key is for').fill('FixMyStreet');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = await page.locator('#new-key').inputValue();
    expect(key).toMatch(/^kb_[0-9a-f]{48}$/);
    expect(await page.locator('.govuk-warning-text').textContent()).toContain('You will not be able to see it again');
    await axeAtBothWidths(page, 'new key page', failures);

    await page.goto(`${base}/officer/people`);
    expect(await page.content()).not.toContain(key);
    await page.getByRole('link', { name: /Revoke FixMyStreet/ }).click();
    await axeAtBothWidths(page, 'revoke confirmation', failures);
    await page.getByRole('button', { name: 'Yes, revoke this key' }).click();
    await page.waitForURL(/done=revoked/);
    expect(await page.locator('#api-keys').textContent()).toContain('Revoked');

    await page.goto(`${base}/officer/audit`);
    const trail = await page.locator('#audit').textContent();
    for (const action of ['api_key.revoke', 'api_key.create', 'user.create', 'user.sign_in']) expect(trail).toContain(action);
    await axeAtBothWidths(page, '/officer/audit', failures);
    await page.getByLabel('What changed').selectOption('api_key');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/entity=api_key/);
    expect(await page.locator('#audit').textContent()).not.toContain('user.create');
    await axeAtBothWidths(page, '/officer/audit (filtered)', failures);

    expect(failures).toEqual([]);
    await context.close();
  }, 180_000);
});
