CREATE TABLE "alert_changes_sent" (
	"subscription_id" integer NOT NULL,
	"change_key" text NOT NULL,
	"queued_at" timestamp with time zone NOT NULL,
	CONSTRAINT "alert_changes_sent_subscription_id_change_key_pk" PRIMARY KEY("subscription_id","change_key")
);
--> statement-breakpoint
ALTER TABLE "alert_changes_sent" ADD CONSTRAINT "alert_changes_sent_subscription_id_alert_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."alert_subscriptions"("id") ON DELETE cascade ON UPDATE no action;