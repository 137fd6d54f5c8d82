-- The same tenant wall for routing data. Center-level rows (tenant_id null: agent state changes, agent
-- commands) are for center staff only.
ALTER TABLE queues ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON queues USING (moked_tenant_visible(tenant_id)) WITH CHECK (moked_center_scope());
--> statement-breakpoint
ALTER TABLE interactions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON interactions USING (moked_tenant_visible(tenant_id)) WITH CHECK (moked_tenant_visible(tenant_id));
--> statement-breakpoint
ALTER TABLE interaction_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON interaction_events
  USING (CASE WHEN tenant_id IS NULL THEN moked_center_scope() ELSE moked_tenant_visible(tenant_id) END)
  WITH CHECK (CASE WHEN tenant_id IS NULL THEN moked_center_scope() ELSE moked_tenant_visible(tenant_id) END);
--> statement-breakpoint
ALTER TABLE routing_commands ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON routing_commands
  USING (CASE WHEN tenant_id IS NULL THEN moked_center_scope() ELSE moked_tenant_visible(tenant_id) END)
  WITH CHECK (moked_center_scope());
--> statement-breakpoint
ALTER TABLE routing_snapshots ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY center_only ON routing_snapshots USING (moked_center_scope()) WITH CHECK (moked_center_scope());
--> statement-breakpoint
ALTER TABLE agent_profiles ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Agent profiles are the center's; an agent reads them through the API, which runs them as center data.
CREATE POLICY center_only ON agent_profiles USING (moked_center_scope()) WITH CHECK (moked_center_scope());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO moked_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO moked_app;
