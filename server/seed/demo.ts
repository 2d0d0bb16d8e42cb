import type { ServiceContext } from '../context.ts';

/** Seeds "Demo Borough Council" when the database holds no council. Returns links to print, or undefined. */
export async function seedDemoIfEmpty(_ctx: ServiceContext): Promise<{ links: Array<[string, string]> } | undefined> {
  return undefined;
}
