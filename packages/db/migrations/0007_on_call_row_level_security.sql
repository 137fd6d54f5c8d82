-- The tenant wall for on-call rosters and dispatches; server secrets are for system code only (no policy
-- grants moked_app anything on them).
ALTER TABLE on_call_rosters ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON on_call_rosters USING (moked_tenant_visible(tenant_id)) WITH CHECK (moked_center_scope());
--> statement-breakpoint
ALTER TABLE dispatches ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON dispatches USING (moked_tenant_visible(tenant_id)) WITH CHECK (moked_tenant_visible(tenant_id));
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON on_call_rosters, dispatches TO moked_app;
--> statement-breakpoint
ALTER TABLE server_secrets ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE ALL ON server_secrets FROM moked_app;
