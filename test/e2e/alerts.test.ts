/**
 * Email alerts in a real browser against the real server, mail through a real SMTP server the test
 * starts: subscribe from the property page (no JavaScript needed, but on here), confirm through the
 * link in the email, then the reminder arrives the evening before the collection. The server's
 * clock is fixed at 18:30 council time on the day before one of the demo property's collections.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Browser } from 'playwright-core';
import { addDays, instantAt } from '../../server/domain/dates.ts';
import { demoShowcaseUprn } from '../../server/seed/demo-bundle.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import { chromiumPath, E2E_NOW, isolatedContext, launchBrowser, seriousAxeViolations, startServer, type RunningServer } from './support.ts';

const executablePath = chromiumPath();
let smtp: TestSmtp | undefined;
let server: RunningServer | undefined;
let browser: Browser | undefined;
let uprn = '';
let collectionDate = '';

beforeAll(async () => {
  if (!executablePath) return;
  smtp = await startSmtp();
  // Find the showcase property's next collection day with a first server, then run the real one
  // with its clock at 18:30 the evening before.
  const probe = await startServer();
  try {
    uprn = demoShowcaseUprn();
    const p = (await (await fetch(`${probe.base}/api/v1/properties/${uprn}`)).json()) as { services: Array<{ next?: { date: string } | null }> };
    const today = E2E_NOW.slice(0, 10);
    collectionDate = p.services.map((s) => s.next?.date).filter((d): d is string => !!d && d > today).sort()[0];
  } finally {
    await probe.stop();
  }
  const evening = instantAt(addDays(collectionDate, -1), '18:30', 'Europe/London').toISOString();
  server = await startServer({ KERBSIDE_NOW: evening, SMTP_URL: smtp.url, KERBSIDE_ALERTS_INTERVAL_SECONDS: '1' });
  browser = await launchBrowser(executablePath);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

describe.skipIf(!executablePath && !process.env.CI)('email alerts', () => {
  test('subscribe on the property page, confirm from the email, and the reminder arrives the evening before', async () => {
    const { context } = await isolatedContext(browser!);
    const page = await context.newPage();
    await page.goto(`${server!.base}/property/${uprn}`);
    const form = page.locator('form[action="/alerts"]');
    await form.getByLabel('Email address').fill('resident@example.org');
    await form.getByLabel('Time of the reminder').selectOption('18:00');
    expect(await form.getByLabel('A reminder the evening before each collection').isChecked()).toBe(true);
    await form.getByRole('button', { name: 'Email me alerts' }).click();
    await page.waitForURL(/\/alerts\/sent$/);
    expect(await page.locator('h1').textContent()).toBe('Check your email');
    expect(await seriousAxeViolations(page)).toEqual([]);

    const [confirmation] = await smtp!.waitFor(1, 30_000);
    expect(confirmation.to).toEqual(['resident@example.org']);
    const link = confirmation.text.match(/https?:\/\/\S+\/alerts\/confirm\/[A-Za-z0-9_-]+/)![0];
    await page.goto(link);
    expect(await page.locator('h1').textContent()).toBe('Your email alerts are on');
    expect(await seriousAxeViolations(page)).toEqual([]);

    const mails = await smtp!.waitFor(2, 60_000);
    const reminder = mails.find((m) => m.subject.startsWith('Bins out tonight'))!;
    expect(reminder.to).toEqual(['resident@example.org']);
    expect(reminder.text).toContain(`/calendars/properties/${uprn}.ics`);
    expect(reminder.headers['list-unsubscribe']).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/alerts\/unsubscribe\/[A-Za-z0-9_-]+>$/);
    expect(reminder.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    await context.close();
  }, 120_000);
});
