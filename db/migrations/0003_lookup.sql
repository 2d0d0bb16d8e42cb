CREATE TABLE "round_activity" (
	"council_id" integer NOT NULL,
	"round_id" text NOT NULL,
	"date" date NOT NULL,
	"first_event_at" timestamp with time zone NOT NULL,
	CONSTRAINT "round_activity_council_id_round_id_date_pk" PRIMARY KEY("council_id","round_id","date")
);
--> statement-breakpoint
ALTER TABLE "round_activity" ADD CONSTRAINT "round_activity_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;