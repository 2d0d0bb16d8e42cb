CREATE TABLE "garden_subscriptions" (
	"request_id" integer PRIMARY KEY NOT NULL,
	"council_id" integer NOT NULL,
	"uprn" bigint NOT NULL,
	"bins" integer NOT NULL,
	"concession" boolean DEFAULT false NOT NULL,
	"year_start" date NOT NULL,
	"year_end" date NOT NULL,
	"starts_on" date,
	"round_id" text,
	"assignment_from" date,
	"bins_delivered" integer DEFAULT 0 NOT NULL,
	"adds_to" integer
);
--> statement-breakpoint
CREATE TABLE "sandbox_payments" (
	"id" text PRIMARY KEY NOT NULL,
	"amount_pence" integer NOT NULL,
	"reference" text NOT NULL,
	"description" text NOT NULL,
	"return_url" text NOT NULL,
	"language" text DEFAULT 'en' NOT NULL,
	"state" text DEFAULT 'created' NOT NULL,
	"code" text,
	"refunded_pence" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "container_requests" (
	"request_id" integer PRIMARY KEY NOT NULL,
	"council_id" integer NOT NULL,
	"uprn" bigint NOT NULL,
	"container_id" text NOT NULL,
	"service_id" text NOT NULL,
	"reason" text NOT NULL,
	"quantity" integer NOT NULL,
	"open" boolean DEFAULT true NOT NULL,
	"round_id" text,
	"delivery_date" date,
	"delivered_at" timestamp with time zone,
	"delivered_by" integer
);
--> statement-breakpoint
CREATE TABLE "bulky_bookings" (
	"request_id" integer PRIMARY KEY NOT NULL,
	"council_id" integer NOT NULL,
	"uprn" bigint NOT NULL,
	"date" date NOT NULL,
	"round_id" text NOT NULL,
	"items" jsonb NOT NULL,
	"location" text NOT NULL,
	"held" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bulky_days" (
	"council_id" integer NOT NULL,
	"date" date NOT NULL,
	CONSTRAINT "bulky_days_council_id_date_pk" PRIMARY KEY("council_id","date")
);
--> statement-breakpoint
ALTER TABLE "resident_requests" ADD COLUMN "refund_due_pence" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "garden_subscriptions" ADD CONSTRAINT "garden_subscriptions_request_id_resident_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."resident_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "garden_subscriptions" ADD CONSTRAINT "garden_subscriptions_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "garden_subscriptions" ADD CONSTRAINT "garden_subscriptions_adds_to_resident_requests_id_fk" FOREIGN KEY ("adds_to") REFERENCES "public"."resident_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "container_requests" ADD CONSTRAINT "container_requests_request_id_resident_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."resident_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "container_requests" ADD CONSTRAINT "container_requests_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulky_bookings" ADD CONSTRAINT "bulky_bookings_request_id_resident_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."resident_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulky_bookings" ADD CONSTRAINT "bulky_bookings_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulky_days" ADD CONSTRAINT "bulky_days_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "garden_subscriptions_property_idx" ON "garden_subscriptions" USING btree ("council_id","uprn","year_start");--> statement-breakpoint
CREATE INDEX "garden_subscriptions_adds_idx" ON "garden_subscriptions" USING btree ("adds_to");--> statement-breakpoint
CREATE UNIQUE INDEX "container_requests_one_open" ON "container_requests" USING btree ("council_id","uprn","container_id") WHERE "open";--> statement-breakpoint
CREATE INDEX "container_requests_delivery_idx" ON "container_requests" USING btree ("council_id","delivery_date","round_id");--> statement-breakpoint
CREATE INDEX "bulky_bookings_day_idx" ON "bulky_bookings" USING btree ("council_id","date");--> statement-breakpoint
CREATE INDEX "bulky_bookings_held_idx" ON "bulky_bookings" USING btree ("council_id","date") WHERE held;--> statement-breakpoint
CREATE INDEX "bulky_bookings_uprn_idx" ON "bulky_bookings" USING btree ("council_id","uprn");