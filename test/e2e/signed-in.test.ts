/**
 * The signed-in header and the static files' caching, in Chromium against the real server: once
 * signed in, every page (public ones too) names who is signed in and offers "Sign out" instead of
 * "Staff sign in"; signing out ends the session (the officer console then asks for a sign-in). Every
 * stylesheet, script and image a page links is a content-hashed URL served as immutable for a year.
 */
import { describe, expect, test } from 'bun:test';
import { demoShowcaseUprn } from '../../server/seed/demo-bundle.ts';
import { DEMO_SIGN_INS } from '../../server/seed/demo.ts';
import { browserSuite, isolatedContext, scrollsSideways, seriousAxeViolations } from './support.ts';

const suite = browserSuite();
const { executablePath } = suite;

const officer = DEMO_SIGN_INS.find((u) => u.role === 'officer')!;
const IMMUTABLE = 'public, max-age=31536000, immutable';

describe.skipIf(!executablePath)('signed-in header and hashed assets', () => {
  test('the header names the officer on every page; Sign out ends the session', async () => {
    const base = suite.server!.base;
    const { context } = await isolatedContext(suite.browser!);
    const page = await context.newPage();
    await page.goto(`${base}/`);
    expect(await page.getByRole('link', { name: 'Staff sign in' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);

    await page.goto(`${base}/login`);
    await page.getByLabel('Email address').fill(officer.email);
    await page.getByLabel('Password').fill(officer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/officer$/);

    const failures: string[] = [];
    for (const path of ['/officer', '/', `/property/${demoShowcaseUprn()}`, '/reports']) {
      for (const width of [1280, 360]) {
        await page.setViewportSize({ width, height: 800 });
        await page.goto(`${base}${path}`);
        const header = (await page.locator('header').textContent()) ?? '';
        if (!header.includes(`Signed in as ${officer.email}`)) failures.push(`${path}: header says ${header}`);
        if (await page.getByRole('link', { name: 'Staff sign in' }).count()) failures.push(`${path}: still offers Staff sign in`);
        const violations = await seriousAxeViolations(page);
        if (violations.length) failures.push(`${path} at ${width}px: ${JSON.stringify(violations)}`);
        if (await scrollsSideways(page)) failures.push(`${path} scrolls sideways at ${width}px`);
      }
    }
    expect(failures).toEqual([]);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login$/);
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Staff sign in' }).count()).toBe(1);
    await page.goto(`${base}/officer`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  }, 180_000);

  test('every asset a page links is content-hashed and immutable', async () => {
    const base = suite.server!.base;
    const { context } = await isolatedContext(suite.browser!);
    const page = await context.newPage();
    const seen = new Map<string, { status: number; cache: string | null }>();
    page.on('response', (res) => {
      const url = new URL(res.url());
      if (url.pathname.startsWith('/static/') || url.pathname.startsWith('/crew/assets/')) {
        seen.set(url.pathname, { status: res.status(), cache: res.headers()['cache-control'] ?? null });
      }
    });
    await page.goto(`${base}/property/${demoShowcaseUprn()}`);
    await page.waitForSelector('#property-map .leaflet-marker-icon');
    await page.goto(`${base}/crew/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await context.close();

    const unbranded = [...seen.keys()].filter((p) => !p.startsWith('/static/brand/'));
    expect(unbranded.length).toBeGreaterThanOrEqual(8);
    for (const path of unbranded) {
      expect(path).toMatch(/\.[0-9a-f]{10}\.(css|js|png|svg)$/);
      expect(seen.get(path)).toEqual({ status: 200, cache: IMMUTABLE });
    }
    for (const kind of ['/static/govuk-frontend.', '/static/kerbside.', '/static/js/site.', '/static/js/map.', '/static/leaflet/leaflet.', '/static/leaflet/images/marker-icon', '/crew/assets/app.', '/crew/assets/crew.']) {
      expect(unbranded.some((p) => p.startsWith(kind))).toBe(true);
    }
  }, 120_000);
});
