/**
 * The resident journey in Welsh, in Chromium against the real server: Cyngor Demo (the Welsh-first
 * demo council) from the find page to the report page, every page in Welsh, axe-clean at 1280 and
 * 360 px; the switch to English keeps the page.
 */
import { describe, expect, test } from 'bun:test';
import { demoCymruBundle } from '../../server/seed/demo-cymru.ts';
import { browserSuite, isolatedContext, scrollsSideways, seriousAxeViolations } from './support.ts';

const suite = browserSuite();
const { executablePath } = suite;

describe.skipIf(!executablePath)('Cymraeg', () => {
  test('find → address → property → report, in Welsh, axe-clean at 1280 and 360 px; English on the switch', async () => {
    const home = demoCymruBundle().properties[0];
    for (const width of [1280, 360]) {
      const { context } = await isolatedContext(suite.browser!, { viewport: { width, height: 900 } });
      const page = await context.newPage();
      const check = async () => {
        expect(await page.getAttribute('html', 'lang')).toBe('cy');
        expect(await seriousAxeViolations(page)).toEqual([]);
        expect(await scrollsSideways(page)).toBe(false);
      };
      await page.goto(`${suite.server!.base}/?lang=cy`);
      expect(await page.textContent('h1, label.govuk-label--l')).toContain('Dod o hyd i');
      await check();
      await page.fill('#postcode', home.postcode);
      await page.getByRole('button', { name: 'Dod o hyd i gyfeiriad' }).click();
      await page.waitForURL(/\/addresses/);
      expect(await page.textContent('h1')).toBe('Dewiswch eich cyfeiriad');
      await check();
      await page.getByRole('link', { name: home.address, exact: true }).click();
      await page.waitForURL(/\/property\//);
      const body = await page.textContent('main');
      expect(body).toContain('Casgliad nesaf');
      expect(body).toContain('Sbwriel');
      expect(body).toMatch(/Bob (yn ail ddydd|dydd) (Llun|Mawrth|Mercher|Iau)/);
      await check();
      await page.getByRole('button', { name: 'Rhoi gwybod am gasgliad a fethwyd' }).click();
      await page.waitForURL(/\/report$/);
      expect(await page.textContent('h1')).toBe('Rhoi gwybod am gasgliad a fethwyd');
      await check();
      // The switch keeps the page.
      await page.getByRole('link', { name: 'English' }).click();
      await page.waitForURL(/lang=en/);
      expect(new URL(page.url()).pathname).toBe(`/property/${home.uprn}/report`);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await page.textContent('h1')).toBe('Report a missed collection');
      await context.close();
    }
  }, 240_000);
});
