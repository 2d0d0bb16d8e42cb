import { date, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { councils } from './councils.ts';

/**
 * A published change to one base date: `move` to `to`, or `cancel`.
 * Scope: the whole council when both lists are empty, else the listed rounds and/or services.
 * `id` is the import key; bundles without one get `{date}:{rounds}:{services}`.
 */
export const scheduleExceptions = pgTable(
  'exceptions',
  {
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    action: text('action').notNull(),
    to: date('to', { mode: 'string' }),
    rounds: text('rounds').array().notNull().default([]),
    services: text('services').array().notNull().default([]),
    /** What residents read, in the council's first language; `reasons` holds each language's when given (bundle `{ en, cy }`, officer `reasonCy`). */
    reason: text('reason').notNull(),
    reasons: jsonb('reasons').$type<{ en?: string; cy?: string }>(),
    /** When an officer published it (imports: when imported). */
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** The publishing user's id; null for imported exceptions. */
    createdBy: integer('created_by'),
  },
  (t) => [primaryKey({ columns: [t.councilId, t.id] })],
);
