/**
 * Seeds "Demo Borough Council" into an empty database (no council at all), so `npm start` on a
 * fresh machine shows a working council. Skipped when KERBSIDE_DEMO=off (server/index.ts).
 */
import { count } from 'drizzle-orm';
import { councils } from '../../db/schema/index.ts';
import type { ServiceContext, SessionUser } from '../context.ts';
import { addUser, type Role } from '../services/auth.ts';
import { ensureBankHolidays } from '../services/bank-holidays.ts';
import { importBundle, type ImportReport } from '../services/import.ts';
import { demoCymruBundle } from './demo-cymru.ts';
import { DEMO_CUSTOMER_ID, demoBundle, demoShowcaseUprn } from './demo-bundle.ts';
import { seedDemoDay, type DemoDay } from './demo-day.ts';

export interface DemoSeed {
  /** [label, path] pairs for the server to print after its base URL. */
  links: Array<[string, string]>;
  report: ImportReport;
  /** The showcase property: a home whose collections move at Christmas 2026. */
  uprn: string;
  /** Demo sign-ins, so a newcomer can try the crew app and the officer console. */
  signIns: Array<{ role: Role; email: string; password: string; customerId?: string }>;
  /** What the demo day at the seed's clock put on the board (server/seed/demo-day.ts). */
  day: DemoDay;
}

/**
 * Well-known passwords are acceptable here only because they exist solely in a freshly seeded demo
 * database; a council's real database is created by `import` and `user add`, never by this seed.
 */
export const DEMO_SIGN_INS: DemoSeed['signIns'] = [
  { role: 'officer', email: 'officer@demo.kerbside.test', password: 'demo-officer-password' },
  { role: 'admin', email: 'admin@demo.kerbside.test', password: 'demo-admin-password' },
  { role: 'crew', email: 'crew@demo.kerbside.test', password: 'demo-crew-password' },
  { role: 'customer', email: 'cafe@demo.kerbside.test', password: 'demo-customer-password', customerId: DEMO_CUSTOMER_ID },
];

/** Seeds "Demo Borough Council" when the database holds no council. Returns links to print, or undefined. */
export async function seedDemoIfEmpty(ctx: ServiceContext): Promise<DemoSeed | undefined> {
  const [{ n }] = await ctx.db.select({ n: count() }).from(councils);
  if (n > 0) return undefined;
  await ensureBankHolidays(ctx);
  const bundle = demoBundle();
  const report = await importBundle(ctx, bundle);
  const uprn = demoShowcaseUprn(bundle);
  const users = new Map<Role, SessionUser>();
  for (const u of DEMO_SIGN_INS) users.set(u.role, await addUser(ctx, { councilSlug: 'demo', ...u, name: `Demo ${u.role}` }));
  const day = await seedDemoDay(ctx, bundle, uprn, { crew: users.get('crew')!, officer: users.get('officer')! });
  // The Welsh-first council beside it, so the site can be tried in Welsh (server/seed/demo-cymru.ts).
  const cymru = demoCymruBundle();
  await importBundle(ctx, cymru);
  const links = demoLinks(uprn);
  links.push(['Yn Gymraeg: eiddo', `/property/${cymru.properties[0].uprn}?lang=cy`]);
  return { links, report, uprn, signIns: DEMO_SIGN_INS, day };
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
