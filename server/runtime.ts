import { openDatabase, type Database } from '../db/client.ts';
import { fixedClock, systemClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';

/** Opens the configured database and applies migrations: shared by the server and the CLI. */
export async function openConfiguredDatabase(config: Config, use: 'server' | 'cli' = 'cli'): Promise<Database> {
  // The server bounds every query (a stuck database is a 503, not a hang); CLI jobs may run long.
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    max: config.dbPool,
    connectTimeoutSeconds: config.dbConnectTimeoutSeconds,
    statementTimeoutMs: use === 'server' ? config.dbStatementTimeoutMs : 0,
  });
  await database.migrate();
  return database;
}

export const clockFor = (config: Config): Clock => (config.now ? fixedClock(config.now) : systemClock);
