import { loadConfig } from '../config.ts';
import type { ServiceContext } from '../context.ts';
import { clockFor, openConfiguredDatabase } from '../runtime.ts';

export interface CliCommand {
  summary: string;
  usage: string;
  /** Returns the process exit code. */
  run(argv: string[]): Promise<number>;
}

/** Opens the configured database for one command and always closes it. */
export async function withDatabase<T>(fn: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  try {
    return await fn({ db: database.db, clock: clockFor(config) });
  } finally {
    await database.close();
  }
}

/** Parses `--name value` and `--flag` options; the rest are positional. */
export function parseArgs(argv: string[]): { positional: string[]; options: Record<string, string | true> } {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const [k, v] = a.slice(2).split('=', 2);
      if (v !== undefined) options[k] = v;
      else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) options[k] = argv[++i];
      else options[k] = true;
    } else positional.push(a);
  }
  return { positional, options };
}
