CREATE TABLE "request_history" (
	"id" serial PRIMARY KEY NOT NULL,
	"council_id" integer NOT NULL,
	"request_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"note" text,
	"user_id" integer,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "resident_requests" (
	"id" serial PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"council_id" integer NOT NULL,
	"kind" text NOT NULL,
	"uprn" bigint NOT NULL,
	"status" text DEFAULT 'pending_payment' NOT NULL,
	"amount_pence" integer NOT NULL,
	"paid_pence" integer DEFAULT 0 NOT NULL,
	"refunded_pence" integer DEFAULT 0 NOT NULL,
	"name" text,
	"email" text,
	"phone" text,
	"language" text DEFAULT 'en' NOT NULL,
	"channel" text DEFAULT 'web' NOT NULL,
	"hold_until" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "resident_requests_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" text PRIMARY KEY NOT NULL,
	"council_id" integer NOT NULL,
	"request_id" integer NOT NULL,
	"provider" text NOT NULL,
	"provider_id" text,
	"state" text DEFAULT 'created' NOT NULL,
	"amount_pence" integer NOT NULL,
	"refunded_pence" integer DEFAULT 0 NOT NULL,
	"next_url" text,
	"finished_at" timestamp with time zone,
	"failure_code" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payments_provider_id" UNIQUE("provider","provider_id")
);
--> statement-breakpoint
ALTER TABLE "councils" ADD COLUMN "requests" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "request_history" ADD CONSTRAINT "request_history_request_id_resident_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."resident_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resident_requests" ADD CONSTRAINT "resident_requests_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_request_id_resident_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."resident_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "request_history_request_idx" ON "request_history" USING btree ("request_id","at");--> statement-breakpoint
CREATE INDEX "resident_requests_council_idx" ON "resident_requests" USING btree ("council_id","kind","status","created_at");--> statement-breakpoint
CREATE INDEX "resident_requests_uprn_idx" ON "resident_requests" USING btree ("council_id","uprn","kind");--> statement-breakpoint
CREATE INDEX "resident_requests_hold_idx" ON "resident_requests" USING btree ("status","hold_until");--> statement-breakpoint
CREATE INDEX "payments_request_idx" ON "payments" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "payments_open_idx" ON "payments" USING btree ("state","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_one_success" ON "payments" USING btree ("request_id") WHERE state = 'success';