/** `npm run kerbside -- import bundle.json`: validate and import a council bundle (all or nothing). */
import { readFile } from 'node:fs/promises';
import { importBundle } from '../services/import.ts';
import { parseArgs, withDatabase, type CliCommand } from './command.ts';

const command: CliCommand = {
  summary: 'Import a council bundle (JSON); every bad row is listed and nothing is written if any is bad',
  usage: 'import <bundle.json>',
  async run(argv) {
    const { positional } = parseArgs(argv);
    const file = positional[0];
    if (!file) {
      console.error(`Usage: npm run kerbside -- ${command.usage}`);
      return 2;
    }
    let json: unknown;
    try {
      json = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      console.error(`Cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    }
    const report = await withDatabase((ctx) => importBundle(ctx, json));
    const c = report.council;
    console.log(`${c.created ? 'Created' : 'Updated'} ${c.name} (${c.slug}), schedule version ${c.scheduleVersion}:`);
    for (const [entity, n] of Object.entries(report.counts)) if (n) console.log(`  ${entity.padEnd(16)} ${n}`);
    return 0;
  },
};
export default command;
