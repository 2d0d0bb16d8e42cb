import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { councils } from './councils.ts';

/** A person who signs in: admin, officer, crew or customer, always of one council. */
export const users = pgTable('users', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'cascade' }),
  email: text('email').notNull().unique(),
  name: text('name'),
  /** argon2id via Bun.password. */
  passwordHash: text('password_hash').notNull(),
  role: text('role').notNull(),
  /** For role customer: the commercial customer this sign-in acts for. */
  customerId: text('customer_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** Set when an admin disables the account: no sign-in, and its sessions stop at once. */
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
});

/** Database sessions; the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** Set when the session came through OpenID Connect: the provider, and the ID token as a logout hint. */
    oidcProviderId: text('oidc_provider_id'),
    idTokenHint: text('id_token_hint'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** API keys for integrators (Open311…): a shown prefix and the SHA-256 of the whole key. */
export const apiKeys = pgTable('api_keys', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  prefix: text('prefix').notNull(),
  keyHash: text('key_hash').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

/** Fixed-window counters shared by all instances: rate limits and login throttling. */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  count: integer('count').notNull(),
});

/** Answers remembered for Idempotency-Key retries. */
export const idempotencyKeys = pgTable('idempotency_keys', {
  key: text('key').primaryKey(),
  status: integer('status').notNull(),
  body: jsonb('body').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
