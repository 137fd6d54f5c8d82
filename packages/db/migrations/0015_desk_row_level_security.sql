-- The tenant wall for the lines' knowledge and the escalations. Knowledge is written by center staff only.
ALTER TABLE line_knowledge ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON line_knowledge USING (moked_tenant_visible(tenant_id)) WITH CHECK (moked_center_scope());
--> statement-breakpoint
ALTER TABLE escalations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON escalations USING (moked_tenant_visible(tenant_id)) WITH CHECK (moked_tenant_visible(tenant_id));
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON line_knowledge, escalations TO moked_app;
