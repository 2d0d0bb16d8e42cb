/**
 * Test databases: the same test files run on PGlite (in memory) and, when DATABASE_URL is set,
 * on PostgreSQL. Share one per test file (`beforeAll`), `reset()` between tests, `close()` after.
 */
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../db/client.ts';

export async function openTestDatabase(): Promise<Database> {
  const database = await openDatabase({ url: process.env.DATABASE_URL || undefined, max: 20 });
  await database.migrate();
  await resetDatabase(database);
  return database;
}

/** Empties every table (keeps the migrations' own bookkeeping). */
export async function resetDatabase(database: Database): Promise<void> {
  const rows = (await database.db.execute(
    sql`select tablename from pg_tables where schemaname = 'public'`,
  )) as unknown as { rows?: Array<{ tablename: string }> } & Array<{ tablename: string }>;
  const list = (rows.rows ?? rows).map((r) => `"${r.tablename}"`);
  if (list.length) await database.db.execute(sql.raw(`truncate ${list.join(', ')} restart identity cascade`));
}
