-- The second wall between client businesses. Requests run as the role moked_app with the setting
-- moked.tenant_scope = '*' (center staff) or a comma-separated list of tenant ids; the superuser/owner
-- connection bypasses RLS and is used only by system code (migrations, seed, auth, the routing worker).
-- Roles belong to the whole server, not one database: two databases migrating at once (parallel test
-- files, two deployments on one server) may race to create it, so losing that race is not an error.
DO $$ BEGIN
  CREATE ROLE moked_app NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
--> statement-breakpoint
DO $$ BEGIN
  GRANT moked_app TO CURRENT_USER;
EXCEPTION WHEN unique_violation THEN NULL;
END $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO moked_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO moked_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO moked_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO moked_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO moked_app;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION moked_tenant_visible(t uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN coalesce(current_setting('moked.tenant_scope', true), '') = '' THEN false
    WHEN current_setting('moked.tenant_scope', true) = '*' THEN true
    ELSE t = ANY (string_to_array(current_setting('moked.tenant_scope', true), ',')::uuid[])
  END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION moked_center_scope() RETURNS boolean
LANGUAGE sql STABLE AS $$ SELECT coalesce(current_setting('moked.tenant_scope', true), '') = '*' $$;
--> statement-breakpoint
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON tenants USING (moked_tenant_visible(id)) WITH CHECK (moked_center_scope());
--> statement-breakpoint
ALTER TABLE agent_tenants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON agent_tenants USING (moked_tenant_visible(tenant_id)) WITH CHECK (moked_center_scope());
--> statement-breakpoint
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON audit_log
  USING (CASE WHEN tenant_id IS NULL THEN moked_center_scope() ELSE moked_tenant_visible(tenant_id) END)
  WITH CHECK (CASE WHEN tenant_id IS NULL THEN moked_center_scope() ELSE moked_tenant_visible(tenant_id) END);
--> statement-breakpoint
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Staff rows (tenant_id null) are the center's; a client's own viewers are visible within its scope.
CREATE POLICY tenant_isolation ON users
  USING (CASE WHEN tenant_id IS NULL THEN moked_center_scope() ELSE moked_tenant_visible(tenant_id) END)
  WITH CHECK (moked_center_scope());
