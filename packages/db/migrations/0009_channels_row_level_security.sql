-- The tenant wall for customers, callback requests and e-mails.
ALTER TABLE customers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON customers USING (moked_tenant_visible(tenant_id)) WITH CHECK (moked_tenant_visible(tenant_id));
--> statement-breakpoint
ALTER TABLE callback_requests ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON callback_requests USING (moked_tenant_visible(tenant_id)) WITH CHECK (moked_tenant_visible(tenant_id));
--> statement-breakpoint
ALTER TABLE email_messages ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON email_messages USING (moked_tenant_visible(tenant_id)) WITH CHECK (moked_tenant_visible(tenant_id));
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON customers, callback_requests, email_messages TO moked_app;
