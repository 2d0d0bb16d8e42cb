import { index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Who did what, for officers and auditors: one row per officer or admin write, inserted in the same
 * transaction as the write itself (so a rolled-back change leaves no audit row, and no change lacks one).
 * `entity` is one of the Officer API's audit entities (exception, round, assignment, property, user,
 * api_key, report, contract, request); `before`/`after` are the entity's relevant fields as JSON.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: serial('id').primaryKey(),
    councilId: integer('council_id'),
    userId: integer('user_id'),
    /** A dotted verb, e.g. `exception.create`, `user.update`. */
    action: text('action').notNull(),
    /** Older rows (before `entity`/`entity_id`) named what they touched here. */
    subject: text('subject'),
    detail: jsonb('detail'),
    entity: text('entity'),
    entityId: text('entity_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('audit_log_council_idx').on(t.councilId, t.at), index('audit_log_entity_idx').on(t.councilId, t.entity, t.at)],
);
