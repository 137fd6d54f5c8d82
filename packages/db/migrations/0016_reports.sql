CREATE TABLE "report_intervals" (
	"tenant_id" uuid NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"queue_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"agent_id" uuid NOT NULL,
	"offered" integer DEFAULT 0 NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	"abandoned" integer DEFAULT 0 NOT NULL,
	"short_abandoned" integer DEFAULT 0 NOT NULL,
	"answered_in_sl" integer DEFAULT 0 NOT NULL,
	"wait_ms_sum" bigint DEFAULT 0 NOT NULL,
	"wait_hist" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"longest_wait_ms" bigint DEFAULT 0 NOT NULL,
	"talk_ms_sum" bigint DEFAULT 0 NOT NULL,
	"talk_count" integer DEFAULT 0 NOT NULL,
	"hold_ms_sum" bigint DEFAULT 0 NOT NULL,
	"wrap_ms_sum" bigint DEFAULT 0 NOT NULL,
	"wrap_count" integer DEFAULT 0 NOT NULL,
	"handle_ms_sum" bigint DEFAULT 0 NOT NULL,
	"handle_count" integer DEFAULT 0 NOT NULL,
	"transfers" integer DEFAULT 0 NOT NULL,
	"callbacks_requested" integer DEFAULT 0 NOT NULL,
	"callbacks_completed" integer DEFAULT 0 NOT NULL,
	"messages_taken" integer DEFAULT 0 NOT NULL,
	"overflowed" integer DEFAULT 0 NOT NULL,
	"voice_contacts" integer DEFAULT 0 NOT NULL,
	"obligated" integer DEFAULT 0 NOT NULL,
	"answered_in_time" integer DEFAULT 0 NOT NULL,
	"six_obligated" integer DEFAULT 0 NOT NULL,
	"six_in_time" integer DEFAULT 0 NOT NULL,
	"ended_before_limit" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "report_intervals_pk" PRIMARY KEY("tenant_id","bucket_start","queue_id","channel","agent_id")
);
--> statement-breakpoint
CREATE TABLE "report_schedules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"frequency" text NOT NULL,
	"recipients" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"hour" integer DEFAULT 7 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"next_run_at" timestamp with time zone NOT NULL,
	"last_run_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"roi" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "interactions" ADD COLUMN "reported_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "report_intervals" ADD CONSTRAINT "report_intervals_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_schedules" ADD CONSTRAINT "report_schedules_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_schedules" ADD CONSTRAINT "report_schedules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_settings" ADD CONSTRAINT "report_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_schedules_due_idx" ON "report_schedules" USING btree ("active","next_run_at");--> statement-breakpoint
CREATE INDEX "interactions_unreported_idx" ON "interactions" USING btree ("tenant_id","arrived_at") WHERE reported_at is null;