import { index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './auth.ts';

/**
 * A person's account at an OpenID Connect provider, linked to one Kerbside user. Keyed by the
 * issuer and the provider's `sub` (stable, unlike email); linked once, then matched on every sign-in.
 */
export const oidcIdentities = pgTable(
  'oidc_identities',
  {
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    /** The bundle's provider id it came through (for sign-out and the audit trail). */
    providerId: text('provider_id').notNull(),
    email: text('email'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.issuer, t.subject] }), index('oidc_identities_user_idx').on(t.userId)],
);

/**
 * A sign-in on its way through a provider: what the callback must check (state, nonce, PKCE
 * verifier). In PostgreSQL, not memory, so the callback may land on any instance. One use only.
 */
export const oidcLogins = pgTable('oidc_logins', {
  /** SHA-256 of the `state` sent to the provider. */
  stateHash: text('state_hash').primaryKey(),
  providerId: text('provider_id').notNull(),
  codeVerifier: text('code_verifier').notNull(),
  nonce: text('nonce').notNull(),
  /** Where to go after signing in (a path on this site). */
  next: text('next'),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});
