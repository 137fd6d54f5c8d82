CREATE TABLE "agent_intervals" (
	"agent_id" uuid NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"staffed_ms" bigint DEFAULT 0 NOT NULL,
	"busy_ms" bigint DEFAULT 0 NOT NULL,
	"wrap_ms" bigint DEFAULT 0 NOT NULL,
	"available_ms" bigint DEFAULT 0 NOT NULL,
	"not_ready_ms" bigint DEFAULT 0 NOT NULL,
	"not_ready_reasons" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"handle_ms" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "agent_intervals_pk" PRIMARY KEY("agent_id","bucket_start")
);
--> statement-breakpoint
CREATE TABLE "agent_line_intervals" (
	"tenant_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"queue_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"handle_ms" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "agent_line_intervals_pk" PRIMARY KEY("tenant_id","bucket_start","agent_id","queue_id","channel")
);
--> statement-breakpoint
CREATE TABLE "agent_time_cursors" (
	"agent_id" uuid PRIMARY KEY NOT NULL,
	"folded_until" timestamp with time zone NOT NULL,
	"state" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agent_line_intervals" ADD CONSTRAINT "agent_line_intervals_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agent_line_intervals_agent_idx" ON "agent_line_intervals" USING btree ("agent_id","bucket_start");--> statement-breakpoint
CREATE INDEX "interaction_events_agent_at_idx" ON "interaction_events" USING btree ("agent_id","at") WHERE agent_id is not null;--> statement-breakpoint
-- The tenant wall for an agent's handling per line; agent_intervals and the cursors are center-level.
ALTER TABLE agent_line_intervals ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON agent_line_intervals USING (moked_tenant_visible(tenant_id)) WITH CHECK (moked_tenant_visible(tenant_id));
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON agent_intervals, agent_line_intervals, agent_time_cursors TO moked_app;
