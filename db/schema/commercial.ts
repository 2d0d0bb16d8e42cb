import { bigint, boolean, date, integer, jsonb, pgTable, primaryKey, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { councils } from './councils.ts';

/** A business that buys collections from the council. `id` is a council-scoped code. */
export const customers = pgTable(
  'customers',
  {
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    name: text('name').notNull(),
    address: text('address').notNull(),
    companyNumber: text('company_number'),
    /** SIC 2007 code, five digits. */
    sic: text('sic').notNull(),
    employees: integer('employees').notNull(),
    email: text('email').notNull(),
    phone: text('phone'),
  },
  (t) => [primaryKey({ columns: [t.councilId, t.id] })],
);

export const contracts = pgTable('contracts', {
  reference: text('reference').primaryKey(),
  councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'cascade' }),
  customerId: text('customer_id').notNull(),
  uprn: bigint('uprn', { mode: 'number' }).notNull(),
  start: date('start', { mode: 'string' }).notNull(),
  end: date('end', { mode: 'string' }).notNull(),
  /** draft | active | suspended | ended */
  status: text('status').notNull(),
  /** A written assessment allows paper and card to be collected mixed with other dry recyclables. */
  paperAssessment: boolean('paper_assessment').notNull().default(false),
  /** SHA-256 of the token in the private calendar URL; revoked by replacing it. */
  calendarTokenHash: text('calendar_token_hash'),
});

export const contractLines = pgTable('contract_lines', {
  id: serial('id').primaryKey(),
  councilId: integer('council_id').notNull(),
  contractReference: text('contract_reference').notNull().references(() => contracts.reference, { onDelete: 'cascade' }),
  serviceId: text('service_id').notNull(),
  roundId: text('round_id').notNull(),
  ewcCode: text('ewc_code').notNull(),
  container: text('container').notNull(),
  quantity: integer('quantity').notNull(),
  pricePerLiftPence: integer('price_per_lift_pence').notNull(),
});

/** Duty-of-care season ticket: one per contract period of at most 12 months. */
export const transferNotes = pgTable('transfer_notes', {
  id: serial('id').primaryKey(),
  councilId: integer('council_id').notNull(),
  contractReference: text('contract_reference').notNull(),
  periodStart: date('period_start', { mode: 'string' }).notNull(),
  periodEnd: date('period_end', { mode: 'string' }).notNull(),
  /** Every field the Environmental Protection (Duty of Care) Regulations ask for, as issued. */
  fields: jsonb('fields').notNull(),
  transferorSignedBy: text('transferor_signed_by'),
  transferorRole: text('transferor_role'),
  transferorSignedAt: timestamp('transferor_signed_at', { withTimezone: true }),
  transfereeSignedBy: text('transferee_signed_by'),
  transfereeRole: text('transferee_role'),
  transfereeSignedAt: timestamp('transferee_signed_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
