import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The sandbox payment provider's own store (server/services/payments/sandbox.ts): what GOV.UK Pay
 * would keep on its side. It lives in the database so any instance can serve `/pay/{id}` and
 * answer `status()`; the lifecycle's view of a payment stays in `payments` and is only ever
 * updated from what `status()` answers, as with a real provider.
 */
export const sandboxPayments = pgTable('sandbox_payments', {
  /** The provider id (we use our payment id: the sandbox is ours). */
  id: text('id').primaryKey(),
  amountPence: integer('amount_pence').notNull(),
  reference: text('reference').notNull(),
  description: text('description').notNull(),
  returnUrl: text('return_url').notNull(),
  language: text('language').notNull().default('en'),
  /** created | started | success | failed | cancelled (GOV.UK Pay's words). */
  state: text('state').notNull().default('created'),
  /** GOV.UK Pay's failure code for the last attempt (P0010 declined, P0030 cancelled, P0020 expired). */
  code: text('code'),
  refundedPence: integer('refunded_pence').notNull().default(0),
  /** No card is taken after this (real time: the request's hold). */
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
