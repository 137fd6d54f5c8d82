import { RoutingEngine, type AgentConfig, type Command, type EngineEvent, type QueueConfig, type TenantConfig } from "../src";

export const T0 = Date.UTC(2026, 10, 24, 9, 0, 0); // Tuesday 11:00 in Jerusalem
export const TENANT = "tenant-sky";
export const OTHER = "tenant-galil";

export const ALWAYS: TenantConfig = {
  tenantId: TENANT,
  timeZone: "Asia/Jerusalem",
  calendar: { alwaysOpen: true, weekly: {}, closedOnShabbatAndHolidays: false, exceptions: {} },
};

export function queue(id: string, over: Partial<QueueConfig> = {}): QueueConfig {
  return { id, tenantId: TENANT, name: id, steps: [{ target: { kind: "skills" } }], ...over };
}

/** An engine with a clock the test moves, recording every event. */
export class Harness {
  engine = new RoutingEngine();
  now = T0;
  log: EngineEvent[] = [];

  run(command: Command, at = this.now): { events: EngineEvent[]; error?: { code: string; message: string } | undefined } {
    this.now = Math.max(this.now, at);
    const result = this.engine.handle(command, this.now);
    this.log.push(...result.events);
    return result;
  }

  ok(command: Command): EngineEvent[] {
    const result = this.run(command);
    if (result.error) throw new Error(`${command.type} refused: ${result.error.code} ${result.error.message}`);
    return result.events;
  }

  advance(ms: number): EngineEvent[] {
    return this.run({ type: "tick" }, this.now + ms).events;
  }

  tenant(config: TenantConfig = ALWAYS) {
    this.ok({ type: "configure_tenant", tenant: config });
    return this;
  }

  queue(config: QueueConfig) {
    this.ok({ type: "configure_queue", queue: config });
    return this;
  }

  agent(agentId: string, skills: Record<string, number> = {}, extra: Partial<AgentConfig> = {}, ready = true) {
    this.ok({ type: "configure_agent", agent: { agentId, skills: Object.entries(skills).map(([skill, proficiency]) => ({ skill, proficiency })), ...extra } });
    if (ready) this.ok({ type: "agent_state", agentId, state: "available" });
    return this;
  }

  arrive(id: string, queueId = "q", over: Partial<Extract<Command, { type: "arrive" }>["interaction"]> = {}) {
    return this.ok({ type: "arrive", interaction: { id, tenantId: TENANT, queueId, channel: "voice", ...over } });
  }

  offeredTo(interactionId: string): string | null {
    const c = this.engine.contact(interactionId);
    return c?.status === "offered" ? c.agentId : null;
  }

  of(type: string, interactionId?: string): EngineEvent[] {
    return this.log.filter((e) => e.type === type && (!interactionId || e.interactionId === interactionId));
  }
}
