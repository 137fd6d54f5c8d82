-- The tenant wall for the message center. Outbox rows without a line (center mail) are for center staff.
ALTER TABLE message_settings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON message_settings USING (moked_tenant_visible(tenant_id)) WITH CHECK (moked_center_scope());
--> statement-breakpoint
ALTER TABLE messages ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON messages USING (moked_tenant_visible(tenant_id)) WITH CHECK (moked_tenant_visible(tenant_id));
--> statement-breakpoint
ALTER TABLE outbox ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON outbox
  USING (CASE WHEN tenant_id IS NULL THEN moked_center_scope() ELSE moked_tenant_visible(tenant_id) END)
  WITH CHECK (CASE WHEN tenant_id IS NULL THEN moked_center_scope() ELSE moked_tenant_visible(tenant_id) END);
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON message_settings, messages, outbox TO moked_app;
