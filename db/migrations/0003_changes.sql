ALTER TABLE "exceptions" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "exceptions" ADD COLUMN "created_by" integer;