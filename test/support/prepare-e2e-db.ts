/**
 * Prepares an embedded database directory for a browser test, before the server opens it (PGlite
 * allows one process per directory): migrate, seed the demo council, add sign-ins.
 *
 *   bun test/support/prepare-e2e-db.ts <dataDir> <now-iso> <email:role[:council]> [<email:role[:council]> …]
 *
 * The council is `demo` unless named (`demo-cymru` is the Welsh one).
 *
 * Every user gets the password in KERBSIDE_E2E_PASSWORD.
 *
 * KERBSIDE_E2E_COUNCILS (optional) sets a council's languages and OpenID Connect providers before the
 * server starts, as a bundle's `council.languages` / `council.oidc` would: JSON such as
 * `{"demo":{"languages":["en","cy"],"oidc":[{…provider…}]}}` (the test's own provider, on its port).
 */
import { eq } from 'drizzle-orm';
import { openDatabase } from '../../db/client.ts';
import { councils } from '../../db/schema/index.ts';
import type { OidcProviderConfig } from '../../db/schema/councils.ts';
import { fixedClock } from '../../server/clock.ts';
import { seedDemoIfEmpty } from '../../server/seed/demo.ts';
import { addUser, type Role } from '../../server/services/auth.ts';

const [dataDir, now, ...users] = process.argv.slice(2);
const password = process.env.KERBSIDE_E2E_PASSWORD;
if (!dataDir || !now || !password) {
  console.error('usage: KERBSIDE_E2E_PASSWORD=… bun test/support/prepare-e2e-db.ts <dataDir> <now-iso> <email:role>…');
  process.exit(2);
}
const database = await openDatabase({ dataDir });
try {
  await database.migrate();
  const ctx = { db: database.db, clock: fixedClock(now) };
  await seedDemoIfEmpty(ctx);
  for (const spec of users) {
    const [email, role, council = 'demo'] = spec.split(':');
    await addUser(ctx, { councilSlug: council, email, password, role: role as Role });
  }
  const patches = JSON.parse(process.env.KERBSIDE_E2E_COUNCILS || '{}') as Record<string, { languages?: Array<'en' | 'cy'>; oidc?: OidcProviderConfig[] }>;
  for (const [slug, { languages, oidc }] of Object.entries(patches)) {
    const set = { ...(languages ? { languages } : {}), ...(oidc ? { oidc } : {}) };
    const updated = await database.db.update(councils).set(set).where(eq(councils.slug, slug)).returning({ id: councils.id });
    if (!updated.length) throw new Error(`KERBSIDE_E2E_COUNCILS: no council "${slug}"`);
  }
} finally {
  await database.close();
}
