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
ALTER TABLE "garden_subscriptions" ADD CONSTRAINT "garden_subscriptions_request_id_resident_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."resident_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "garden_subscriptions" ADD CONSTRAINT "garden_subscriptions_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "garden_subscriptions" ADD CONSTRAINT "garden_subscriptions_adds_to_resident_requests_id_fk" FOREIGN KEY ("adds_to") REFERENCES "public"."resident_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "garden_subscriptions_property_idx" ON "garden_subscriptions" USING btree ("council_id","uprn","year_start");--> statement-breakpoint
CREATE INDEX "garden_subscriptions_adds_idx" ON "garden_subscriptions" USING btree ("adds_to");