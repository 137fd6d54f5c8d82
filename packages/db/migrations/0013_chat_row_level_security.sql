-- The tenant wall for chat and messaging conversations, their lines and attachments.
ALTER TABLE chat_sessions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON chat_sessions USING (moked_tenant_visible(tenant_id)) WITH CHECK (moked_tenant_visible(tenant_id));
--> statement-breakpoint
ALTER TABLE chat_messages ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON chat_messages USING (moked_tenant_visible(tenant_id)) WITH CHECK (moked_tenant_visible(tenant_id));
--> statement-breakpoint
ALTER TABLE chat_attachments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON chat_attachments USING (moked_tenant_visible(tenant_id)) WITH CHECK (moked_tenant_visible(tenant_id));
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON chat_sessions, chat_messages, chat_attachments TO moked_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO moked_app;
