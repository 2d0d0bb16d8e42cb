import { date, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/** Bank holidays per GOV.UK division, loaded from a bank-holidays.json file. */
export const bankHolidays = pgTable(
  'bank_holidays',
  {
    division: text('division').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    title: text('title').notNull(),
  },
  (t) => [primaryKey({ columns: [t.division, t.date] })],
);
