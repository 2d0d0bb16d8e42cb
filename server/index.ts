/** Entry point: config, open db, migrate, seed demo if empty, serve. */
import { createApp } from './app.ts';
import { prepareCrewAssets } from './routes/crew/assets.ts';
import { prepareStaticAssets } from './routes/pages/static.ts';
import { loadConfig } from './config.ts';
import { clockFor, openConfiguredDatabase } from './runtime.ts';
import { seedDemoIfEmpty } from './seed/demo.ts';
import { senderFor } from './services/mailer.ts';
import { startOutboxDelivery } from './services/outbox.ts';

const config = loadConfig();
const clock = clockFor(config);
const database = await openConfiguredDatabase(config);
const seeded = config.demo ? await seedDemoIfEmpty({ db: database.db, clock }) : undefined;

const app = createApp({ db: database.db, clock, config, dbKind: database.kind });
// The socket address goes to the app as `env.requestIP` (rate limits per client IP).
// Every static file is built and content-hashed once, before the first visitor.
await Promise.all([prepareStaticAssets(), prepareCrewAssets()]);
const server = Bun.serve({ port: config.port, fetch: (req, srv) => app.fetch(req, { requestIP: srv.requestIP(req) }) });
// Deliver queued emails (report confirmations and updates) in the background, retrying failures.
const stopOutbox = startOutboxDelivery({ db: database.db, clock }, senderFor(config), { publicUrl: config.publicUrl });
const base = `http://localhost:${server.port}`;

console.log(`Kerbside on ${base} (${database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'})`);
if (config.now) console.log(`Clock fixed at ${config.now}`);
if (seeded) {
  console.log('Demo council ready:');
  for (const [label, path] of seeded.links) console.log(`  ${label.padEnd(28)} ${base}${path}`);
  console.log('Demo sign-ins (at /login; customers land on /business):');
  for (const u of seeded.signIns) console.log(`  ${u.role.padEnd(28)} ${u.email} / ${u.password}`);
}

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  stopOutbox();
  server.stop(true);
  await database.close();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
