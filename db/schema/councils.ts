import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { RequestsConfig } from '../../server/domain/requests/config.ts';

/** One provider as the bundle gives it; the client secret is read from the named environment variable. */
export interface OidcProviderConfig {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  clientSecretEnv: string;
  role: 'admin' | 'officer' | 'crew';
  emailDomains: string[];
  residents?: boolean;
}

/** A council (tenant). Every council-owned row elsewhere carries `council_id`. */
export const councils = pgTable('councils', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  /** IANA zone; "today" and cut-offs are read in this zone. */
  timezone: text('timezone').notNull().default('Europe/London'),
  /** Which GOV.UK bank-holiday division applies: england-and-wales | scotland | northern-ireland. */
  bankHolidayDivision: text('bank_holiday_division').notNull().default('england-and-wales'),
  /** slip: collections in a bank-holiday week move a day later; none: nothing moves. */
  bankHolidayRule: text('bank_holiday_rule').notNull().default('slip'),
  /**
   * england | wales | scotland | northern-ireland. The bank-holiday division cannot tell Wales from
   * England, and Simpler Recycling is England's alone; null means "as the division suggests" (E&W → England).
   */
  nation: text('nation'),
  /** The council's waste carrier registration (e.g. CBDU123456), printed on transfer notes. */
  carrierRegistration: text('carrier_registration'),
  reportWindowWorkingDays: integer('report_window_working_days').notNull().default(2),
  /** HH:MM local; before it, today's collection cannot be reported missed unless the run is complete. */
  sameDayCutoff: text('same_day_cutoff').notNull().default('17:00'),
  slaWorkingDays: integer('sla_working_days').notNull().default(2),
  /** Branding: the header colour and optional logo on council pages. */
  brandColour: text('brand_colour').notNull().default('#0b0c0c'),
  logoUrl: text('logo_url'),
  /** Bumped by every write that changes schedules (import, exceptions, bank holidays): feeds' validators derive from it. */
  scheduleVersion: integer('schedule_version').notNull().default(1),
  /** The languages its pages, feeds and JSON are offered in, the first the default (bundle `council.languages`). */
  languages: jsonb('languages').$type<Array<'en' | 'cy'>>().notNull().default(['en']),
  /** OpenID Connect providers staff (and optionally residents) sign in with (bundle `council.oidc`; DESIGN.md "Sign-in"). */
  oidc: jsonb('oidc').$type<OidcProviderConfig[]>().notNull().default([]),
  /** What residents can request and pay for (bundle `requests`; DESIGN.md "Requests and payments"). */
  requests: jsonb('requests').$type<RequestsConfig>().notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
