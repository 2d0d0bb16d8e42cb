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
ALTER TABLE "resident_requests" ADD COLUMN "refund_due_pence" integer DEFAULT 0 NOT NULL;