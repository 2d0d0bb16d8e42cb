ALTER TABLE "councils" ADD COLUMN "nation" text;--> statement-breakpoint
ALTER TABLE "councils" ADD COLUMN "carrier_registration" text;