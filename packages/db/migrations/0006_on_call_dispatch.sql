CREATE TABLE "dispatches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"message_id" uuid,
	"chain" jsonb NOT NULL,
	"step" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'notifying' NOT NULL,
	"next_escalation_at" timestamp with time zone,
	"log" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "on_call_rosters" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"members" jsonb NOT NULL,
	"rotation_start" text NOT NULL,
	"handover_weekday" integer DEFAULT 0 NOT NULL,
	"handover_time" text DEFAULT '08:00' NOT NULL,
	"overrides" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"holiday_member_id" text,
	"escalation" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"ack_timeout_seconds" integer DEFAULT 600 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "server_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dispatches" ADD CONSTRAINT "dispatches_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispatches" ADD CONSTRAINT "dispatches_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "on_call_rosters" ADD CONSTRAINT "on_call_rosters_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dispatches_due_idx" ON "dispatches" USING btree ("status","next_escalation_at");--> statement-breakpoint
CREATE INDEX "dispatches_tenant_idx" ON "dispatches" USING btree ("tenant_id","created_at");