import { openDatabase, type Database } from '../db/client.ts';
import { fixedClock, systemClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';

/** Opens the configured database and applies migrations: shared by the server and the CLI. */
export async function openConfiguredDatabase(config: Config): Promise<Database> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, max: config.databasePoolMax });
  await database.migrate();
  return database;
}

export const clockFor = (config: Config): Clock => (config.now ? fixedClock(config.now) : systemClock);
