/**
 * Mobile Lighthouse (accessibility and performance) on every kind of page, against the demo server
 * with a fixed clock, in Debian's Chromium (never a downloaded browser). Not part of `npm test`:
 *
 *   bun test/e2e/lighthouse.ts            # all pages
 *   bun test/e2e/lighthouse.ts crew       # pages whose name contains "crew"
 *
 * Signed-in pages get the session cookie through Lighthouse's extra headers (every request carries
 * it, the way a signed-in browser's would). Prints one line per page, and the failing audits.
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { demoShowcaseUprn } from '../../server/seed/demo-bundle.ts';
import { DEMO_SIGN_INS } from '../../server/seed/demo.ts';
import { chromiumPath, E2E_NOW, startServer } from './support.ts';

const only = process.argv[2];
const executable = chromiumPath();
if (!executable) process.exit(1);

const server = await startServer({ KERBSIDE_NOW: process.env.KERBSIDE_NOW ?? E2E_NOW });
const base = server.base;

async function cookieFor(role: string): Promise<string> {
  const who = DEMO_SIGN_INS.find((s) => s.role === role)!;
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email: who.email, password: who.password }),
  });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  if (res.status !== 204 || !cookie) throw new Error(`signing in as ${role} failed: ${res.status}`);
  return cookie;
}

const chrome = await chromeLauncher.launch({
  chromePath: executable,
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run'],
});

try {
  const uprn = demoShowcaseUprn();
  const property = (await (await fetch(`${base}/api/v1/properties/${uprn}`)).json()) as { postcode: string };
  const officer = await cookieFor('officer');
  const crew = await cookieFor('crew');
  const customer = await cookieFor('customer');
  const day = (await (await fetch(`${base}/api/v1/crew/rounds`, { headers: { cookie: crew } })).json()) as { date: string; rounds: Array<{ id: string; stops: number }> };
  const round = [...day.rounds].sort((a, b) => b.stops - a.stops)[0];

  const pages: Array<{ name: string; path: string; cookie?: string }> = [
    { name: 'find', path: '/' },
    { name: 'addresses', path: `/addresses?postcode=${encodeURIComponent(property.postcode)}` },
    { name: 'property', path: `/property/${uprn}` },
    { name: 'report form', path: `/property/${uprn}/report` },
    { name: 'track', path: '/reports' },
    { name: 'login', path: '/login' },
    { name: 'officer', path: '/officer', cookie: officer },
    { name: `crew round (${round?.stops ?? 0} stops)`, path: round ? `/crew/#/round/${encodeURIComponent(round.id)}/${day.date}` : '/crew/', cookie: crew },
    { name: 'business', path: '/business', cookie: customer },
    // Pages later issues added: Welsh, resident requests, alerts, the officer's other areas.
    { name: 'property, Welsh', path: `/property/${uprn}?lang=cy` },
    { name: 'garden waste', path: '/garden-waste' },
    { name: 'bulky waste', path: '/bulky-waste' },
    { name: 'bin request', path: `/property/${uprn}/bins/request` },
    ...['changes', 'rounds', 'properties', 'data', 'reports', 'requests', 'deliveries', 'insight', 'commercial', 'webhooks', 'audit']
      .map((area) => ({ name: `officer ${area}`, path: `/officer/${area}`, cookie: officer })),
  ];

  console.log(`${'page'.padEnd(28)} a11y  perf  CLS     TBT(ms)  LCP(ms)`);
  for (const page of pages) {
    if (only && !page.name.includes(only)) continue;
    const result = await lighthouse(
      `${base}${page.path}`,
      {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['accessibility', 'performance'],
        extraHeaders: page.cookie ? { Cookie: page.cookie } : undefined,
      },
    );
    const lhr = result!.lhr;
    const score = (k: string) => String(Math.round((lhr.categories[k]?.score ?? 0) * 100)).padStart(4);
    const num = (id: string, digits = 0) => (lhr.audits[id]?.numericValue ?? NaN).toFixed(digits);
    console.log(`${page.name.padEnd(28)} ${score('accessibility')}  ${score('performance')}  ${num('cumulative-layout-shift', 3).padEnd(7)} ${num('total-blocking-time').padStart(7)}  ${num('largest-contentful-paint').padStart(7)}`);
    if (process.env.LH_DETAIL) for (const id of ['long-tasks', 'bootup-time', 'mainthread-work-breakdown']) {
      const items = ((lhr.audits[id]?.details as any)?.items ?? []) as any[];
      console.log(`    ${id}: ` + items.slice(0, 8).map((i) => `${String(i.url ?? i.groupLabel ?? '').replace(base, '')} ${Math.round(i.duration ?? i.total ?? 0)}ms${i.scripting ? ` (script ${Math.round(i.scripting)})` : ''}`).join(' | '));
    }
    for (const category of ['accessibility', 'performance']) {
      for (const ref of lhr.categories[category]?.auditRefs ?? []) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 0.9) console.log(`    ${category}: ${audit.id} (${audit.score}) ${audit.displayValue ?? ''}`);
      }
    }
  }
} finally {
  await chrome.kill();
  await server.stop();
}
