/** `npm run kerbside -- bank-holidays load [file.json]`: load a GOV.UK bank-holidays.json (default: the shipped copy). */
import { readFile } from 'node:fs/promises';
import { loadBankHolidays, shippedBankHolidays } from '../services/bank-holidays.ts';
import { parseArgs, withDatabase, type CliCommand } from './command.ts';

const command: CliCommand = {
  summary: 'Load bank holidays from a GOV.UK bank-holidays.json (https://www.gov.uk/bank-holidays.json)',
  usage: 'bank-holidays load [path/to/bank-holidays.json]   (no path: the shipped 2024–2028 file)',
  async run(argv) {
    const { positional } = parseArgs(argv);
    const [action, file] = positional;
    if (action !== 'load') {
      console.error(`Usage: npm run kerbside -- ${command.usage}`);
      return 2;
    }
    let json: unknown = shippedBankHolidays();
    if (file) {
      try {
        json = JSON.parse(await readFile(file, 'utf8'));
      } catch (err) {
        console.error(`Cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
        return 1;
      }
    }
    const report = await withDatabase((ctx) => loadBankHolidays(ctx, json));
    for (const d of report.divisions) console.log(`  ${d.division.padEnd(18)} ${d.events} dates, ${d.from ?? '-'} to ${d.to ?? '-'}`);
    console.log(`Loaded ${report.rows} bank holidays; ${report.councilsBumped} council schedule(s) refreshed.`);
    return 0;
  },
};
export default command;
