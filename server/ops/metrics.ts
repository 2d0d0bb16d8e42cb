/**
 * Prometheus metrics (prom-client). One registry per app instance: tests build many apps, and
 * each must count only its own requests. `route` is always a route template or a fixed word,
 * never a raw path, so the number of series stays bounded whatever clients send.
 */
import { sql } from 'drizzle-orm';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AppDeps } from '../context.ts';

export interface Metrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  duration: Histogram<'method' | 'route' | 'status'>;
  jobRuns: Counter<'job' | 'outcome'>;
}

const rowsOf = (result: unknown): any[] => ((result as any).rows ?? result) as any[];

/** Builds the registry; `processMetrics` adds prom-client's process/runtime metrics (the server only). */
export function createMetrics(options: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status'] as const;
  return {
    registry,
    requests: new Counter({ name: 'http_requests_total', help: 'HTTP requests answered, by route template and status', labelNames, registers: [registry] }),
    duration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route template and status',
      labelNames,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    jobRuns: new Counter({
      name: 'kerbside_job_runs_total',
      help: 'Scheduled job runs by outcome: ok, failed, or skipped (another instance held the lease)',
      labelNames: ['job', 'outcome'],
      registers: [registry],
    }),
  };
}

/** Gauges read from the database at scrape time (so every instance reports the shared truth). */
export function registerDatabaseGauges(metrics: Metrics, deps: Pick<AppDeps, 'db' | 'clock' | 'dbKind'>, poolMax?: number) {
  const { registry } = metrics;
  const up = new Gauge({ name: 'kerbside_db_up', help: '1 when the database answered the scrape-time ping, else 0', registers: [registry] });
  const ping = new Gauge({ name: 'kerbside_db_ping_seconds', help: 'Round trip of the scrape-time database ping', registers: [registry] });
  new Gauge({
    name: 'kerbside_db_pool_max',
    help: 'Configured maximum connections in this instance\'s pool (1 for embedded PGlite)',
    registers: [registry],
    collect() {
      this.set(deps.dbKind === 'postgres' ? (poolMax ?? 10) : 1);
    },
  });
  const connections = new Gauge({
    name: 'kerbside_db_connections',
    help: 'Connections from Kerbside instances (application_name kerbside) by state, from pg_stat_activity',
    labelNames: ['state'],
    registers: [registry],
  });
  const depth = new Gauge({ name: 'kerbside_outbox_depth', help: 'Outbox messages not yet sent', registers: [registry] });
  const failing = new Gauge({ name: 'kerbside_outbox_failing', help: 'Unsent outbox messages with at least one failed attempt', registers: [registry] });
  const age = new Gauge({ name: 'kerbside_outbox_oldest_unsent_age_seconds', help: 'Age of the oldest unsent outbox message (0 when empty)', registers: [registry] });

  const scrapeErrors = new Gauge({ name: 'kerbside_metrics_db_read_failed', help: '1 when the last scrape could not read the database gauges', registers: [registry] });

  // Read before the registry renders (prom-client collects gauges concurrently, so one gauge's
  // collect() cannot feed another): one ping and one outbox query per scrape.
  return async function refresh() {
    const started = performance.now();
    try {
      await deps.db.execute(sql`select 1`);
      ping.set((performance.now() - started) / 1000);
      up.set(1);
      const [row] = rowsOf(
        await deps.db.execute(
          sql`select count(*) as depth, count(*) filter (where attempts > 0) as failing, min(created_at) as oldest from outbox where sent_at is null`,
        ),
      );
      depth.set(Number(row?.depth ?? 0));
      failing.set(Number(row?.failing ?? 0));
      const oldest = row?.oldest ? new Date(row.oldest).getTime() : undefined;
      age.set(oldest ? Math.max(0, (deps.clock.now().getTime() - oldest) / 1000) : 0);
      if (deps.dbKind === 'postgres') {
        connections.reset();
        for (const r of rowsOf(
          await deps.db.execute(
            sql`select coalesce(state, 'unknown') as state, count(*) as n from pg_stat_activity where application_name = 'kerbside' group by 1`,
          ),
        ))
          connections.set({ state: String(r.state) }, Number(r.n));
      }
      scrapeErrors.set(0);
    } catch {
      up.set(0);
      scrapeErrors.set(1);
    }
  };
}
