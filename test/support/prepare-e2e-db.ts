/**
 * Prepares an embedded database directory for a browser test, before the server opens it (PGlite
 * allows one process per directory): migrate, seed the demo council, add sign-ins.
 *
 *   bun test/support/prepare-e2e-db.ts <dataDir> <now-iso> <email:role[:council]> [<email:role[:council]> …]
 *
 * The council is `demo` unless named (`demo-cymru` is the Welsh one).
 *
 * Every user gets the password in KERBSIDE_E2E_PASSWORD.
 */
import { openDatabase } from '../../db/client.ts';
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
} finally {
  await database.close();
}
