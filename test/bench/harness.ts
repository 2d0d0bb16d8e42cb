/**
 * A tiny benchmark harness: modules export `{ name, run }`; `measure` warms a function up, runs
 * it several times and reports the median. Figures are printed, never asserted (DESIGN.md "Testing").
 */
export interface BenchModule {
  /** Picked on the command line: `npm run bench -- <name>`. */
  name: string;
  run(): Promise<void>;
}

export interface Measurement {
  /** Median wall time of one call, in milliseconds. */
  medianMs: number;
  /** Fastest and slowest repetitions, to show the spread. */
  minMs: number;
  maxMs: number;
  /** What the last call returned (a count of items produced, say). */
  result: number;
}

/**
 * Calls `fn` `warmup` times (JIT warm-up, caches), then `reps` times timed with performance.now().
 * `fn` returns a number (items produced) so the work cannot be optimised away.
 */
export function measure(fn: () => number, { warmup = 3, reps = 9 }: { warmup?: number; reps?: number } = {}): Measurement {
  let result = 0;
  for (let i = 0; i < warmup; i++) result = fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    result = fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)], minMs: times[0], maxMs: times[times.length - 1], result };
}

/**
 * Like `measure`, for several functions at once, taking turns rep by rep: on a busy machine a
 * slow patch then hits all of them alike, so ratios between them stay fair.
 */
export function measureInterleaved<K extends string>(
  fns: Record<K, () => number>,
  { warmup = 3, reps = 9 }: { warmup?: number; reps?: number } = {},
): Record<K, Measurement> {
  const keys = Object.keys(fns) as K[];
  const times = new Map<K, number[]>(keys.map((k) => [k, []]));
  const results = new Map<K, number>();
  for (let i = 0; i < warmup; i++) for (const k of keys) results.set(k, fns[k]());
  for (let i = 0; i < reps; i++) {
    for (const k of keys) {
      const t0 = performance.now();
      results.set(k, fns[k]());
      times.get(k)!.push(performance.now() - t0);
    }
  }
  const out = {} as Record<K, Measurement>;
  for (const k of keys) {
    const t = times.get(k)!.sort((a, b) => a - b);
    out[k] = { medianMs: t[Math.floor(t.length / 2)], minMs: t[0], maxMs: t[t.length - 1], result: results.get(k)! };
  }
  return out;
}

/** Items per second from a measurement whose result is the item count. */
export const perSecond = (m: Measurement): number => (m.result / m.medianMs) * 1000;

const group = (n: number) => Math.round(n).toLocaleString('en-GB');

export const fmt = {
  count: group,
  rate: (n: number) => `${group(n)}/s`,
  ms: (n: number) => (n >= 100 ? `${group(n)} ms` : `${n.toFixed(n >= 10 ? 1 : 2)} ms`),
  ratio: (n: number) => `${n.toFixed(1)}×`,
  spread: (m: Measurement) => `median ${fmt.ms(m.medianMs)} (min ${fmt.ms(m.minMs)}, max ${fmt.ms(m.maxMs)})`,
};

/** A two-column table, labels padded. */
export function printRows(rows: Array<[string, string]>): void {
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
}
