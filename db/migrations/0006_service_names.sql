ALTER TABLE "services" ADD COLUMN "names" jsonb;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "containers" jsonb;