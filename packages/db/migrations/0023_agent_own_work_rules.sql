-- An agent keeps their own weekly availability and preferences (migration 0011 left work rules to the
-- center's scope). The agent is named by moked.user_id, which only the workforce API's agent scope sets.
CREATE POLICY own_work_rules ON agent_work_rules USING (moked_user_is(user_id)) WITH CHECK (moked_user_is(user_id));
--> statement-breakpoint
-- The organisation of the agent named by moked.user_id; runs as the owner so users' own policy is not needed.
CREATE OR REPLACE FUNCTION moked_user_organisation() RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$ SELECT organisation_id FROM users WHERE id::text = coalesce(current_setting('moked.user_id', true), '') $$;
--> statement-breakpoint
-- Read only: an agent's scope sees their center's shift templates, to name the shifts they prefer.
CREATE POLICY own_organisation_templates ON shift_templates FOR SELECT USING (organisation_id = moked_user_organisation());
