/**
 * `npm run kerbside -- backup FILE` / `restore FILE [--force]` for the embedded database (a gzipped
 * tarball of the PGlite data directory, from PGlite's own dumpDataDir/loadDataDir). With
 * DATABASE_URL set, PostgreSQL is backed up with its own tools: the commands are printed.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { loadConfig } from '../config.ts';
import { parseArgs, type CliCommand } from './command.ts';

const pgDumpHelp = (url: string) =>
  [
    'DATABASE_URL points at PostgreSQL: back it up with PostgreSQL\'s own tools (see docs/deployment.md):',
    `  pg_dump --format=custom --no-owner --file=kerbside.dump "${url}"`,
    `  pg_restore --clean --if-exists --no-owner --dbname="${url}" kerbside.dump`,
  ].join('\n');

export async function backupPglite(dataDir: string, file: string): Promise<number> {
  if (!existsSync(dataDir) || readdirSync(dataDir).length === 0) throw new Error(`No embedded database in ${dataDir}.`);
  const db = new PGlite(dataDir);
  try {
    await db.waitReady;
    // PGlite's own 'gzip' option never finishes under Bun; the plain tarball is gzipped here instead.
    const dump = await db.dumpDataDir('none');
    const bytes = gzipSync(new Uint8Array(await dump.arrayBuffer()));
    writeFileSync(file, bytes);
    return bytes.length;
  } finally {
    await db.close();
  }
}

export async function restorePglite(dataDir: string, file: string, force = false): Promise<void> {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    if (!force) throw new Error(`${dataDir} already holds a database; stop the server and pass --force to replace it.`);
    const { rmSync } = await import('node:fs');
    rmSync(dataDir, { recursive: true, force: true });
  }
  const db = new PGlite(dataDir, { loadDataDir: new Blob([gunzipSync(readFileSync(file))]) });
  await db.waitReady;
  await db.query('select 1');
  await db.close();
}

const make = (verb: 'backup' | 'restore'): CliCommand => ({
  summary: verb === 'backup' ? 'Copy the embedded database to FILE (gzipped tarball)' : 'Load the embedded database from FILE made by backup',
  usage: verb === 'backup' ? 'backup FILE' : 'restore FILE [--force]',
  async run(argv) {
    const { positional, options } = parseArgs(argv);
    const file = positional[0];
    if (!file) {
      console.error(`Usage: npm run kerbside -- ${verb === 'backup' ? 'backup FILE' : 'restore FILE [--force]'}`);
      return 2;
    }
    const config = loadConfig();
    if (config.databaseUrl) {
      console.log(pgDumpHelp(config.databaseUrl.replace(/:[^:@/]*@/, ':***@')));
      return 2;
    }
    if (config.dataDir === 'memory://') throw new Error('KERBSIDE_DATA_DIR is memory://: there is nothing on disk to back up or restore.');
    if (verb === 'backup') {
      const size = await backupPglite(config.dataDir, file);
      console.log(`Backed up ${config.dataDir} to ${file} (${size} bytes).`);
    } else {
      await restorePglite(config.dataDir, file, options.force === true);
      console.log(`Restored ${file} into ${config.dataDir}.`);
    }
    return 0;
  },
});

export const backupCommand = make('backup');
export const restoreCommand = make('restore');
export default backupCommand;
