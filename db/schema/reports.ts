import { bigint, date, index, integer, pgTable, serial, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { councils } from './councils.ts';

/** A missed-collection report. One per (uprn, service, collection date), enforced by the database. */
export const missedReports = pgTable(
  'missed_reports',
  {
    reference: text('reference').primaryKey(),
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'cascade' }),
    uprn: bigint('uprn', { mode: 'number' }).notNull(),
    serviceId: text('service_id').notNull(),
    collectionDate: date('collection_date', { mode: 'string' }).notNull(),
    reporterName: text('reporter_name'),
    reporterEmail: text('reporter_email'),
    reporterPhone: text('reporter_phone'),
    notes: text('notes'),
    channel: text('channel').notNull(),
    /** The language the resident reported in: their emails about it are written in it. */
    language: text('language').notNull().default('en'),
    status: text('status').notNull().default('open'),
    dueBy: timestamp('due_by', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    personalDataPurgedAt: timestamp('personal_data_purged_at', { withTimezone: true }),
  },
  (t) => [
    unique('missed_reports_once').on(t.uprn, t.serviceId, t.collectionDate),
    index('missed_reports_council_idx').on(t.councilId, t.status, t.createdAt),
  ],
);

/** History of a report: each status change with a note for the resident and one for staff. */
export const reportUpdates = pgTable(
  'report_updates',
  {
    id: serial('id').primaryKey(),
    councilId: integer('council_id').notNull(),
    reference: text('reference').notNull().references(() => missedReports.reference, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    status: text('status').notNull(),
    note: text('note'),
    internalNote: text('internal_note'),
    userId: integer('user_id'),
  },
  (t) => [index('report_updates_ref_idx').on(t.reference, t.at)],
);

/** Per-council, per-year counters behind references like KB-26-000123. */
export const referenceCounters = pgTable(
  'reference_counters',
  {
    prefix: text('prefix').primaryKey(),
    value: integer('value').notNull(),
  },
);
