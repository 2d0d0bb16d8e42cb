/**
 * `npm run kerbside -- <command> [args]`. Each command lives in server/cli/<name>.ts and exports
 * `{ summary, usage, run(argv, env) }`; this file only dispatches.
 */
import type { CliCommand } from './cli/command.ts';
import { DomainError } from './errors.ts';

const commands: Record<string, () => Promise<{ default: CliCommand }>> = {
  // name: () => import('./cli/name.ts'),
  import: () => import('./cli/import.ts'),
  'bank-holidays': () => import('./cli/bank-holidays.ts'),
  apikey: () => import('./cli/apikey.ts'),
  user: () => import('./cli/user.ts'),
  'purge-personal-data': () => import('./cli/purge.ts'),
  backup: () => import('./cli/backup.ts'),
  restore: () => import('./cli/restore.ts'),
};

const [name, ...argv] = process.argv.slice(2);
if (!name || name === 'help' || name === '--help' || !commands[name]) {
  if (name && name !== 'help' && name !== '--help') console.error(`Unknown command: ${name}\n`);
  console.log('Usage: npm run kerbside -- <command> [options]\n\nCommands:');
  for (const [n, load] of Object.entries(commands)) {
    const c = (await load()).default;
    console.log(`  ${n.padEnd(22)} ${c.summary}\n  ${''.padEnd(22)} ${c.usage}`);
  }
  process.exit(name && name !== 'help' && name !== '--help' ? 2 : 0);
}
const command = (await commands[name]()).default;
try {
  const code = await command.run(argv);
  process.exit(code);
} catch (err) {
  // A refused input (DomainError) lists every problem it found, e.g. each bad row of a bundle.
  console.error(err instanceof Error ? err.message : String(err));
  const problems = err instanceof DomainError ? err.details?.errors : undefined;
  if (Array.isArray(problems)) for (const line of problems) console.error(`  ${line}`);
  process.exit(1);
}
