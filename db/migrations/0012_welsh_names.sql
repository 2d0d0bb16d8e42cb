ALTER TABLE "rounds" ADD COLUMN "names" jsonb;--> statement-breakpoint
ALTER TABLE "exceptions" ADD COLUMN "reasons" jsonb;