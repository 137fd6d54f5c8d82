-- Workforce data is the center's (see packages/db/src/schema/workforce.ts): center staff only, except that
-- an agent reads their own shifts of a published schedule. The agent is named by the setting
-- moked.user_id, which only the workforce API's agent scope sets, next to moked.tenant_scope.
CREATE OR REPLACE FUNCTION moked_user_is(u uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$ SELECT u IS NOT NULL AND u::text = coalesce(current_setting('moked.user_id', true), '') $$;
--> statement-breakpoint
-- Runs as the owner so the policy below need not open schedules to agents (nor recurse through its policy).
CREATE OR REPLACE FUNCTION moked_schedule_published(s uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$ SELECT EXISTS (SELECT 1 FROM schedules WHERE id = s AND status = 'published') $$;
--> statement-breakpoint
ALTER TABLE shift_templates ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY center_only ON shift_templates USING (moked_center_scope()) WITH CHECK (moked_center_scope());
--> statement-breakpoint
ALTER TABLE agent_work_rules ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY center_only ON agent_work_rules USING (moked_center_scope()) WITH CHECK (moked_center_scope());
--> statement-breakpoint
ALTER TABLE schedules ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY center_only ON schedules USING (moked_center_scope()) WITH CHECK (moked_center_scope());
--> statement-breakpoint
ALTER TABLE schedule_shifts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY center_only ON schedule_shifts USING (moked_center_scope()) WITH CHECK (moked_center_scope());
--> statement-breakpoint
-- Read only: an agent's scope can change no shift, not even their own.
CREATE POLICY own_published_shifts ON schedule_shifts FOR SELECT USING (moked_user_is(agent_id) AND moked_schedule_published(schedule_id));
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON shift_templates, agent_work_rules, schedules, schedule_shifts TO moked_app;
