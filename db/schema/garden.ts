import { bigint, boolean, date, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { councils } from './councils.ts';
import { residentRequests } from './requests.ts';

/**
 * A garden waste subscription (request kind `garden_subscription`), or bins added to one
 * (`adds_to` names the subscription's request). The request row holds status, money and the
 * resident; this row holds what was bought. Paying creates the property's assignment on
 * `round_id` from `assignment_from` (the round's first collection after the day of payment) to
 * `year_end`; `starts_on` is that first collection's date as the resident sees it.
 * At most one active subscription per property and year is enforced by the service under a lock
 * on the property row (a pending one does not block another: DESIGN.md).
 */
export const gardenSubscriptions = pgTable(
  'garden_subscriptions',
  {
    requestId: integer('request_id').primaryKey().references(() => residentRequests.id, { onDelete: 'cascade' }),
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'cascade' }),
    uprn: bigint('uprn', { mode: 'number' }).notNull(),
    bins: integer('bins').notNull(),
    concession: boolean('concession').notNull().default(false),
    yearStart: date('year_start', { mode: 'string' }).notNull(),
    yearEnd: date('year_end', { mode: 'string' }).notNull(),
    /** First collection (set when paid); null while pending, or when no collection was left in the year. */
    startsOn: date('starts_on', { mode: 'string' }),
    roundId: text('round_id'),
    /** The assignment made when paid: (council_id, uprn, round_id, assignment_from). */
    assignmentFrom: date('assignment_from', { mode: 'string' }),
    binsDelivered: integer('bins_delivered').notNull().default(0),
    /** For bins added mid-year: the subscription's request id. */
    addsTo: integer('adds_to').references(() => residentRequests.id, { onDelete: 'cascade' }),
  },
  (t) => [
    index('garden_subscriptions_property_idx').on(t.councilId, t.uprn, t.yearStart),
    index('garden_subscriptions_adds_idx').on(t.addsTo),
  ],
);
