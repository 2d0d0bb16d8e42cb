import { bigint, boolean, doublePrecision, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { councils } from './councils.ts';

/** An addressable property, keyed by its UPRN (unique across the deployment). */
export const properties = pgTable(
  'properties',
  {
    uprn: bigint('uprn', { mode: 'number' }).primaryKey(),
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'cascade' }),
    address: text('address').notNull(),
    /** Normalised: upper case, one space before the inward code. */
    postcode: text('postcode').notNull(),
    usrn: bigint('usrn', { mode: 'number' }),
    lat: doublePrecision('lat').notNull(),
    lon: doublePrecision('lon').notNull(),
    kind: text('kind').notNull().default('domestic'),
    assisted: boolean('assisted').notNull().default(false),
  },
  (t) => [index('properties_postcode_idx').on(t.postcode), index('properties_council_idx').on(t.councilId, t.uprn),
    // The officer map's bounding-box queries.
    index('properties_council_geo_idx').on(t.councilId, t.lat, t.lon)],
);
