/**
 * The crew app in Welsh, in a phone-sized Chromium against the real server: a crew of Cyngor Demo
 * (Welsh first) signs in on the English shell, the app follows the council into Welsh, every
 * crew text on the way is Welsh (from the catalogue embedded in the shell), an outcome is recorded
 * and reaches the server; the switch takes the app back to English. axe-core checks each view.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromiumPath, isolatedContext, launchBrowser, ROOT, seriousAxeViolations, startServer, type RunningServer } from './support.ts';

/** A working Tuesday in the future (the session cookie's expiry is computed from the fixed clock). */
const NOW = '2027-09-07T07:30:00+01:00';
const TODAY = '2027-09-07';
const EMAIL = 'criw@demo-cymru.test';
const PASSWORD = 'crew password for tests';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

const executablePath = chromiumPath();
let server: RunningServer | undefined;
let browser: Browser | undefined;
let dataDir: string | undefined;

beforeAll(async () => {
  if (!executablePath) return;
  dataDir = mkdtempSync(join(tmpdir(), 'kerbside-crew-cy-e2e-'));
  const prepare = Bun.spawn([process.execPath, 'test/support/prepare-e2e-db.ts', dataDir, NOW, `${EMAIL}:crew:demo-cymru`], {
    cwd: ROOT,
    env: { ...process.env, KERBSIDE_E2E_PASSWORD: PASSWORD, DATABASE_URL: '' },
    stdout: 'inherit',
    stderr: 'inherit',
  });
  if ((await prepare.exited) !== 0) throw new Error('preparing the e2e database failed');
  server = await startServer({ KERBSIDE_DATA_DIR: dataDir, KERBSIDE_NOW: NOW });
  browser = await launchBrowser(executablePath);
}, 180_000);

afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

async function expectAccessible(page: Page, view: string) {
  const violations = await seriousAxeViolations(page);
  if (violations.length) console.error(view, JSON.stringify(violations, null, 2));
  expect(violations).toEqual([]);
}

(executablePath ? test : test.skip)('a Welsh council crew works in Welsh: the app follows the council and records an outcome', async () => {
  const { context } = await isolatedContext(browser!, PHONE);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  try {
    // Nobody has chosen a language: the shell is the deployment's default, English, with the switch.
    await page.goto(`${server!.base}/crew/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByLabel('Email address').fill(EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // Signed in as Cyngor Demo's crew: the app is now in Welsh.
    await page.getByRole('heading', { name: 'Dewiswch rownd' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('cy');
    expect(await page.locator('#signed-in-as').textContent()).toBe(`Wedi mewngofnodi fel ${EMAIL}`);
    await page.locator('#round-list a').first().waitFor();
    expect(await page.getByLabel('Dyddiad casglu').inputValue()).toBe(TODAY);
    expect(await page.locator('#pick-message').textContent()).toMatch(/rownd ar Dydd Mawrth/);
    await expectAccessible(page, 'dewis rownd');

    const day = (await (await context.request.get(`${server!.base}/api/v1/crew/rounds?date=${TODAY}`)).json()) as {
      rounds: Array<{ id: string; name: string; stops: number }>;
    };
    const round = [...day.rounds].sort((a, b) => b.stops - a.stops)[0];
    await page.getByRole('link', { name: new RegExp(`^${round.name}\\b`) }).click();
    await page.getByRole('heading', { name: /^Eiddo nesaf 1 / }).waitFor();
    expect(await page.locator('#run-status').textContent()).toMatch(/^0 o \d+ eiddo wedi'u gwneud · Rownd heb ddechrau$/);
    await expectAccessible(page, 'rownd');

    await page.getByRole('button', { name: "Dechrau'r rownd" }).click();
    await page.locator('#run-status', { hasText: 'Rownd ar y gweill' }).waitFor();
    await page.getByRole('button', { name: 'Wedi casglu', exact: true }).click();
    await page.locator('#undo-text', { hasText: 'Wedi casglu:' }).waitFor();
    await page.locator('#queue', { hasText: "Pob canlyniad wedi'i anfon" }).waitFor({ timeout: 60_000 });
    expect(await page.locator('#stop-title').textContent()).toMatch(/^Eiddo nesaf 2 /);

    const sheet = (await (await context.request.get(`${server!.base}/api/v1/crew/rounds/${round.id}/${TODAY}`)).json()) as {
      stops: Array<{ outcomes: Array<{ outcome: string }> }>;
    };
    expect(sheet.stops.flatMap((s) => s.outcomes.map((o) => o.outcome))).toEqual(['collected']);

    // The switch: English, and it stays (the cookie) across a reload.
    await page.getByRole('link', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Choose a round' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.reload();
    await page.getByRole('heading', { name: 'Choose a round' }).waitFor();
    expect(pageErrors).toEqual([]);
  } finally {
    await context.close();
  }
}, 240_000);
