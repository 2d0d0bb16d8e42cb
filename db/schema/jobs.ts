import { bigint, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One row per scheduled job: the last time slot claimed and by whom. An instance runs a slot only
 * if its conditional upsert moved `slot` forward, so across instances each slot runs once.
 */
export const jobRuns = pgTable('job_runs', {
  name: text('name').primaryKey(),
  /** floor(wall-clock ms / period): the slot last claimed. */
  slot: bigint('slot', { mode: 'number' }).notNull(),
  holder: text('holder').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  /** 'running' | 'ok' | 'failed' */
  outcome: text('outcome').notNull(),
  lastError: text('last_error'),
});
