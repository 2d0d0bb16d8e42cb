/**
 * The resident pages the browser tests and the screenshot script visit, with the demo data they need:
 * the demo's showcase home (its collections move at Christmas) and properties with a collection that
 * can be reported at the fixed test time.
 */
import { demoShowcaseUprn } from '../../server/seed/demo-bundle.ts';
import type { ReportablePair } from './support.ts';
import { reportablePairs } from './support.ts';

export interface DemoFacts {
  showcase: { uprn: string; postcode: string; address: string };
  /** (property, service) pairs that can be reported now, each property used once. */
  reportable: ReportablePair[];
  /** A report made through the page route before the tests, for the status pages. */
  reference: string;
}

/** Makes a report exactly as the no-JavaScript form does (a same-origin form post), returning its reference. */
export async function postReport(base: string, pair: ReportablePair): Promise<string> {
  const res = await fetch(`${base}/property/${pair.uprn}/report`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ service: pair.service.id, name: 'Pat Example', email: 'pat@example.org' }),
  });
  const location = res.headers.get('location') ?? '';
  const match = /\/reports\/(KB-\d{2}-\d+)\/sent$/.exec(location);
  if (res.status !== 303 || !match) throw new Error(`report was not made: ${res.status} ${location} ${await res.text()}`);
  return match[1];
}

export async function demoFacts(base: string): Promise<DemoFacts> {
  const uprn = demoShowcaseUprn();
  const p = (await (await fetch(`${base}/api/v1/properties/${uprn}`)).json()) as { postcode: string; address: string };
  const pairs = await reportablePairs(base, p.postcode, 6);
  if (pairs.length < 6) throw new Error(`the demo has only ${pairs.length} reportable homes in ${p.postcode} at this time`);
  const reference = await postReport(base, pairs.pop()!);
  return { showcase: { uprn, postcode: p.postcode, address: p.address }, reportable: pairs, reference };
}

/** Every resident page, for the axe, narrow-screen and screenshot passes. `pair` is a property nobody reports in that pass. */
export function residentPages(facts: DemoFacts, pair: ReportablePair): Array<{ name: string; path: string; title: RegExp }> {
  const pc = encodeURIComponent(facts.showcase.postcode);
  return [
    { name: 'find', path: '/', title: /^Find your bin collection day/ },
    { name: 'find-error', path: '/addresses?postcode=not+a+postcode', title: /^Error: Find your bin collection day/ },
    { name: 'addresses', path: `/addresses?postcode=${pc}`, title: /^Addresses in/ },
    { name: 'property', path: `/property/${facts.showcase.uprn}`, title: /Bin collections/ },
    { name: 'report', path: `/property/${pair.uprn}/report`, title: /^Report a missed collection/ },
    { name: 'confirmation', path: `/reports/${facts.reference}/sent`, title: /^Report sent/ },
    { name: 'report-status', path: `/reports/${facts.reference}`, title: /^Report KB-/ },
    { name: 'track', path: '/reports', title: /^Check on a missed collection report/ },
    { name: 'login', path: '/login', title: /^Sign in/ },
    { name: 'not-found', path: '/property/999999999999', title: /^Page not found/ },
  ];
}
