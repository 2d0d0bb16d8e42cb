CREATE TABLE "alert_changes_sent" (
	"subscription_id" integer NOT NULL,
	"change_key" text NOT NULL,
	"queued_at" timestamp with time zone NOT NULL,
	CONSTRAINT "alert_changes_sent_subscription_id_change_key_pk" PRIMARY KEY("subscription_id","change_key")
);
--> statement-breakpoint
CREATE TABLE "alert_reminders_sent" (
	"subscription_id" integer NOT NULL,
	"collection_date" date NOT NULL,
	"queued_at" timestamp with time zone NOT NULL,
	CONSTRAINT "alert_reminders_sent_subscription_id_collection_date_pk" PRIMARY KEY("subscription_id","collection_date")
);
--> statement-breakpoint
CREATE TABLE "alert_subscriptions" (
	"id" serial PRIMARY KEY NOT NULL,
	"council_id" integer NOT NULL,
	"uprn" bigint NOT NULL,
	"email" text NOT NULL,
	"kinds" jsonb NOT NULL,
	"remind_at" text DEFAULT '18:00' NOT NULL,
	"language" text DEFAULT 'en' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"confirmation_sent_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"unsubscribed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "alert_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"purpose" text NOT NULL,
	"email" text NOT NULL,
	"subscription_id" integer,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alert_changes_sent" ADD CONSTRAINT "alert_changes_sent_subscription_id_alert_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."alert_subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_reminders_sent" ADD CONSTRAINT "alert_reminders_sent_subscription_id_alert_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."alert_subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_subscriptions" ADD CONSTRAINT "alert_subscriptions_council_id_councils_id_fk" FOREIGN KEY ("council_id") REFERENCES "public"."councils"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_tokens" ADD CONSTRAINT "alert_tokens_subscription_id_alert_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."alert_subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alert_subscriptions_uprn_email_idx" ON "alert_subscriptions" USING btree ("uprn","email");--> statement-breakpoint
CREATE INDEX "alert_subscriptions_email_idx" ON "alert_subscriptions" USING btree ("email");--> statement-breakpoint
CREATE INDEX "alert_subscriptions_council_idx" ON "alert_subscriptions" USING btree ("council_id","uprn");--> statement-breakpoint
CREATE INDEX "alert_tokens_email_idx" ON "alert_tokens" USING btree ("email","purpose","created_at");