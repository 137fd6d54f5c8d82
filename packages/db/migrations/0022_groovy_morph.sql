ALTER TABLE "callback_requests" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "callback_requests" ADD COLUMN "last_attempt_at" timestamp with time zone;