/**
 * A PostgreSQL server a test owns: its own data directory under /tmp and its own port, started
 * and stopped by the test (the fault tests stop it under load). Never the machine's shared cluster.
 * Runs as the `postgres` OS user when we are root (PostgreSQL refuses to run as root).
 */
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../e2e/support.ts';

export interface OwnPostgres {
  url: string;
  port: number;
  /** pg_ctl stop; 'immediate' is a crash (no checkpoint), like a power cut of the database process. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes the data directory. */
  destroy(): Promise<void>;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(a) - Number(b)) : [];
  const dir = versions.length ? join(root, versions[versions.length - 1], 'bin') : '';
  if (!dir || !existsSync(join(dir, 'pg_ctl'))) throw new Error('PostgreSQL server binaries (initdb, pg_ctl) are missing: apt-get install postgresql');
  return dir;
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

async function run(cmd: string[]) {
  const argv = asRoot ? ['runuser', '-u', 'postgres', '--', ...cmd] : cmd;
  const p = Bun.spawn(argv, { stdout: 'pipe', stderr: 'pipe' });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  if (code !== 0) throw new Error(`${cmd.join(' ')} failed (${code}): ${out}\n${err}`);
  return out;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const bin = binDir();
  const base = mkdtempSync(join(tmpdir(), 'kerbside-pg-'));
  const data = join(base, 'data');
  if (asRoot) {
    const { uid, gid } = Bun.spawnSync(['id', '-u', 'postgres']).exitCode === 0
      ? { uid: Number(Bun.spawnSync(['id', '-u', 'postgres']).stdout.toString()), gid: Number(Bun.spawnSync(['id', '-g', 'postgres']).stdout.toString()) }
      : { uid: 0, gid: 0 };
    chownSync(base, uid, gid);
  }
  await run([join(bin, 'initdb'), '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const options = `-p ${port} -k ${base} -c listen_addresses=127.0.0.1 -c max_connections=60 -c shared_buffers=16MB`;
  const start = () => run([join(bin, 'pg_ctl'), '-D', data, '-o', options, '-l', join(base, 'log'), '-w', '-t', '30', 'start']).then(() => {});
  const stop = (mode: 'fast' | 'immediate' = 'fast') => run([join(bin, 'pg_ctl'), '-D', data, '-m', mode, '-w', 'stop']).then(() => {});
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    async destroy() {
      await stop('immediate').catch(() => {});
      rmSync(base, { recursive: true, force: true });
    },
  };
}
