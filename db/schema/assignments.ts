import { bigint, date, foreignKey, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { properties } from './properties.ts';
import { rounds } from './rounds.ts';

/** A property on a round from `from` (to `to`, inclusive, when set), at stop `sequence`. */
export const assignments = pgTable(
  'assignments',
  {
    councilId: integer('council_id').notNull(),
    uprn: bigint('uprn', { mode: 'number' }).notNull().references(() => properties.uprn, { onDelete: 'cascade' }),
    roundId: text('round_id').notNull(),
    from: date('from', { mode: 'string' }).notNull(),
    to: date('to', { mode: 'string' }),
    sequence: integer('sequence').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.councilId, t.uprn, t.roundId, t.from] }),
    foreignKey({ columns: [t.councilId, t.roundId], foreignColumns: [rounds.councilId, rounds.id] }).onDelete('cascade'),
    index('assignments_round_idx').on(t.councilId, t.roundId, t.sequence),
    index('assignments_uprn_idx').on(t.uprn),
  ],
);
