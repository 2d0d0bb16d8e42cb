/**
 * The sandbox payment page in Chromium: pay with GOV.UK Pay's success card; decline, then retry on
 * the same page; cancel, then "Try again" from Kerbside's page. Each page axe-clean at 1280 and 360 px
 * with no sideways scrolling. The app runs in this process (Bun.serve over createApp, PGlite) so the
 * test can register its own tiny request kind (test/api/requests-setup.ts) without the real kinds.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Browser, Page } from 'playwright-core';
import { createApp } from '../../server/app.ts';
import { fixedClock } from '../../server/clock.ts';
import { testConfig } from '../../server/config.ts';
import { prepareStaticAssets } from '../../server/routes/pages/static.ts';
import { paymentsFor } from '../../server/services/payments/index.ts';
import { addUser } from '../../server/services/auth.ts';
import type { Database } from '../../db/client.ts';
import { openTestDatabase } from '../support/db.ts';
import { seedCouncils, WEDNESDAY } from '../api/reports-setup.ts';
import { councilId, makeRequest } from '../api/requests-setup.ts';
import { chromiumPath, freePort, isolatedContext, launchBrowser, scrollsSideways, seriousAxeViolations } from './support.ts';

const executablePath = chromiumPath();
let database: Database;
let browser: Browser | undefined;
let server: ReturnType<typeof Bun.serve> | undefined;
let base = '';
let ctx: any;
let council: number;

beforeAll(async () => {
  if (!executablePath) return;
  database = await openTestDatabase();
  await seedCouncils(database);
  council = await councilId(database);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const deps = { db: database.db, clock: fixedClock(WEDNESDAY), config: testConfig({ publicUrl: base, rateLimitPerMinute: 0 }), dbKind: database.kind };
  await prepareStaticAssets();
  const app = createApp(deps);
  server = Bun.serve({ port, fetch: (req, srv) => app.fetch(req, { requestIP: srv.requestIP(req) }) });
  ctx = { db: database.db, clock: deps.clock, payments: paymentsFor(deps) };
  browser = await launchBrowser(executablePath);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  server?.stop(true);
  await database?.close();
});

const year = String(new Date().getUTCFullYear() + 2);

async function fillCard(page: Page, cardNumber: string) {
  await page.getByLabel('Card number').fill(cardNumber);
  await page.getByLabel('Month').fill('12');
  await page.getByLabel('Year').fill(year);
  await page.getByLabel('Name on card').fill('Ada Resident');
  await page.getByLabel('Card security code').fill('123');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForLoadState('load');
}

async function checkPage(page: Page, name: string, failures: string[]) {
  const url = page.url();
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 800 });
    const violations = await seriousAxeViolations(page);
    if (violations.length) failures.push(`${name} at ${width}px (${url}): ${JSON.stringify(violations, null, 1)}`);
    if (await scrollsSideways(page)) failures.push(`${name} scrolls sideways at ${width}px`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe.skipIf(!executablePath)('sandbox payments in a browser', () => {
  test('the success card: back to Kerbside’s confirmation with the reference', async () => {
    const { request, payment } = await makeRequest(ctx, { councilId: council });
    const { context } = await isolatedContext(browser!);
    const page = await context.newPage();
    const failures: string[] = [];
    await page.goto(payment.nextUrl!);
    expect(await page.locator('h1').textContent()).toBe('Enter card details');
    await checkPage(page, 'card page', failures);
    await fillCard(page, '4444333322221111');
    await page.waitForURL(`${base}/requests/${request.reference}`);
    expect(await page.locator('.govuk-panel__title').textContent()).toBe('Request confirmed');
    expect(await page.locator('#request-reference').textContent()).toBe(request.reference);
    await checkPage(page, 'confirmation', failures);
    expect(failures).toEqual([]);
    await context.close();
  }, 120_000);

  test('declined: the error on the same page, nothing active; then the success card on that page', async () => {
    const { request, payment } = await makeRequest(ctx, { councilId: council });
    const { context } = await isolatedContext(browser!);
    const page = await context.newPage();
    const failures: string[] = [];
    await page.goto(payment.nextUrl!);
    await fillCard(page, '4000000000000002');
    expect(page.url()).toBe(payment.nextUrl!);
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Your payment was declined');
    expect(await page.title()).toMatch(/^Error: /);
    await checkPage(page, 'card page with a decline', failures);
    const view = await (await fetch(`${base}/api/v1/container-requests/${request.reference}`)).json();
    expect(view.status).toBe('pending_payment');
    await fillCard(page, '4444333322221111');
    await page.waitForURL(`${base}/requests/${request.reference}`);
    expect(await page.locator('.govuk-panel__title').textContent()).toBe('Request confirmed');
    expect(failures).toEqual([]);
    await context.close();
  }, 120_000);

  test('cancelled on the card page: Kerbside offers "Try again", which leads to a new payment that succeeds (Welsh too)', async () => {
    const { request, payment } = await makeRequest(ctx, { councilId: council });
    const { context } = await isolatedContext(browser!);
    const page = await context.newPage();
    const failures: string[] = [];
    await page.goto(payment.nextUrl!);
    await page.getByRole('button', { name: 'Cancel payment' }).click();
    await page.waitForURL(`${base}/requests/${request.reference}`);
    expect(await page.locator('.govuk-warning-text').textContent()).toContain('did not go through');
    await checkPage(page, 'request page after a failed payment', failures);
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.waitForURL(/\/pay\//);
    expect(page.url()).not.toBe(payment.nextUrl!);
    await page.goto(`${page.url()}?lang=cy`);
    expect(await page.locator('h1').textContent()).toBe('Rhowch fanylion y cerdyn');
    await checkPage(page, 'Welsh card page', failures);
    await page.getByLabel('Rhif y cerdyn').fill('4444333322221111');
    await page.getByLabel('Mis').fill('12');
    await page.getByLabel('Blwyddyn').fill(year);
    await page.getByLabel('Enw ar y cerdyn').fill('Ada');
    await page.getByLabel('Cod diogelwch y cerdyn').fill('123');
    await page.getByRole('button', { name: 'Parhau' }).click();
    await page.waitForURL(`${base}/requests/${request.reference}`);
    expect(await page.locator('#request-reference').textContent()).toBe(request.reference);
    expect(failures).toEqual([]);
    await context.close();
  }, 120_000);

  test('officer pages: the list (filtered) and a request’s details are axe-clean at 1280 and 360 px', async () => {
    const { request } = await makeRequest(ctx, { councilId: council });
    await addUser(ctx, { councilSlug: 'testshire', email: 'officer@testshire.example', password: 'a long password', role: 'officer' });
    const { context } = await isolatedContext(browser!);
    const page = await context.newPage();
    const failures: string[] = [];
    await page.goto(`${base}/login`);
    await page.getByLabel('Email address').fill('officer@testshire.example');
    await page.getByLabel('Password').fill('a long password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState('load');
    await page.goto(`${base}/officer/requests?status=pending_payment`);
    expect(await page.locator('#requests').textContent()).toContain(request.reference);
    await checkPage(page, 'officer list', failures);
    await page.getByRole('link', { name: request.reference }).click();
    await page.waitForURL(`${base}/officer/requests/${request.reference}`);
    await checkPage(page, 'officer detail', failures);
    await page.getByRole('button', { name: 'Cancel request' }).click();
    await page.waitForURL(/done=cancelled/);
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('Request cancelled.');
    await checkPage(page, 'officer detail after cancelling', failures);
    expect(failures).toEqual([]);
    await context.close();
  }, 120_000);
});
