import { foreignKey, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { councils } from './councils.ts';

/** A council's waste service (refuse, recycling, food…); `id` is a council-scoped code. */
export const services = pgTable(
  'services',
  {
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    name: text('name').notNull(),
    stream: text('stream').notNull(),
    container: text('container').notNull(),
    colour: text('colour').notNull(),
    ewcCode: text('ewc_code'),
  },
  (t) => [primaryKey({ columns: [t.councilId, t.id] })],
);

