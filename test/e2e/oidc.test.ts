/**
 * Staff sign-in through a real OpenID Connect provider (the `oidc-provider` package on 127.0.0.1),
 * in Chromium against the real server: an officer from the allowed domain lands on /officer with
 * no Kerbside password; another domain is refused with a clear page and no session; a forged
 * callback is refused; sign-out passes through the provider's logout and back to /login.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Browser, Page } from 'playwright-core';
import { DEV_CLIENT_SECRET, startDevProvider } from '../support/oidc-dev-provider.ts';
import { chromiumPath, freePort, isolatedContext, launchBrowser, seriousAxeViolations, startServer, type RunningServer } from './support.ts';

const executablePath = chromiumPath();
let server: RunningServer | undefined;
let browser: Browser | undefined;
let op: ReturnType<typeof startDevProvider> | undefined;

beforeAll(async () => {
  if (!executablePath) return;
  const opPort = await freePort();
  server = await startServer({ KERBSIDE_DEMO_OIDC_ISSUER: `http://127.0.0.1:${opPort}`, KERBSIDE_DEMO_OIDC_SECRET: DEV_CLIENT_SECRET });
  op = startDevProvider({ port: opPort, kerbside: server.base });
  browser = await launchBrowser(executablePath);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await op?.stop();
  await server?.stop();
});

/** At the provider's development login and consent pages, as the person would. */
async function signInAtProvider(page: Page, login: string) {
  await page.goto(`${server!.base}/login`);
  await page.getByRole('button', { name: /Sign in with Demo identity provider/ }).click();
  await page.waitForURL((u) => u.origin === op!.issuer);
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', 'anything');
  await page.click('button[type="submit"]');
  await page.waitForLoadState('load');
  if (new URL(page.url()).origin === op!.issuer) {
    await page.click('button[type="submit"]'); // consent: "Continue"
  }
  await page.waitForURL((u) => u.origin === server!.base);
}

describe.skipIf(!executablePath)('OpenID Connect sign-in', () => {
  test('an officer from the allowed domain signs in with no password and lands on /officer; sign-out ends both sessions', async () => {
    const { context } = await isolatedContext(browser!);
    const page = await context.newPage();
    await page.goto(`${server!.base}/login`);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await signInAtProvider(page, 'ann@demo.kerbside.test');
    expect(new URL(page.url()).pathname).toBe('/officer');
    expect(await page.textContent('body')).toContain('ann@demo.kerbside.test');
    const me = await page.request.get(`${server!.base}/api/v1/auth/me`);
    expect(await me.json()).toMatchObject({ email: 'ann@demo.kerbside.test', role: 'officer' });

    await page.getByRole('button', { name: 'Sign out' }).click();
    // The provider asks whether to end its own session too (RP-initiated logout), then sends us back.
    await page.waitForURL((u) => u.origin === op!.issuer);
    await page.click('button[name="logout"][value="yes"]');
    await page.waitForURL((u) => u.origin === server!.base && u.pathname === '/login');
    expect((await page.request.get(`${server!.base}/api/v1/auth/me`)).status()).toBe(401);
    await context.close();
  }, 60_000);

  test('someone from another domain is refused with a clear page and no session', async () => {
    const { context } = await isolatedContext(browser!);
    const page = await context.newPage();
    await signInAtProvider(page, 'eve@example.com');
    expect(new URL(page.url()).pathname).toBe('/login/oidc/demo-idp/callback');
    const problem = await page.textContent('#sign-in-problem');
    expect(problem).toContain('not one this council signs in here');
    expect(await page.locator('input[name="password"]').count()).toBe(1);
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect((await page.request.get(`${server!.base}/api/v1/auth/me`)).status()).toBe(401);
    await context.close();
  }, 60_000);

  test('a forged callback is refused', async () => {
    const { context } = await isolatedContext(browser!);
    const page = await context.newPage();
    const res = await page.goto(`${server!.base}/login/oidc/demo-idp/callback?code=stolen&state=forged`);
    expect(res!.status()).toBe(400);
    expect(await page.textContent('#sign-in-problem')).toContain('expired or was already used');
    expect((await page.request.get(`${server!.base}/api/v1/auth/me`)).status()).toBe(401);
    await context.close();
  }, 60_000);
});
