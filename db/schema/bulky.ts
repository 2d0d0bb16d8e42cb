import { bigint, date, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { councils } from './councils.ts';
import { residentRequests } from './requests.ts';

/**
 * A bulky waste booking: the rest of a `bulky_booking` request (resident_requests holds status,
 * money and contact). `round_id` is the council's bulky-stream round collecting on `date`, fixed
 * when the date is chosen. A booking holds a place on its date while its request is `confirmed`
 * or `pending_payment` with its hold unexpired; nothing else is stored about places (see bulky_days).
 */
export const bulkyBookings = pgTable(
  'bulky_bookings',
  {
    requestId: integer('request_id').primaryKey().references(() => residentRequests.id, { onDelete: 'cascade' }),
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'cascade' }),
    uprn: bigint('uprn', { mode: 'number' }).notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    roundId: text('round_id').notNull(),
    /** `[{ id, quantity }]`, item ids from the council's `requests.bulky.items`, merged and in its order. */
    items: jsonb('items').$type<Array<{ id: string; quantity: number }>>().notNull(),
    /** Where the items will be, in the resident's words ("front garden by the gate"). */
    location: text('location').notNull(),
  },
  (t) => [index('bulky_bookings_day_idx').on(t.councilId, t.date), index('bulky_bookings_uprn_idx').on(t.councilId, t.uprn)],
);

/**
 * One row per (council, collection date) ever booked: the lock that makes places race-proof.
 * Booking (or moving to) a date locks its row (`SELECT … FOR UPDATE`) and then counts the places
 * held, so two residents racing for the last place are served one after the other and the second
 * sees it taken (`409 slot_full`). Places are counted, not kept in a counter, so a request that
 * expires, is cancelled or is removed (a payment provider that was down) frees its place with no
 * bookkeeping that could drift.
 */
export const bulkyDays = pgTable(
  'bulky_days',
  {
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'cascade' }),
    date: date('date', { mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.councilId, t.date] })],
);
