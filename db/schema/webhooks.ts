import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './auth.ts';
import { councils } from './councils.ts';

/**
 * A council system's HTTPS endpoint and the events it wants (docs/webhooks.md).
 *
 * `secret` is the Standard Webhooks signing key (`whsec_` + base64), kept as-is: signing needs the
 * key itself (a hash would not do), and an encryption key kept beside it in the same config would
 * add ceremony without protection. It is shown once, at creation, and never leaves again: not in
 * lists, not in the audit log.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: text('id').primaryKey(),
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    events: jsonb('events').$type<string[]>().notNull(),
    secret: text('secret').notNull(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Set when deliveries have failed for 24 hours: nothing more is queued or sent. */
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    /** Real time of the first failure since the last success; cleared by a success. */
    failingSince: timestamp('failing_since', { withTimezone: true }),
  },
  (t) => [index('webhook_endpoints_council_idx').on(t.councilId, t.createdAt)],
);

/**
 * One event for one endpoint. `id` is the `webhook-id` header (the same on every retry, so the
 * receiver can deduplicate); `body` is the exact JSON sent. All times are real time (DESIGN
 * "Clock": retry backoff runs on elapsed time even under a fixed KERBSIDE_NOW).
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'cascade' }),
    endpointId: text('endpoint_id').notNull().references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventType: text('event_type').notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** When the next attempt is due; while an attempt is in flight, the end of its lease. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    /** 'delivered' | 'failed' | 'given_up' after the last attempt; null before the first. */
    lastStatus: text('last_status'),
    lastResponseCode: integer('last_response_code'),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    givenUpAt: timestamp('given_up_at', { withTimezone: true }),
  },
  (t) => [
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt),
    index('webhook_deliveries_endpoint_idx').on(t.councilId, t.endpointId, t.createdAt),
  ],
);
