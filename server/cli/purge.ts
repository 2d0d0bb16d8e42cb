/** `npm run kerbside -- purge-personal-data --older-than 365d`: blank reporters' details on finished reports. */
import { parseAge, purgePersonalData } from '../services/privacy.ts';
import { parseArgs, withDatabase, type CliCommand } from './command.ts';

const command: CliCommand = {
  summary: "Blank reporters' names, emails, phones and notes on resolved/closed reports older than an age",
  usage: 'purge-personal-data --older-than 365d',
  async run(argv) {
    const { options } = parseArgs(argv);
    if (typeof options['older-than'] !== 'string') {
      console.error(`Usage: npm run kerbside -- ${command.usage}`);
      return 2;
    }
    const days = parseAge(options['older-than']);
    const result = await withDatabase((ctx) => purgePersonalData(ctx, { olderThanDays: days }));
    console.log(`Blanked personal data on ${result.reports} report(s) finished more than ${days} days ago; deleted ${result.messages} sent email(s).`);
    return 0;
  },
};
export default command;
