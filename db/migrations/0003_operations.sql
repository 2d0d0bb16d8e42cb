CREATE TABLE "round_activity" (
	"council_id" integer NOT NULL,
	"round_id" text NOT NULL,
	"date" date NOT NULL,
	"first_event_at" timestamp with time zone NOT NULL,
	CONSTRAINT "round_activity_council_id_round_id_date_pk" PRIMARY KEY("council_id","round_id","date")
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"name" text PRIMARY KEY NOT NULL,
	"slot" bigint NOT NULL,
	"holder" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"outcome" text NOT NULL,
	"last_error" text
);
--> statement-breakpoint
ALTER TABLE "exceptions" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "exceptions" ADD COLUMN "created_by" integer;--> statement-breakpoint
ALTER TABLE "round_activity" ADD CONSTRAINT "round_activity_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "properties_council_geo_idx" ON "properties" USING btree ("council_id","lat","lon");