import { bigint, date, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { councils } from './councils.ts';

/**
 * A resident's email alerts for one property (docs/alerts.md). One row per (property, address);
 * asking again updates it. Nothing but the confirmation is sent until `confirmed_at` is set.
 */
export const alertSubscriptions = pgTable(
  'alert_subscriptions',
  {
    id: serial('id').primaryKey(),
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'cascade' }),
    uprn: bigint('uprn', { mode: 'number' }).notNull(),
    /** Lower-cased. */
    email: text('email').notNull(),
    /** Any of 'reminder', 'changes', 'reports'. */
    kinds: jsonb('kinds').$type<string[]>().notNull(),
    /** Council-local 'HH:MM' the evening before a collection. */
    remindAt: text('remind_at').notNull().default('18:00'),
    language: text('language').notNull().default('en'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** When the last confirmation email was queued: no second one within the hour. */
    confirmationSentAt: timestamp('confirmation_sent_at', { withTimezone: true }),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    unsubscribedAt: timestamp('unsubscribed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('alert_subscriptions_uprn_email_idx').on(t.uprn, t.email),
    index('alert_subscriptions_email_idx').on(t.email),
    index('alert_subscriptions_council_idx').on(t.councilId, t.uprn),
  ],
);

/**
 * Links sent by email: confirm, manage (all of an address's alerts), unsubscribe. Only the
 * SHA-256 of the token is stored; the link carries the token itself.
 */
export const alertTokens = pgTable(
  'alert_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    /** 'confirm' | 'manage' | 'unsubscribe' */
    purpose: text('purpose').notNull(),
    /** Lower-cased address the link was sent to (manage links act on every alert of it). */
    email: text('email').notNull(),
    subscriptionId: integer('subscription_id').references(() => alertSubscriptions.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('alert_tokens_email_idx').on(t.email, t.purpose, t.createdAt)],
);

/** One row per reminder queued: the primary key makes each (subscription, collection day) go once. */
export const alertRemindersSent = pgTable(
  'alert_reminders_sent',
  {
    subscriptionId: integer('subscription_id').notNull().references(() => alertSubscriptions.id, { onDelete: 'cascade' }),
    collectionDate: date('collection_date', { mode: 'string' }).notNull(),
    queuedAt: timestamp('queued_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.subscriptionId, t.collectionDate] })],
);

/**
 * One row per change alert queued: (subscription, change) where the change key names the service,
 * the base date and where it went (`refuse|2026-08-31|2026-09-01` or `…|cancelled`), so each change
 * is told once, and a second move of the same collection is told again.
 */
export const alertChangesSent = pgTable(
  'alert_changes_sent',
  {
    subscriptionId: integer('subscription_id').notNull().references(() => alertSubscriptions.id, { onDelete: 'cascade' }),
    changeKey: text('change_key').notNull(),
    queuedAt: timestamp('queued_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.subscriptionId, t.changeKey] })],
);
