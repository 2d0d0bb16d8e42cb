/**
 * `npm run kerbside -- import bundle.json`: validate and import a council bundle (all or nothing).
 * The file is streamed (read twice, never held whole), so a 300,000-property council fits; a
 * progress line goes to stderr about once a second.
 */
import { JsonStreamError } from '../domain/json-stream.ts';
import { importBundleFile, type ImportProgress } from '../services/import.ts';
import { parseArgs, withDatabase, type CliCommand } from './command.ts';

const n = (v: number) => Math.round(v).toLocaleString('en-GB');
const progressLine = (p: ImportProgress) =>
  p.phase === 'checking'
    ? `checked ${n(p.done)} ${p.section} (${n(p.perSecond)}/s)`
    : `imported ${n(p.done)}/${n(p.total ?? p.done)} ${p.section} (${n(p.perSecond)}/s)`;

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
    let report;
    try {
      report = await withDatabase((ctx) => importBundleFile(ctx, file, { onProgress: (p) => console.error(progressLine(p)) }));
    } catch (err) {
      const unreadable = err instanceof JsonStreamError || (err as NodeJS.ErrnoException)?.code === 'ENOENT' || (err as NodeJS.ErrnoException)?.code === 'EISDIR';
      if (!unreadable) throw err;
      console.error(`Cannot read ${file}: ${(err as Error).message}`);
      return 1;
    }
    const c = report.council;
    console.log(`${c.created ? 'Created' : 'Updated'} ${c.name} (${c.slug}), schedule version ${c.scheduleVersion}:`);
    for (const [entity, count] of Object.entries(report.counts)) if (count) console.log(`  ${entity.padEnd(16)} ${count}`);
    return 0;
  },
};
export default command;
