CREATE SEQUENCE "public"."interaction_side_event_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
ALTER TABLE "report_intervals" ADD COLUMN "outbound_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "report_intervals" ADD COLUMN "outbound_reached" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "report_intervals" ADD COLUMN "csat_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "report_intervals" ADD COLUMN "csat_sum" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "report_intervals" ADD COLUMN "csat_satisfied" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "report_intervals" ADD COLUMN "fcr_eligible" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "report_intervals" ADD COLUMN "repeat_d1" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "report_intervals" ADD COLUMN "repeat_d3" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "report_intervals" ADD COLUMN "repeat_d7" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "report_intervals" ADD COLUMN "repeat_d14" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "report_intervals" ADD COLUMN "repeat_d30" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "interactions_customer_idx" ON "interactions" USING btree ("tenant_id","customer_ref","arrived_at") WHERE customer_ref is not null;--> statement-breakpoint
GRANT USAGE, SELECT ON SEQUENCE interaction_side_event_seq TO moked_app;
