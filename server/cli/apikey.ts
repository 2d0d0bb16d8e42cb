/**
 * `npm run kerbside -- apikey create --council demo --name fixmystreet`: prints a new key once (only
 * its hash is stored). `apikey revoke --council demo --prefix kb_1a2b3c4` stops one.
 */
import { createApiKey, revokeApiKey } from '../services/auth.ts';
import { parseArgs, withDatabase, type CliCommand } from './command.ts';

const command: CliCommand = {
  summary: 'Create or revoke an API key for an integrator (Open311 clients such as FixMyStreet)',
  usage: 'apikey create --council <slug> --name <client> | apikey revoke --council <slug> --prefix <prefix>',
  async run(argv) {
    const { positional, options } = parseArgs(argv);
    const council = options.council;
    if (typeof council !== 'string') {
      console.error(`Usage: npm run kerbside -- ${command.usage}`);
      return 2;
    }
    if (positional[0] === 'create' && typeof options.name === 'string') {
      const created = await withDatabase((ctx) => createApiKey(ctx, { councilSlug: council, name: options.name as string }));
      console.log(`API key for ${options.name} (${created.council}). It is shown only this once; store it safely:\n\n  ${created.key}\n`);
      return 0;
    }
    if (positional[0] === 'revoke' && typeof options.prefix === 'string') {
      const n = await withDatabase((ctx) => revokeApiKey(ctx, { councilSlug: council, prefix: options.prefix as string }));
      console.log(n ? `Revoked ${n} key(s) with prefix ${options.prefix}.` : `No active key with prefix ${options.prefix} in ${council}.`);
      return n ? 0 : 1;
    }
    console.error(`Usage: npm run kerbside -- ${command.usage}`);
    return 2;
  },
};
export default command;
