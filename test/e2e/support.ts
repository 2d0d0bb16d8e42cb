/**
 * Browser-test plumbing: the real server (`bun server/index.ts`) as a child process on a free port with
 * an in-memory database, a fixed clock and the demo council; Debian's Chromium driven by playwright-core
 * (never a downloaded browser); every request that is not to the test server intercepted (map tiles get
 * a tiny PNG, everything else is aborted), so the tests need no network.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll } from 'bun:test';

export const ROOT = resolve(import.meta.dir, '../..');

/** Christmas week 2026: Friday 25 December's collections move, and the demo makes that visible. */
export const E2E_NOW = process.env.KERBSIDE_E2E_NOW ?? '2026-12-21T10:00:00Z';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The Chromium to drive, or undefined (with a loud message) when there is none. In CI
 * (`KERBSIDE_REQUIRE_BROWSER=1`) a missing browser is a failure, not a skip.
 */
export function chromiumPath(): string | undefined {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(path)) return path;
  const message = `Chromium not found at ${path}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`;
  if (process.env.KERBSIDE_REQUIRE_BROWSER === '1') throw new Error(`${message} KERBSIDE_REQUIRE_BROWSER=1, so the browser tests fail.`);
  console.warn(`\n${'!'.repeat(100)}\n!! BROWSER TESTS SKIPPED. ${message}\n${'!'.repeat(100)}\n`);
  return undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

export interface RunningServer {
  base: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts `bun server/index.ts` and waits for /health. Always `stop()` it in afterAll. */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const child = Bun.spawn([process.execPath, 'server/index.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: '', // always the embedded database: the demo seeds only an empty one
      KERBSIDE_DATA_DIR: 'memory://',
      KERBSIDE_NOW: E2E_NOW,
      KERBSIDE_DEMO: 'on',
      KERBSIDE_RATE_LIMIT: '0', // a fixed clock never ends a rate-limit window
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      TILE_URL: 'https://tiles.example.invalid/{z}/{x}/{y}.png',
      ...env,
    },
    stdout: 'pipe',
    stderr: 'pipe',
  });
  let log = '';
  const drain = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) log += decoder.decode(chunk);
  };
  void drain(child.stdout);
  void drain(child.stderr);

  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await child.exited;
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(`${base}/health`);
      if (res.ok) return { base, output: () => log, stop };
    } catch {
      // not listening yet
    }
    await Bun.sleep(200);
  }
  await stop();
  throw new Error(`the server did not become healthy:\n${log}`);
}

export const launchBrowser = (executablePath: string): Promise<Browser> =>
  chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });

/**
 * One real server (with the demo council) and one Chromium for a test file: call it at the top of
 * the file; both start before its tests and stop after them. `executablePath` is undefined when
 * there is no browser (the file's `describe.skipIf` then skips, except in CI).
 */
export function browserSuite(env: Record<string, string> = {}) {
  const suite: { executablePath?: string; server?: RunningServer; browser?: Browser } = { executablePath: chromiumPath() };
  beforeAll(async () => {
    if (!suite.executablePath) return;
    suite.server = await startServer(env);
    suite.browser = await launchBrowser(suite.executablePath);
  }, 120_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  return suite;
}

/** A 1×1 light grey PNG standing in for every map tile. */
export const TILE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR42mP4/fs3AAXGAuJ0YIS8AAAAAElFTkSuQmCC',
  'base64',
);

const isLoopback = (url: string) => {
  try {
    const { hostname } = new URL(url);
    return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
  } catch {
    return false;
  }
};

export interface InterceptLog {
  tiles: number;
  blocked: string[];
}

/** A browser context where only the test server is reachable; tiles are answered locally. */
export async function isolatedContext(browser: Browser, options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; log: InterceptLog }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const log: InterceptLog = { tiles: 0, blocked: [] };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || isLoopback(url)) return route.continue();
    if (/\/\d+\/\d+\/\d+\.png(\?.*)?$/.test(url)) {
      log.tiles++;
      return route.fulfill({ status: 200, contentType: 'image/png', body: TILE_PNG });
    }
    log.blocked.push(url);
    return route.abort();
  });
  return { context, log };
}

/** axe-core's serious and critical violations on the page (an empty list is a pass). */
export async function seriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
}

/** Whether the page scrolls sideways at its current viewport. */
export const scrollsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);

/**
 * axe (serious and critical) and sideways scrolling of the page as it is now, at 1280 and 360 px:
 * each problem is pushed to `failures` under `label`. Leaves the viewport at 1280 × 900.
 */
export async function axeAtBothWidths(page: Page, label: string, failures: string[]) {
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 800 });
    const violations = await seriousAxeViolations(page);
    if (violations.length) failures.push(`${label} at ${width}px: ${JSON.stringify(violations, null, 1)}`);
    if (await scrollsSideways(page)) failures.push(`${label} scrolls sideways at ${width}px`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/**
 * Presses Tab until `focused()` (run in the page, reading `document.activeElement`) is true, at most
 * `max` times: the keyboard-only tests reach every control this way, as a person would.
 */
export async function tabTo(page: Page, description: string, focused: () => boolean, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(focused)) return;
  }
  throw new Error(`could not reach ${description} with the Tab key`);
}

/** A property of the demo and one of its services that can be reported now (found through the public API). */
export interface ReportablePair {
  uprn: string;
  postcode: string;
  address: string;
  service: { id: string; name: string };
}

/** Up to `wanted` pairs in one postcode, each property used once (its first reportable service). */
export async function reportablePairs(base: string, postcode: string, wanted: number): Promise<ReportablePair[]> {
  const addresses = (await (await fetch(`${base}/api/v1/addresses?postcode=${encodeURIComponent(postcode)}`)).json()) as Array<{ uprn: string }>;
  const out: ReportablePair[] = [];
  for (const a of addresses) {
    const p = (await (await fetch(`${base}/api/v1/properties/${a.uprn}`)).json()) as {
      uprn: string; postcode: string; address: string; services: Array<{ id: string; name: string; reportable: boolean }>;
    };
    const s = p.services.find((x) => x.reportable);
    if (s) out.push({ uprn: String(p.uprn), postcode: p.postcode, address: p.address, service: { id: s.id, name: s.name } });
    if (out.length >= wanted) break;
  }
  return out;
}
