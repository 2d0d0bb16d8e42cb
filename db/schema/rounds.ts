import { date, foreignKey, integer, jsonb, pgTable, primaryKey, smallint, text } from 'drizzle-orm/pg-core';
import { councils } from './councils.ts';
import { services } from './services.ts';

/** A collection round: one service, one crew, stops in sequence. */
export const rounds = pgTable(
  'rounds',
  {
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    serviceId: text('service_id').notNull(),
    /** In the council's first language; `names` holds each language's when the bundle gave them (DESIGN.md "Languages"). */
    name: text('name').notNull(),
    names: jsonb('names').$type<{ en?: string; cy?: string }>(),
  },
  (t) => [
    primaryKey({ columns: [t.councilId, t.id] }),
    foreignKey({ columns: [t.councilId, t.serviceId], foreignColumns: [services.councilId, services.id] }),
  ],
);

/** Effective-dated schedule periods of a round: base dates are anchor + 7·everyWeeks·k within [from, to]. */
export const roundSchedules = pgTable(
  'round_schedules',
  {
    councilId: integer('council_id').notNull(),
    roundId: text('round_id').notNull(),
    from: date('from', { mode: 'string' }).notNull(),
    to: date('to', { mode: 'string' }),
    anchor: date('anchor', { mode: 'string' }).notNull(),
    everyWeeks: smallint('every_weeks').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.councilId, t.roundId, t.from] }),
    foreignKey({ columns: [t.councilId, t.roundId], foreignColumns: [rounds.councilId, rounds.id] }).onDelete('cascade'),
  ],
);
