import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { councils } from './councils.ts';
import { residentRequests } from './requests.ts';

/**
 * A bin or container request (kind `container_request`, references `BR-26-…`): what the resident
 * asked for, and the delivery it becomes once paid (or at once when free).
 *
 * `open` is the "one open request per container type per property" slot (DESIGN.md "Requests and
 * payments"): true while the request is pending payment within its hold, or active and not yet
 * delivered; false once it is delivered, cancelled or expired. The partial unique index makes the
 * database itself refuse a second open request, so two residents (or one double click) racing for
 * the same slot get exactly one request; the other gets `409 request_open`.
 */
export const containerRequests = pgTable(
  'container_requests',
  {
    requestId: integer('request_id').primaryKey().references(() => residentRequests.id, { onDelete: 'cascade' }),
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'cascade' }),
    uprn: bigint('uprn', { mode: 'number' }).notNull(),
    /** The council's container id (bundle `requests.containers[].id`). */
    containerId: text('container_id').notNull(),
    /** The service the container is for, copied from the settings when asked (the delivery goes with its round). */
    serviceId: text('service_id').notNull(),
    /** new_property | damaged | stolen | missing | extra */
    reason: text('reason').notNull(),
    quantity: integer('quantity').notNull(),
    /** Holds the one-open slot (see above). */
    open: boolean('open').notNull().default(true),
    /** Set when the request becomes active: the round and the (adjusted) collection day the crew delivers on. */
    roundId: text('round_id'),
    deliveryDate: date('delivery_date', { mode: 'string' }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    deliveredBy: integer('delivered_by'),
  },
  (t) => [
    uniqueIndex('container_requests_one_open').on(t.councilId, t.uprn, t.containerId).where(sql`"open"`),
    // The crew's round sheet and the officer's deliveries list: a council's deliveries on a day.
    index('container_requests_delivery_idx').on(t.councilId, t.deliveryDate, t.roundId),
  ],
);
