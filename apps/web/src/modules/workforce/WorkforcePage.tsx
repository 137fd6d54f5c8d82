import { Tabs } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { AgentRulesPanel } from "./AgentRulesPanel";
import { DaySimPanel } from "./DaySimPanel";
import { ForecastPanel } from "./ForecastPanel";
import { SchedulePanel } from "./SchedulePanel";
import { TemplatesPanel } from "./TemplatesPanel";
import { WhatIfPanel } from "./WhatIfPanel";

/** The shift manager's section: the week's schedule, the lines' forecast, a day of a schedule simulated, what-if simulations, shift templates and agents' contracts. */
export function WorkforcePage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<string | null>("schedule");
  return (
    <Tabs value={tab} onChange={setTab} keepMounted={false}>
      <Tabs.List mb="md">
        <Tabs.Tab value="schedule" data-testid="tab-schedule">
          {t("workforce.tabs.schedule")}
        </Tabs.Tab>
        <Tabs.Tab value="forecast" data-testid="tab-forecast">
          {t("workforce.tabs.forecast")}
        </Tabs.Tab>
        <Tabs.Tab value="day" data-testid="tab-day-sim">
          {t("workforce.tabs.day")}
        </Tabs.Tab>
        <Tabs.Tab value="whatIf" data-testid="tab-what-if">
          {t("workforce.tabs.whatIf")}
        </Tabs.Tab>
        <Tabs.Tab value="templates" data-testid="tab-templates">
          {t("workforce.tabs.templates")}
        </Tabs.Tab>
        <Tabs.Tab value="agents" data-testid="tab-agents">
          {t("workforce.tabs.agents")}
        </Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="schedule">
        <SchedulePanel />
      </Tabs.Panel>
      <Tabs.Panel value="forecast">
        <ForecastPanel />
      </Tabs.Panel>
      <Tabs.Panel value="day">
        <DaySimPanel />
      </Tabs.Panel>
      <Tabs.Panel value="whatIf">
        <WhatIfPanel />
      </Tabs.Panel>
      <Tabs.Panel value="templates">
        <TemplatesPanel />
      </Tabs.Panel>
      <Tabs.Panel value="agents">
        <AgentRulesPanel />
      </Tabs.Panel>
    </Tabs>
  );
}
