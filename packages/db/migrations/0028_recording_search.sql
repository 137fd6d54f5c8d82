ALTER TABLE "call_recordings" ADD COLUMN "agent_id" uuid;--> statement-breakpoint
ALTER TABLE "call_recordings" ADD COLUMN "direction" text DEFAULT 'inbound' NOT NULL;--> statement-breakpoint
CREATE INDEX "call_recordings_tenant_started_idx" ON "call_recordings" USING btree ("tenant_id","started_at");