/**
 * Scheduled jobs that run once across instances. Time is cut into slots of each job's period
 * (wall-clock: scheduling is infrastructure, not a rule, and must advance under a fixed KERBSIDE_NOW);
 * an instance runs a slot only if its conditional upsert on `job_runs` moved the slot forward, so
 * two instances ticking at the same moment cannot both run it, nor can one run it again later.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import type { Metrics } from '../../ops/metrics.ts';
import { log } from '../../ops/log.ts';

export interface Job {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

export type JobOutcome = 'ok' | 'failed' | 'skipped';

export interface RunnerOptions {
  /** Names this instance in job_runs.holder. */
  holder?: string;
  /** Wall-clock milliseconds; tests pass their own to pick slots. */
  nowMs?: () => number;
  metrics?: Metrics;
}

const rowsOf = (result: unknown): any[] => ((result as any).rows ?? result) as any[];
export const defaultHolder = () => `${process.env.HOSTNAME || 'host'}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;

/** Claims the current slot of `job` and runs it if the claim won; otherwise 'skipped'. */
export async function runJobSlot(db: Db, job: Job, options: RunnerOptions = {}): Promise<JobOutcome> {
  const nowMs = (options.nowMs ?? Date.now)();
  const slot = Math.floor(nowMs / job.everyMs);
  const holder = options.holder ?? defaultHolder();
  const started = new Date(nowMs).toISOString();
  const won = rowsOf(
    await db.execute(sql`
      insert into job_runs (name, slot, holder, started_at, outcome) values (${job.name}, ${slot}, ${holder}, ${started}, 'running')
      on conflict (name) do update set slot = excluded.slot, holder = excluded.holder, started_at = excluded.started_at,
        finished_at = null, outcome = 'running', last_error = null
      where job_runs.slot < excluded.slot
      returning name`),
  );
  if (won.length === 0) {
    options.metrics?.jobRuns.inc({ job: job.name, outcome: 'skipped' });
    return 'skipped';
  }
  let outcome: JobOutcome = 'ok';
  let error: string | null = null;
  try {
    await job.run();
  } catch (err) {
    outcome = 'failed';
    error = (err instanceof Error ? err.message : String(err)).slice(0, 500);
    log('error', 'job failed', { job: job.name, error });
  }
  options.metrics?.jobRuns.inc({ job: job.name, outcome });
  await db
    .execute(sql`update job_runs set finished_at = ${new Date((options.nowMs ?? Date.now)()).toISOString()}, outcome = ${outcome}, last_error = ${error}
      where name = ${job.name} and slot = ${slot} and holder = ${holder}`)
    .catch(() => {}); // the database may be down; the claim already stands
  return outcome;
}

export interface JobScheduler {
  /** Stops the timers and waits for runs in progress. */
  stop(): Promise<void>;
}

/** Ticks each job every period (checking a little more often than the slot, so slots are not missed). */
export function startJobs(db: Db, jobs: Job[], options: RunnerOptions = {}): JobScheduler {
  const holder = options.holder ?? defaultHolder();
  const inFlight = new Set<Promise<unknown>>();
  const timers = jobs.map((job) => {
    let running = false;
    return setInterval(() => {
      if (running) return;
      running = true;
      const p = runJobSlot(db, job, { ...options, holder })
        .catch((err) => {
          // Claiming failed: typically the database is down. The next tick tries again.
          options.metrics?.jobRuns.inc({ job: job.name, outcome: 'failed' });
          log('error', 'job claim failed', { job: job.name, error: err instanceof Error ? err.message : String(err) });
        })
        .finally(() => {
          running = false;
          inFlight.delete(p);
        });
      inFlight.add(p);
    }, Math.max(50, Math.floor(job.everyMs / 2)));
  });
  return {
    async stop() {
      for (const t of timers) clearInterval(t);
      await Promise.allSettled([...inFlight]);
    },
  };
}
