/** Entry point: config, open db, migrate, seed demo if empty, serve. */
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { clockFor, openConfiguredDatabase } from './runtime.ts';
import { seedDemoIfEmpty } from './seed/demo.ts';

const config = loadConfig();
const clock = clockFor(config);
const database = await openConfiguredDatabase(config);
const seeded = config.demo ? await seedDemoIfEmpty({ db: database.db, clock }) : undefined;

const app = createApp({ db: database.db, clock, config, dbKind: database.kind });
const server = Bun.serve({ port: config.port, fetch: app.fetch });
const base = `http://localhost:${server.port}`;

console.log(`Kerbside on ${base} (${database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'})`);
if (config.now) console.log(`Clock fixed at ${config.now}`);
if (seeded) {
  console.log('Demo council ready:');
  for (const [label, path] of seeded.links) console.log(`  ${label.padEnd(28)} ${base}${path}`);
}

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  server.stop(true);
  await database.close();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
