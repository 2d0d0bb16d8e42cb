import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import { councils } from './councils.ts';
import { residentRequests } from './requests.ts';

/**
 * One attempt to pay for a request (a declined card and its retry are two rows). `id` is ours
 * (a UUID, the `/pay/{id}` path for the sandbox); `provider_id` is the provider's payment id.
 * States are GOV.UK Pay's: created | started | submitted | capturable | success | failed |
 * cancelled | error. A request has at most one payment in `success` (`payments_one_success`):
 * the database itself refuses taking a payment twice for one request.
 */
export const payments = pgTable(
  'payments',
  {
    id: text('id').primaryKey(),
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'cascade' }),
    requestId: integer('request_id').notNull().references(() => residentRequests.id, { onDelete: 'cascade' }),
    /** sandbox | govukpay | invoice */
    provider: text('provider').notNull(),
    providerId: text('provider_id'),
    state: text('state').notNull().default('created'),
    amountPence: integer('amount_pence').notNull(),
    refundedPence: integer('refunded_pence').notNull().default(0),
    /** Where the resident goes to pay (absolute, on PUBLIC_URL or the provider's). */
    nextUrl: text('next_url'),
    /** Set once the state is final (success, failed, cancelled, error). */
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** The provider's failure code (e.g. P0010 declined), for the resident's message and officers. */
    failureCode: text('failure_code'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('payments_provider_id').on(t.provider, t.providerId),
    index('payments_request_idx').on(t.requestId),
    index('payments_open_idx').on(t.state, t.createdAt),
    uniqueIndex('payments_one_success').on(t.requestId).where(sql`state = 'success'`),
  ],
);
