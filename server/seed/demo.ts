/**
 * Seeds "Demo Borough Council" into an empty database (no council at all), so `npm start` on a
 * fresh machine shows a working council. Skipped when KERBSIDE_DEMO=off (server/index.ts).
 */
import { count } from 'drizzle-orm';
import { councils } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { ensureBankHolidays } from '../services/bank-holidays.ts';
import { importBundle, type ImportReport } from '../services/import.ts';
import { demoBundle, demoShowcaseUprn } from './demo-bundle.ts';

export interface DemoSeed {
  /** [label, path] pairs for the server to print after its base URL. */
  links: Array<[string, string]>;
  report: ImportReport;
  /** The showcase property: a home whose collections move at Christmas 2026. */
  uprn: string;
}

/** Seeds "Demo Borough Council" when the database holds no council. Returns links to print, or undefined. */
export async function seedDemoIfEmpty(ctx: ServiceContext): Promise<DemoSeed | undefined> {
  const [{ n }] = await ctx.db.select({ n: count() }).from(councils);
  if (n > 0) return undefined;
  await ensureBankHolidays(ctx);
  const bundle = demoBundle();
  const report = await importBundle(ctx, bundle);
  const uprn = demoShowcaseUprn(bundle);
  return { links: demoLinks(uprn), report, uprn };
}

export function demoLinks(uprn: string): Array<[string, string]> {
  return [
    ['Find your bin day', '/'],
    ['A demo property', `/property/${uprn}`],
    ['Its JSON', `/api/v1/properties/${uprn}`],
    ['Its calendar', `/calendars/properties/${uprn}.ics`],
    ['API documentation', '/api/docs'],
    ['Crew app', '/crew'],
    ['Council officers', '/officer'],
  ];
}
