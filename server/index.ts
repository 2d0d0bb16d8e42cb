/** Entry point: config, open db, migrate, seed demo if empty, serve; drain and close on SIGTERM/SIGINT. */
import { createApp } from './app.ts';
import { prepareCrewAssets } from './routes/crew/assets.ts';
import { prepareStaticAssets } from './routes/pages/static.ts';
import { loadConfig } from './config.ts';
import { log, setLogLevel } from './ops/log.ts';
import { HEAP_RAM_ENV, heapRamBytes } from './ops/heap.ts';
import { createMetrics } from './ops/metrics.ts';
import { clockFor, openConfiguredDatabase } from './runtime.ts';
import { seedDemoIfEmpty } from './seed/demo.ts';
import { enableDemoProvider } from './seed/demo-oidc.ts';
import { startJobs } from './services/jobs/runner.ts';
import { outboxJob } from './services/jobs/outbox-job.ts';
import { webhookJob } from './services/jobs/webhook-job.ts';
import { httpTransport } from './services/webhooks/transport.ts';
import { paymentsFromConfig } from './services/payments/index.ts';
import { requestJobs } from './services/requests/jobs.ts';
import { alertsJob } from './services/jobs/alerts-job.ts';
import { senderFor } from './services/mailer.ts';
import { deliverOutbox } from './services/outbox.ts';

const config = loadConfig();
setLogLevel(config.log);
const clock = clockFor(config);
const database = await openConfiguredDatabase(config, 'server');
const seeded = config.demo ? await seedDemoIfEmpty({ db: database.db, clock }) : undefined;
if (config.demo && config.demoOidcIssuer) await enableDemoProvider({ db: database.db, clock }, config.demoOidcIssuer);

const metrics = createMetrics({ processMetrics: true });
const payments = paymentsFromConfig(database.db, config);
const app = createApp({ db: database.db, clock, config, dbKind: database.kind, metrics, poolMax: config.dbPool, payments });
// The socket address goes to the app as `env.requestIP` (rate limits per client IP).
// Every static file is built and content-hashed once, before the first visitor.
await Promise.all([prepareStaticAssets(), prepareCrewAssets()]);
const server = Bun.serve({ port: config.port, fetch: (req, srv) => app.fetch(req, { requestIP: srv.requestIP(req) }) });
// Scheduled jobs, each slot run by one instance only (server/services/jobs/runner.ts). Outbox
// delivery sends queued emails (report confirmations and updates), retrying failures.
const sender = senderFor(config);
const outboxCtx = { db: database.db, clock };
// Webhook delivery signs and posts queued events to council systems (docs/webhooks.md).
const jobs = startJobs(database.db, [
  outboxJob(outboxCtx, sender, { publicUrl: config.publicUrl }),
  webhookJob(outboxCtx, httpTransport(), { allowPrivate: config.webhookAllowPrivate, everyMs: 2000 }),
  // Request holds expire and unfinished payments are reconciled with the provider (server/services/requests/jobs.ts).
  ...requestJobs({ ...outboxCtx, payments }),
  // Residents' alerts (reminders the evening before, change alerts) are queued into the same outbox.
  alertsJob(outboxCtx, { mailto: config.unsubscribeMailto, everyMs: config.alertsIntervalSeconds * 1000 }),
], { metrics });
const base = `http://localhost:${server.port}`;

console.log(`Kerbside on ${base} (${database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'})`);
if (config.now) console.log(`Clock fixed at ${config.now}`);
// The heap setting can only come from the environment the process started with (server/ops/heap.ts).
const heap = heapRamBytes();
if (heap) log('info', 'heap sized for a small instance', { [HEAP_RAM_ENV]: heap });
else log('warn', `started without ${HEAP_RAM_ENV}: the heap is sized from the machine's RAM and may grow to several hundred MB (docs/deployment.md, "Memory")`);
if (seeded) {
  console.log('Demo council ready:');
  for (const [label, path] of seeded.links) console.log(`  ${label.padEnd(28)} ${base}${path}`);
  console.log('Demo sign-ins (at /login; customers land on /business):');
  for (const u of seeded.signIns) console.log(`  ${u.role.padEnd(28)} ${u.email} / ${u.password}`);
}

let stopping = false;
/**
 * Graceful stop: refuse new connections, let requests in flight finish (up to KERBSIDE_DRAIN_SECONDS),
 * stop the job timers, send what the outbox holds once more, close the database, exit 0.
 */
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log('info', 'shutting down', { signal, drainSeconds: config.drainSeconds });
  const drained = await Promise.race([
    Promise.resolve(server.stop(false)).then(() => true),
    Bun.sleep(config.drainSeconds * 1000).then(() => false),
  ]);
  if (!drained) log('warn', 'drain timed out; closing remaining connections');
  server.stop(true);
  await jobs.stop();
  try {
    const report = await deliverOutbox(outboxCtx, sender, { publicUrl: config.publicUrl });
    log('info', 'last outbox delivery', { ...report });
  } catch (err) {
    log('error', 'last outbox delivery failed', { error: err instanceof Error ? err.message : String(err) });
  }
  await database.close().catch(() => {});
  log('info', 'stopped', { signal });
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
