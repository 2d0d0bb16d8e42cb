/**
 * Operations endpoints outside /api/v1: `/health` (the process and its database answer),
 * `/ready` (database answers and every committed migration is applied: take traffic), and
 * `/metrics` (Prometheus text; bearer token when KERBSIDE_METRICS_TOKEN is set).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.ts';
import { DomainError, unavailable } from '../errors.ts';
import { registerDatabaseGauges, type Metrics } from './metrics.ts';

const journalPath = fileURLToPath(new URL('../../db/migrations/meta/_journal.json', import.meta.url));
let newestMigration: number | undefined;
/** The `when` of the newest committed migration; drizzle records it as `created_at` once applied. */
function newestCommittedMigration(): number {
  if (newestMigration === undefined) {
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: Array<{ when: number }> };
    newestMigration = Math.max(0, ...journal.entries.map((e) => e.when));
  }
  return newestMigration;
}

const rowsOf = (result: unknown): any[] => ((result as any).rows ?? result) as any[];

/** Throws 503 unless the database answers and holds the newest committed migration. */
export async function checkReady(deps: Pick<AppDeps, 'db'>): Promise<void> {
  let applied: number;
  try {
    const [row] = rowsOf(await deps.db.execute(sql`select max(created_at) as newest from drizzle.__drizzle_migrations`));
    applied = Number(row?.newest ?? 0);
  } catch (err) {
    // 42P01/3F000: no migrations table or schema yet (a fresh database): not ready, not a 500.
    const code = (err as any)?.cause?.code ?? (err as any)?.code;
    if (code === '42P01' || code === '3F000') throw pending();
    throw err;
  }
  if (applied < newestCommittedMigration()) throw pending();
}

const pending = () => new DomainError('unavailable', 'Database migrations are not applied yet.', 503);

export function opsRoutes(deps: AppDeps, metrics: Metrics) {
  const refreshGauges = registerDatabaseGauges(metrics, deps, deps.poolMax);
  const token = deps.config.metricsToken;
  return new Hono<AppEnv>()
    .get('/health', async (c) => {
      try {
        await deps.db.execute(sql`select 1`);
      } catch {
        throw unavailable();
      }
      return c.json({ status: 'ok' });
    })
    .get('/ready', async (c) => {
      await checkReady(deps);
      c.header('Cache-Control', 'no-store');
      return c.json({ status: 'ready' });
    })
    .get('/metrics', async (c) => {
      if (token && c.req.header('authorization') !== `Bearer ${token}`) {
        c.header('WWW-Authenticate', 'Bearer');
        throw new DomainError('unauthorized', 'A metrics bearer token is required.', 401);
      }
      await refreshGauges();
      c.header('Cache-Control', 'no-store');
      return c.body(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType });
    });
}
