/**
 * Screenshots of every resident page, desktop (1280 px) and phone (360 px), into docs/screenshots/.
 * Run: `bun test/e2e/screenshots.ts` (starts its own server on the demo data at the e2e clock).
 * Not a test: it writes files, so it runs only when asked.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { demoFacts, residentPages } from './pages.ts';
import { chromiumPath, isolatedContext, launchBrowser, ROOT, startServer } from './support.ts';

const OUT = join(ROOT, 'docs/screenshots');
/** Long pages are cut here: the top of a page is what a screenshot is for, and the files stay small. */
const MAX_HEIGHT = { desktop: 2200, phone: 3200 };

const executablePath = chromiumPath();
if (!executablePath) process.exit(process.env.KERBSIDE_REQUIRE_BROWSER === '1' ? 1 : 0);

const server = await startServer();
const browser = await launchBrowser(executablePath);
try {
  await mkdir(OUT, { recursive: true });
  const facts = await demoFacts(server.base);
  const pages = residentPages(facts, facts.reportable[0]);
  // The report form with its errors showing, as a resident sees it after sending it empty.
  pages.push({ name: 'report-errors', path: `/property/${facts.reportable[0].uprn}/report`, title: /Report/ });
  for (const [device, width] of [['desktop', 1280], ['phone', 360]] as const) {
    const { context } = await isolatedContext(browser, { viewport: { width, height: 800 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    for (const p of pages) {
      await page.goto(`${server.base}${p.path}`);
      if (p.name === 'report-errors') {
        await page.getByLabel('Full name').fill('Sam Resident');
        await page.getByRole('button', { name: 'Send report' }).click();
      }
      await page.waitForLoadState('networkidle');
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      const file = join(OUT, `${p.name}-${device}.png`);
      await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width, height: Math.min(height, MAX_HEIGHT[device]) } });
      console.log(`wrote ${file}`);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
