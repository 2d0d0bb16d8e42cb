import { bigint, date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { councils } from './councils.ts';

/** A round's run on one (adjusted) collection date. */
export const roundRuns = pgTable(
  'round_runs',
  {
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'cascade' }),
    roundId: text('round_id').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    status: text('status').notNull().default('not_started'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.councilId, t.roundId, t.date] })],
);

/** One outcome recorded by a crew at a stop. `id` is generated on the device: retries are idempotent. */
export const crewEvents = pgTable(
  'crew_events',
  {
    id: uuid('id').primaryKey(),
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'cascade' }),
    uprn: bigint('uprn', { mode: 'number' }).notNull(),
    serviceId: text('service_id').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    outcome: text('outcome').notNull(),
    note: text('note'),
    photo: text('photo'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    userId: integer('user_id'),
  },
  (t) => [index('crew_events_stop_idx').on(t.councilId, t.uprn, t.serviceId, t.date)],
);

/** Photos taken by crews, stored in the database (metadata stripped) so every instance serves them. */
export const crewPhotos = pgTable('crew_photos', {
  id: uuid('id').primaryKey(),
  councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'cascade' }),
  contentType: text('content_type').notNull(),
  data: text('data').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * That a round has crew activity on a date: written with the crew events (first event wins), so
 * "has this round started today?" is one key lookup for every property lookup (docs/lookup.md).
 */
export const roundActivity = pgTable(
  'round_activity',
  {
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'cascade' }),
    roundId: text('round_id').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    firstEventAt: timestamp('first_event_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.councilId, t.roundId, t.date] })],
);
