import { index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { apiKeys } from './auth.ts';
import { councils } from './councils.ts';
import { missedReports, reportUpdates } from './reports.ts';

/**
 * Which API key made a report through Open311. A retried POST from the same key for the same
 * collection answers with this reference (docs/open311.md "Retries"); another key, or the web
 * form, still gets the duplicate refusal.
 */
export const open311Submissions = pgTable(
  'open311_submissions',
  {
    reference: text('reference').primaryKey().references(() => missedReports.reference, { onDelete: 'cascade' }),
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'cascade' }),
    apiKeyId: integer('api_key_id').notNull().references(() => apiKeys.id, { onDelete: 'cascade' }),
  },
  (t) => [index('open311_submissions_key_idx').on(t.councilId, t.apiKeyId)],
);

/**
 * A client's update (FixMyStreet's comment id, `update_id`) received through
 * POST servicerequestupdates, and the history row it became: posting the same update_id again
 * answers the same, without a second row.
 */
export const open311UpdateReceipts = pgTable(
  'open311_update_receipts',
  {
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'cascade' }),
    apiKeyId: integer('api_key_id').notNull().references(() => apiKeys.id, { onDelete: 'cascade' }),
    clientUpdateId: text('client_update_id').notNull(),
    reportUpdateId: integer('report_update_id').notNull().references(() => reportUpdates.id, { onDelete: 'cascade' }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.apiKeyId, t.clientUpdateId] })],
);
