import { foreignKey, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { councils } from './councils.ts';

/** A council's waste service (refuse, recycling, food…); `id` is a council-scoped code. */
export const services = pgTable(
  'services',
  {
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    /** In the council's first language; `names` holds each language's when the bundle gave them. */
    name: text('name').notNull(),
    names: jsonb('names').$type<{ en?: string; cy?: string }>(),
    stream: text('stream').notNull(),
    container: text('container').notNull(),
    containers: jsonb('containers').$type<{ en?: string; cy?: string }>(),
    colour: text('colour').notNull(),
    ewcCode: text('ewc_code'),
  },
  (t) => [primaryKey({ columns: [t.councilId, t.id] })],
);

