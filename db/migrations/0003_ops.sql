CREATE TABLE "job_runs" (
	"name" text PRIMARY KEY NOT NULL,
	"slot" bigint NOT NULL,
	"holder" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"outcome" text NOT NULL,
	"last_error" text
);
