/**
 * How big the JavaScript heap may grow before the garbage collector works hard (issue 10: an
 * instance serving a million properties stays within 300 MB resident). JavaScriptCore sizes its
 * heap from the machine's RAM: on a 24 GB machine a burst of year-long calendar feeds left an
 * instance at 400–650 MB resident with a live heap of only 50–130 MB. Telling it the machine has
 * 256 MB (`BUN_JSC_forceRAMSize`, read by the runtime before any code runs, so it must be in the
 * environment the process starts with) kept the same traffic at 230 MB, peak 290 MB (docs/scale.md).
 * It is not a hard limit: a heap that needs more still gets it, collected more often.
 *
 * `npm start` sets it; so do the benches for the servers they start. A deployment that starts
 * `bun server/index.ts` itself sets it in its unit or container (docs/deployment.md).
 */
export const HEAP_RAM_BYTES_DEFAULT = 256 * 1024 * 1024;

/** The environment variable JavaScriptCore reads it from. */
export const HEAP_RAM_ENV = 'BUN_JSC_forceRAMSize';

/** The setting this process started with (bytes), or undefined when the runtime sized the heap from the machine. */
export function heapRamBytes(env: Record<string, string | undefined> = process.env): number | undefined {
  const value = Number(env[HEAP_RAM_ENV]);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** An environment for a server process to be started with: the default heap setting unless one is given. */
export const withHeapSetting = (env: Record<string, string>): Record<string, string> =>
  env[HEAP_RAM_ENV] ? env : { ...env, [HEAP_RAM_ENV]: String(HEAP_RAM_BYTES_DEFAULT) };
