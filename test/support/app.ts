import type { Database } from '../../db/client.ts';
import { createApp } from '../../server/app.ts';
import { manualClock } from '../../server/clock.ts';
import { testConfig, type Config } from '../../server/config.ts';

/** Builds the app over a test database with a clock the test controls. */
export function buildTestApp(database: Database, now = '2026-09-01T10:00:00+01:00', config: Partial<Config> = {}) {
  const clock = manualClock(now);
  const deps = { db: database.db, clock, config: testConfig(config), dbKind: database.kind };
  return { app: createApp(deps), clock, deps };
}
