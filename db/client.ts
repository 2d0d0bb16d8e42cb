import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** The drizzle database, whichever driver is underneath. Both speak PostgreSQL. */
export type Db = ReturnType<typeof drizzlePglite<Schema>>;
/** A transaction handle; services accept it wherever they accept a Db. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Applies the committed migrations; safe to run again. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export interface OpenOptions {
  /** postgres:// URL; when absent, PGlite is used. */
  url?: string;
  /** PGlite directory; 'memory://' (or absent) keeps it in memory. */
  dataDir?: string;
  /** postgres.js pool size. */
  max?: number;
  /** Seconds to wait for a PostgreSQL connection before failing (so a stopped database is a quick 503). */
  connectTimeoutSeconds?: number;
  /** PostgreSQL statement_timeout in ms for every query; 0 or absent: none. */
  statementTimeoutMs?: number;
}

/** Opens PostgreSQL (when a URL is given) or embedded PGlite. */
export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  if (options.url) {
    // A lost connection is dropped from the pool and reopened by the next query, so service resumes
    // by itself once PostgreSQL is back; the timeouts keep a dead or stuck server from hanging answers.
    const client = postgres(options.url, {
      max: options.max ?? 10,
      onnotice: () => {},
      connect_timeout: options.connectTimeoutSeconds ?? 10,
      idle_timeout: 60,
      // postgres.js waits up to 20 s between reconnect attempts by default, holding queries meanwhile;
      // retry within a fraction of a second so a stopped database fails fast and a returned one is used at once.
      backoff: () => 0.1 + Math.random() * 0.2,
      connection: {
        application_name: 'kerbside',
        ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
      },
    });
    const db = drizzlePostgres(client, { schema }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      migrate: () => migratePostgres(db as any, { migrationsFolder }),
      close: () => client.end({ timeout: 5 }),
    };
  }
  const dir = options.dataDir && options.dataDir !== 'memory://' ? options.dataDir : undefined;
  if (dir) mkdirSync(dir, { recursive: true });
  const client = dir ? new PGlite(dir) : new PGlite();
  await client.waitReady;
  const db = drizzlePglite(client, { schema });
  let closed = false;
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(db, { migrationsFolder }),
    close: async () => {
      if (closed) return;
      closed = true;
      await client.close();
    },
  };
}
