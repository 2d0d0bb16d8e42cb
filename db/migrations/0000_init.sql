CREATE TABLE "councils" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "councils_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"timezone" text DEFAULT 'Europe/London' NOT NULL,
	"bank_holiday_division" text DEFAULT 'england-and-wales' NOT NULL,
	"bank_holiday_rule" text DEFAULT 'slip' NOT NULL,
	"report_window_working_days" integer DEFAULT 2 NOT NULL,
	"same_day_cutoff" text DEFAULT '17:00' NOT NULL,
	"sla_working_days" integer DEFAULT 2 NOT NULL,
	"brand_colour" text DEFAULT '#0b0c0c' NOT NULL,
	"logo_url" text,
	"schedule_version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "councils_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "bank_holidays" (
	"division" text NOT NULL,
	"date" date NOT NULL,
	"title" text NOT NULL,
	CONSTRAINT "bank_holidays_division_date_pk" PRIMARY KEY("division","date")
);
--> statement-breakpoint
CREATE TABLE "services" (
	"council_id" integer NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"stream" text NOT NULL,
	"container" text NOT NULL,
	"colour" text NOT NULL,
	"ewc_code" text,
	CONSTRAINT "services_council_id_id_pk" PRIMARY KEY("council_id","id")
);
--> statement-breakpoint
CREATE TABLE "round_schedules" (
	"council_id" integer NOT NULL,
	"round_id" text NOT NULL,
	"from" date NOT NULL,
	"to" date,
	"anchor" date NOT NULL,
	"every_weeks" smallint NOT NULL,
	CONSTRAINT "round_schedules_council_id_round_id_from_pk" PRIMARY KEY("council_id","round_id","from")
);
--> statement-breakpoint
CREATE TABLE "rounds" (
	"council_id" integer NOT NULL,
	"id" text NOT NULL,
	"service_id" text NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "rounds_council_id_id_pk" PRIMARY KEY("council_id","id")
);
--> statement-breakpoint
CREATE TABLE "properties" (
	"uprn" bigint PRIMARY KEY NOT NULL,
	"council_id" integer NOT NULL,
	"address" text NOT NULL,
	"postcode" text NOT NULL,
	"usrn" bigint,
	"lat" double precision NOT NULL,
	"lon" double precision NOT NULL,
	"kind" text DEFAULT 'domestic' NOT NULL,
	"assisted" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assignments" (
	"council_id" integer NOT NULL,
	"uprn" bigint NOT NULL,
	"round_id" text NOT NULL,
	"from" date NOT NULL,
	"to" date,
	"sequence" integer NOT NULL,
	CONSTRAINT "assignments_council_id_uprn_round_id_from_pk" PRIMARY KEY("council_id","uprn","round_id","from")
);
--> statement-breakpoint
CREATE TABLE "exceptions" (
	"council_id" integer NOT NULL,
	"id" text NOT NULL,
	"date" date NOT NULL,
	"action" text NOT NULL,
	"to" date,
	"rounds" text[] DEFAULT '{}' NOT NULL,
	"services" text[] DEFAULT '{}' NOT NULL,
	"reason" text NOT NULL,
	CONSTRAINT "exceptions_council_id_id_pk" PRIMARY KEY("council_id","id")
);
--> statement-breakpoint
CREATE TABLE "crew_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"council_id" integer NOT NULL,
	"uprn" bigint NOT NULL,
	"service_id" text NOT NULL,
	"date" date NOT NULL,
	"outcome" text NOT NULL,
	"note" text,
	"photo" text,
	"recorded_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" integer
);
--> statement-breakpoint
CREATE TABLE "crew_photos" (
	"id" uuid PRIMARY KEY NOT NULL,
	"council_id" integer NOT NULL,
	"content_type" text NOT NULL,
	"data" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "round_runs" (
	"council_id" integer NOT NULL,
	"round_id" text NOT NULL,
	"date" date NOT NULL,
	"status" text DEFAULT 'not_started' NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	CONSTRAINT "round_runs_council_id_round_id_date_pk" PRIMARY KEY("council_id","round_id","date")
);
--> statement-breakpoint
CREATE TABLE "missed_reports" (
	"reference" text PRIMARY KEY NOT NULL,
	"council_id" integer NOT NULL,
	"uprn" bigint NOT NULL,
	"service_id" text NOT NULL,
	"collection_date" date NOT NULL,
	"reporter_name" text,
	"reporter_email" text,
	"reporter_phone" text,
	"notes" text,
	"channel" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"due_by" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"personal_data_purged_at" timestamp with time zone,
	CONSTRAINT "missed_reports_once" UNIQUE("uprn","service_id","collection_date")
);
--> statement-breakpoint
CREATE TABLE "reference_counters" (
	"prefix" text PRIMARY KEY NOT NULL,
	"value" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_updates" (
	"id" serial PRIMARY KEY NOT NULL,
	"council_id" integer NOT NULL,
	"reference" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"note" text,
	"internal_note" text,
	"user_id" integer
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" serial PRIMARY KEY NOT NULL,
	"council_id" integer,
	"kind" text NOT NULL,
	"recipient" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"payload" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "api_keys_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"council_id" integer NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"council_id" integer,
	"user_id" integer,
	"action" text NOT NULL,
	"subject" text,
	"detail" jsonb,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"key" text PRIMARY KEY NOT NULL,
	"status" integer NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "users_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"council_id" integer NOT NULL,
	"email" text NOT NULL,
	"name" text,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"customer_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "contract_lines" (
	"id" serial PRIMARY KEY NOT NULL,
	"council_id" integer NOT NULL,
	"contract_reference" text NOT NULL,
	"service_id" text NOT NULL,
	"round_id" text NOT NULL,
	"ewc_code" text NOT NULL,
	"container" text NOT NULL,
	"quantity" integer NOT NULL,
	"price_per_lift_pence" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"reference" text PRIMARY KEY NOT NULL,
	"council_id" integer NOT NULL,
	"customer_id" text NOT NULL,
	"uprn" bigint NOT NULL,
	"start" date NOT NULL,
	"end" date NOT NULL,
	"status" text NOT NULL,
	"paper_assessment" boolean DEFAULT false NOT NULL,
	"calendar_token_hash" text
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"council_id" integer NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"address" text NOT NULL,
	"company_number" text,
	"sic" text NOT NULL,
	"employees" integer NOT NULL,
	"email" text NOT NULL,
	"phone" text,
	CONSTRAINT "customers_council_id_id_pk" PRIMARY KEY("council_id","id")
);
--> statement-breakpoint
CREATE TABLE "transfer_notes" (
	"id" serial PRIMARY KEY NOT NULL,
	"council_id" integer NOT NULL,
	"contract_reference" text NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"fields" jsonb NOT NULL,
	"transferor_signed_by" text,
	"transferor_role" text,
	"transferor_signed_at" timestamp with time zone,
	"transferee_signed_by" text,
	"transferee_role" text,
	"transferee_signed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_schedules" ADD CONSTRAINT "round_schedules_council_id_round_id_rounds_council_id_id_fk" FOREIGN KEY ("council_id","round_id") REFERENCES "public"."rounds"("council_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_council_id_service_id_services_council_id_id_fk" FOREIGN KEY ("council_id","service_id") REFERENCES "public"."services"("council_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "properties" ADD CONSTRAINT "properties_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_uprn_properties_uprn_fk" FOREIGN KEY ("uprn") REFERENCES "public"."properties"("uprn") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_council_id_round_id_rounds_council_id_id_fk" FOREIGN KEY ("council_id","round_id") REFERENCES "public"."rounds"("council_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exceptions" ADD CONSTRAINT "exceptions_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crew_events" ADD CONSTRAINT "crew_events_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crew_photos" ADD CONSTRAINT "crew_photos_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_runs" ADD CONSTRAINT "round_runs_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "missed_reports" ADD CONSTRAINT "missed_reports_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_updates" ADD CONSTRAINT "report_updates_reference_missed_reports_reference_fk" FOREIGN KEY ("reference") REFERENCES "public"."missed_reports"("reference") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_lines" ADD CONSTRAINT "contract_lines_contract_reference_contracts_reference_fk" FOREIGN KEY ("contract_reference") REFERENCES "public"."contracts"("reference") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "properties_postcode_idx" ON "properties" USING btree ("postcode");--> statement-breakpoint
CREATE INDEX "properties_council_idx" ON "properties" USING btree ("council_id","uprn");--> statement-breakpoint
CREATE INDEX "assignments_round_idx" ON "assignments" USING btree ("council_id","round_id","sequence");--> statement-breakpoint
CREATE INDEX "assignments_uprn_idx" ON "assignments" USING btree ("uprn");--> statement-breakpoint
CREATE INDEX "crew_events_stop_idx" ON "crew_events" USING btree ("council_id","uprn","service_id","date");--> statement-breakpoint
CREATE INDEX "missed_reports_council_idx" ON "missed_reports" USING btree ("council_id","status","created_at");--> statement-breakpoint
CREATE INDEX "report_updates_ref_idx" ON "report_updates" USING btree ("reference","at");--> statement-breakpoint
CREATE INDEX "audit_log_council_idx" ON "audit_log" USING btree ("council_id","at");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");