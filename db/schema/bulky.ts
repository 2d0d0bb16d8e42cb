import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { councils } from './councils.ts';
import { residentRequests } from './requests.ts';

/**
 * A bulky waste booking: the rest of a `bulky_booking` request (resident_requests holds status,
 * money and contact). `round_id` is the council's bulky-stream round collecting on `date`, fixed
 * when the date is chosen. `held`: the booking holds a place on its date (pending, confirmed or
 * done); the kind's expire and cancel hooks clear it, and a request removed because its payment
 * could not be created takes its booking with it (cascade). Places are counted from it (bulky_days).
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
    held: boolean('held').notNull().default(true),
  },
  (t) => [
    index('bulky_bookings_day_idx').on(t.councilId, t.date),
    // Slots and the place check count only the bookings that hold a place: an index-only count.
    index('bulky_bookings_held_idx').on(t.councilId, t.date).where(sql`held`),
    index('bulky_bookings_uprn_idx').on(t.councilId, t.uprn),
  ],
);

/**
 * One row per (council, collection date) ever booked: the lock that makes places race-proof.
 * Booking (or moving to) a date locks its row (`SELECT … FOR UPDATE`) and then counts the places
 * held, so two residents racing for the last place are served one after the other and the second
 * sees it taken (`409 slot_full`). Places are counted (bookings with `held`), not kept in a counter, so a
 * request removed because its payment could not be created frees its place with no bookkeeping.
 */
export const bulkyDays = pgTable(
  'bulky_days',
  {
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'cascade' }),
    date: date('date', { mode: 'string' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.councilId, t.date] })],
);
