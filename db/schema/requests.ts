import { bigint, index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { councils } from './councils.ts';

/** The three things a resident can request and pay for (DESIGN.md "Requests and payments"). */
export const REQUEST_KINDS = ['garden_subscription', 'bulky_booking', 'container_request'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/**
 * `pending_payment` → `active` (garden, containers) or `confirmed` (bulky) once its payment has
 * succeeded → `cancelled` | `expired` | `completed`. Only these values are ever stored.
 */
export const REQUEST_STATUSES = ['pending_payment', 'active', 'confirmed', 'cancelled', 'expired', 'completed'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/**
 * What every request has, whatever its kind; the kind's own table (garden_subscriptions,
 * bulky_bookings, container_requests) holds the rest, keyed by `request_id`. References are
 * `GW-26-000001` (garden waste), `BW-26-…` (bulky waste) and `BR-26-…` (bin request), counted in
 * `reference_counters` like reports.
 */
export const residentRequests = pgTable(
  'resident_requests',
  {
    id: serial('id').primaryKey(),
    reference: text('reference').notNull().unique(),
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<RequestKind>().notNull(),
    uprn: bigint('uprn', { mode: 'number' }).notNull(),
    status: text('status').$type<RequestStatus>().notNull().default('pending_payment'),
    /** What the request costs, fixed when it is made (the payment must be for exactly this). */
    amountPence: integer('amount_pence').notNull(),
    paidPence: integer('paid_pence').notNull().default(0),
    refundedPence: integer('refunded_pence').notNull().default(0),
    /**
     * What a cancellation owes the resident in total; refunds are made through the provider after
     * the cancellation commits (no lock held over HTTP), and the reconciliation job retries while
     * `refunded_pence` is short of it.
     */
    refundDuePence: integer('refund_due_pence').notNull().default(0),
    name: text('name'),
    email: text('email'),
    phone: text('phone'),
    /** The language the resident asked in: their emails are written in it. */
    language: text('language').notNull().default('en'),
    /** web | api | open311 | officer */
    channel: text('channel').notNull().default('web'),
    /** A pending request holds what it asked for until then (30 minutes); null: no hold (invoice). */
    holdUntil: timestamp('hold_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('resident_requests_council_idx').on(t.councilId, t.kind, t.status, t.createdAt),
    index('resident_requests_uprn_idx').on(t.councilId, t.uprn, t.kind),
    index('resident_requests_hold_idx').on(t.status, t.holdUntil),
  ],
);

/** A request's history: each status it passed through, with a note the resident may read. */
export const requestHistory = pgTable(
  'request_history',
  {
    id: serial('id').primaryKey(),
    councilId: integer('council_id').notNull(),
    requestId: integer('request_id').notNull().references(() => residentRequests.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    status: text('status').notNull(),
    note: text('note'),
    userId: integer('user_id'),
    /** Anything the kind wants to keep with the step (e.g. a booking's items before an amendment). */
    detail: jsonb('detail'),
  },
  (t) => [index('request_history_request_idx').on(t.requestId, t.at)],
);
