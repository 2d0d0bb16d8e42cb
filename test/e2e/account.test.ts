/**
 * "Your account" in Chromium against the real server: a resident signs in through the council's
 * shared resident account (an OpenID Connect provider with `residents: true`: the scripted test
 * provider on 127.0.0.1, real tokens), reports a missed collection with the form already filled in,
 * and finds that report, their bin request and their email alert on /account; the switch to Cymraeg
 * keeps the page ("Eich cyfrif"). The page is axe-clean at 1280 and 360 px in both languages.
 *
 * The demo council is given Welsh beside English and the resident provider before the server
 * starts (test/support/prepare-e2e-db.ts, KERBSIDE_E2E_COUNCILS).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Page } from 'playwright-core';
import type { OidcProviderConfig } from '../../db/schema/councils.ts';
import { demoShowcaseUprn } from '../../server/seed/demo-bundle.ts';
import { startTestProvider } from '../support/oidc-test-provider.ts';
import { browserSuite, chromiumPath, E2E_NOW, isolatedContext, reportablePairs, ROOT, type ReportablePair, axeAtBothWidths } from './support.ts';

const CLIENT = { id: 'kerbside-residents', secret: 'an e2e resident client secret' };
const SECRET_ENV = 'KERBSIDE_E2E_RESIDENT_OIDC_SECRET';
/** The resident as the provider knows them; Kerbside matches what they have by this email, in any case. */
const RESIDENT = { sub: 'resident-e2e-1', email: 'Rhian.Jones@example.org', email_verified: true, name: 'Rhian Jones' };
const EMAIL = 'rhian.jones@example.org';

const dataDir = mkdtempSync(join(tmpdir(), 'kerbside-account-e2e-'));
let op: Awaited<ReturnType<typeof startTestProvider>> | undefined;
beforeAll(async () => {
  if (!chromiumPath()) return;
  op = await startTestProvider(CLIENT);
  op.person = RESIDENT;
  const provider: OidcProviderConfig = {
    id: 'demo-residents', name: 'Demo resident account', issuer: op.issuer, clientId: CLIENT.id, clientSecretEnv: SECRET_ENV,
    role: 'officer', emailDomains: ['demo.kerbside.test'], residents: true,
  };
  const prepare = Bun.spawn([process.execPath, 'test/support/prepare-e2e-db.ts', dataDir, E2E_NOW], {
    cwd: ROOT,
    env: {
      ...process.env, KERBSIDE_E2E_PASSWORD: 'unused password', DATABASE_URL: '',
      KERBSIDE_E2E_COUNCILS: JSON.stringify({ demo: { languages: ['en', 'cy'], oidc: [provider] } }),
    },
    stdout: 'inherit', stderr: 'inherit',
  });
  if ((await prepare.exited) !== 0) throw new Error('preparing the e2e database failed');
}, 300_000);
const suite = browserSuite({ KERBSIDE_DATA_DIR: dataDir, [SECRET_ENV]: CLIENT.secret });
afterAll(() => {
  op?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});
const base = () => suite.server!.base;


/** A free bin and an email alert at the property, asked for through the public API under the resident's email. */
async function requestAndAlert(home: ReportablePair): Promise<string> {
  const post = (path: string, body: unknown) =>
    fetch(`${base()}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const bin = await post('/api/v1/container-requests', { uprn: home.uprn, container: 'recycling-240', reason: 'damaged', name: 'Rhian Jones', email: EMAIL });
  expect(bin.status).toBe(201);
  const receipt = (await bin.json()) as { reference: string; status: string };
  expect(receipt.status).toBe('active');
  expect((await post('/api/v1/alerts', { uprn: home.uprn, email: EMAIL, kinds: ['reminder', 'changes'] })).status).toBe(202);
  return receipt.reference;
}

describe.skipIf(!suite.executablePath)('Your account', () => {
  test('a resident signs in with the resident account, sees their report, request and alert, and reads it all in Cymraeg', async () => {
    const showcase = (await (await fetch(`${base()}/api/v1/properties/${demoShowcaseUprn()}`)).json()) as { postcode: string };
    const [home] = await reportablePairs(base(), showcase.postcode, 1);
    expect(home).toBeDefined();
    const binReference = await requestAndAlert(home);

    const { context, log } = await isolatedContext(suite.browser!);
    const page = await context.newPage();
    const failures: string[] = [];

    // Sign in: /login offers the resident account; the provider sends the resident straight back to Your account.
    await page.goto(`${base()}/login`);
    await page.getByRole('button', { name: 'Sign in with Demo resident account' }).click();
    await page.waitForURL((u) => u.origin === base() && u.pathname === '/account');
    expect(await page.locator('h1').textContent()).toBe('Your account');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('main').textContent()).toContain('Signed in as Rhian Jones');
    expect(await page.locator('#missed-reports').textContent()).toContain('You have not reported a missed collection');

    // Report a missed collection: the form already holds the name and email the provider gave.
    await page.goto(`${base()}/property/${home.uprn}/report`);
    expect(await page.getByLabel('Full name').inputValue()).toBe('Rhian Jones');
    expect((await page.getByLabel('Email address').inputValue()).toLowerCase()).toBe(EMAIL);
    await page.getByRole('radio', { name: home.service.name }).check();
    await page.getByRole('button', { name: 'Send report' }).click();
    await page.waitForURL(/\/sent$/);
    const reportReference = (await page.locator('#report-reference').textContent())!.trim();
    expect(reportReference).toMatch(/^KB-\d{2}-\d{6}$/);

    // Your account: the report, the bin request and the alert, each linking on.
    await page.goto(`${base()}/account`);
    const section = (id: string) => page.locator(`#${id}`);
    expect(await section('missed-reports').locator(`a[href="/reports/${reportReference}"]`).textContent()).toContain(home.address);
    expect(await section('missed-reports').textContent()).toContain(home.service.name);
    expect(await section('requests').locator(`a[href="/requests/${binReference}"]`).count()).toBe(1);
    expect(await section('requests').textContent()).toContain(home.address);
    expect(await section('alerts').locator(`a[href="/property/${home.uprn}"]`).textContent()).toBe(home.address);
    await axeAtBothWidths(page, 'account (English)', failures);

    // The switch to Cymraeg keeps the page, and the same three things are there in Welsh.
    await page.locator('.kb-language-switch').getByRole('link', { name: 'Cymraeg' }).click();
    await page.waitForURL((u) => u.pathname === '/account' && u.searchParams.get('lang') === 'cy');
    expect(await page.getAttribute('html', 'lang')).toBe('cy');
    expect(await page.locator('h1').textContent()).toBe('Eich cyfrif');
    expect(await page.locator('#account-missed-reports').textContent()).toBe('Casgliadau a fethwyd y rhoesoch wybod amdanynt');
    expect(await section('missed-reports').locator(`a[href="/reports/${reportReference}"]`).count()).toBe(1);
    expect(await section('requests').locator(`a[href="/requests/${binReference}"]`).count()).toBe(1);
    expect(await section('alerts').locator(`a[href="/property/${home.uprn}"]`).count()).toBe(1);
    await axeAtBothWidths(page, 'account (Cymraeg)', failures);
    // Remembered: Your account again, with no ?lang, is still in Welsh.
    await page.goto(`${base()}/account`);
    expect(await page.locator('h1').textContent()).toBe('Eich cyfrif');

    expect(failures).toEqual([]);
    expect(log.blocked).toEqual([]);
    await context.close();
  }, 180_000);
});
