/** `backup FILE` / `restore FILE` round trip on the embedded database, through the real CLI. */
import { afterAll, expect, test } from 'bun:test';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../db/client.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'kerbside-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[], dataDir: string) {
  const p = Bun.spawn([process.execPath, 'server/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', KERBSIDE_DATA_DIR: dataDir },
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { out, err, code };
}

test('backup then restore brings back the same rows; restore refuses a non-empty directory without --force', async () => {
  const source = join(dir, 'source');
  const database = await openDatabase({ dataDir: source });
  await database.migrate();
  await database.db.execute(sql`insert into councils (slug, name, timezone, bank_holiday_division) values ('kept', 'Kept Council', 'Europe/London', 'england-and-wales')`);
  await database.close();

  const file = join(dir, 'kerbside.tgz');
  const backup = await cli(['backup', file], source);
  expect(backup.err).toBe('');
  expect(backup.code).toBe(0);
  expect(statSync(file).size).toBeGreaterThan(1000);

  const target = join(dir, 'target');
  const restored = await cli(['restore', file], target);
  expect(restored.code).toBe(0);
  const back = await openDatabase({ dataDir: target });
  const result = (await back.db.execute(sql`select slug, name from councils`)) as any;
  expect(result.rows ?? result).toEqual([{ slug: 'kept', name: 'Kept Council' }]);
  await back.close();

  const again = await cli(['restore', file], target);
  expect(again.code).toBe(1);
  expect(again.err).toContain('--force');
  expect((await cli(['restore', file, '--force'], target)).code).toBe(0);
  expect(existsSync(target)).toBe(true);
}, 60_000);
