import type { FastifyBaseLogger } from "fastify";
import { eq, inArray } from "drizzle-orm";
import { agentProfiles, agentTenants, organisations, queues, tenants, users, type Db } from "@moked/db";
import type { QueueSettings } from "@moked/contracts";
import { RoutingEngine, type AgentConfig, type Command, type EngineEvent, type EngineState, type QueueConfig, type TenantConfig } from "@moked/routing";
import { AppError } from "../core/errors";
import type { LiveBus } from "../live/bus";
import { DurableEngine, type Outcome } from "./durable-engine";
import { RoutingJournal } from "./journal";
import { commitBatch } from "./projection";

/** Server-side extras a command carries into the journal and the projection; the engine ignores them. */
export type ServerCommand = Command & { meta?: { externalId?: string; data?: Record<string, unknown>; actorId?: string; record?: StatedEvent[] } };

/** An event the server states about a contact (not decided by the engine): journaled and projected like the engine's. */
export interface StatedEvent {
  type: string;
  tenantId: string;
  interactionId: string;
  agentId?: string;
  [key: string]: unknown;
}

/** Work done before an agent's completion is applied (see `RoutingHost.beforeCompletion`). */
export type CompletionHook = (interactionId: string, agentId: string) => Promise<void>;

/** Events only the agent concerned (and supervisors) need; everything else goes to the line's audience. */
const AGENT_EVENTS = new Set(["interaction.offered", "offer.timed_out", "offer.withdrawn"]);
const SUPERVISORS = ["admin", "center_manager", "shift_manager", "team_leader"];

export interface RoutingHostOptions {
  db: Db;
  bus: LiveBus;
  log: FastifyBaseLogger;
  clock?: () => number;
  snapshotEvery?: number;
}

/**
 * The routing engine inside the server: durable (every command journaled before it is acknowledged, the
 * read models updated in the same transaction), awake (a timer for the engine's next due moment), and live
 * (events published to the line's supervisors and the agent concerned).
 */
export class RoutingHost {
  private constructor(
    private readonly options: RoutingHostOptions,
    readonly organisationId: string,
    private readonly durable: DurableEngine<ServerCommand, EngineEvent>,
  ) {}

  private wake: NodeJS.Timeout | null = null;
  private readonly completionHooks = new Set<CompletionHook>();
  private wakeAt: number | null = null;
  private stopped = false;

  /** Opens routing for the center: recovers the engine from the database, then loads the current settings. */
  static async start(options: RoutingHostOptions): Promise<RoutingHost | null> {
    const [org] = await options.db.select({ id: organisations.id }).from(organisations).limit(1);
    if (!org) return null;
    // The engine's after-commit hook needs the host, which needs the engine: tie the knot through a holder.
    const ref: { host?: RoutingHost } = {};
    const durable = new DurableEngine<ServerCommand, EngineEvent>({
      db: options.db,
      journal: new RoutingJournal<ServerCommand>(options.db, org.id),
      createEngine: (state) => (state ? RoutingEngine.fromState(state as EngineState) : new RoutingEngine()),
      tenantOf: tenantOfCommand,
      commit: (db, batch) => commitBatch(db, org.id, batch),
      annotations: (command, atMs) => (command.meta?.record ?? []).map((e) => ({ ...e, at: atMs })),
      afterCommit: (batch) => ref.host?.afterCommit(batch),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.snapshotEvery ? { snapshotEvery: options.snapshotEvery } : {}),
      log: options.log,
    });
    const host = new RoutingHost(options, org.id, durable);
    ref.host = host;
    const recovered = await durable.recover();
    options.log.info(recovered, "routing engine recovered");
    await host.syncSettings();
    // Timers that fell due while the server was down fire now, at their own times.
    await host.submit({ type: "tick" });
    return host;
  }

  get engine(): RoutingEngine {
    return this.durable.current as unknown as RoutingEngine;
  }

  /** Applies a command durably. Engine refusals become HTTP errors (404, 409, 400). */
  async submit(command: ServerCommand): Promise<EngineEvent[]> {
    const outcome: Outcome<EngineEvent> = await this.durable.submit(command);
    if (outcome.error) {
      const status = outcome.error.code === "not_found" ? 404 : outcome.error.code === "conflict" ? 409 : 400;
      const code = outcome.error.code === "invalid" ? "invalid_routing_command" : outcome.error.code === "conflict" ? "routing_conflict" : "not_found";
      throw new AppError(code, status, outcome.error.message);
    }
    return outcome.events;
  }

  /**
   * Appends events the server states about contacts (an outbound attempt and its outcome) to the contacts'
   * history, in order with the engine's own, and publishes them live. They change no routing state: the
   * command carrying them is a `tick`, so a replay after a crash finds the engine exactly as before.
   */
  async record(...events: StatedEvent[]): Promise<void> {
    if (events.length > 0) await this.submit({ type: "tick", meta: { record: events } });
  }

  /**
   * Registers work to do just before an agent ends a contact (the voice gateway puts a call-back filed
   * without a call back into the queue while its agent is still busy, so nobody free takes a later one first).
   * Returns the unregistration.
   */
  beforeCompletion(hook: CompletionHook): () => void {
    this.completionHooks.add(hook);
    return () => this.completionHooks.delete(hook);
  }

  /** Runs the completion hooks for an agent about to end a contact; one that fails is logged, the completion goes on. */
  async completing(interactionId: string, agentId: string): Promise<void> {
    for (const hook of this.completionHooks) {
      await hook(interactionId, agentId).catch((err: unknown) => this.options.log.error({ err, interactionId }, "before-completion work failed"));
    }
  }

  /** Loads client lines, queues and agent profiles from the database into the engine. */
  async syncSettings(): Promise<void> {
    const db = this.options.db;
    for (const t of await db.select().from(tenants)) await this.submit({ type: "configure_tenant", tenant: tenantConfig(t) });
    for (const q of await db.select().from(queues).where(eq(queues.active, true))) await this.submit({ type: "configure_queue", queue: queueConfig(q) });
    const serves = new Map<string, string[]>();
    for (const row of await db.select().from(agentTenants)) serves.set(row.userId, [...(serves.get(row.userId) ?? []), row.tenantId]);
    const profiles = new Map((await db.select().from(agentProfiles)).map((p) => [p.userId, p]));
    for (const u of await db.select().from(users).where(inArray(users.role, ["agent", "team_leader"]))) {
      await this.submit({ type: "configure_agent", agent: agentConfig(u, profiles.get(u.id), serves.get(u.id) ?? []) });
    }
  }

  async syncAgent(userId: string): Promise<void> {
    const db = this.options.db;
    const [u] = await db.select().from(users).where(eq(users.id, userId));
    if (!u) return;
    const [profile] = await db.select().from(agentProfiles).where(eq(agentProfiles.userId, userId));
    const serves = (await db.select().from(agentTenants).where(eq(agentTenants.userId, userId))).map((r) => r.tenantId);
    await this.submit({ type: "configure_agent", agent: agentConfig(u, profile, serves) });
  }

  async syncTenant(tenantId: string): Promise<void> {
    const [t] = await this.options.db.select().from(tenants).where(eq(tenants.id, tenantId));
    if (t) await this.submit({ type: "configure_tenant", tenant: tenantConfig(t) });
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.wake) clearTimeout(this.wake);
    await this.durable.close();
  }

  private afterCommit(batch: Array<{ seq: number; events: EngineEvent[] }>): void {
    for (const { events } of batch) for (const e of events) void this.publish(e);
    this.armWake();
  }

  private async publish(e: EngineEvent): Promise<void> {
    const { type, at, tenantId, ...payload } = e;
    try {
      await this.options.bus.publish({
        type: `routing.${type}`,
        tenantId: tenantId ?? null,
        at: new Date(at).toISOString(),
        ...(AGENT_EVENTS.has(type) && typeof e.agentId === "string" ? { audience: { userId: e.agentId } } : {}),
        ...(!tenantId ? { audience: { roles: SUPERVISORS } } : {}),
        payload,
      });
      // Supervisors see offers too, on the wallboard.
      if (AGENT_EVENTS.has(type) && tenantId) {
        await this.options.bus.publish({ type: `routing.${type}`, tenantId, at: new Date(at).toISOString(), audience: { roles: SUPERVISORS }, payload });
      }
    } catch (err) {
      this.options.log.warn({ err, type }, "live publish failed");
    }
  }

  /** One timer for the engine's next due moment (offer timeouts, routing steps, deadlines, wrap-up). */
  private armWake(): void {
    if (this.stopped) return;
    const next = this.engine.nextWakeAt();
    if (next === null || next === this.wakeAt) return;
    if (this.wake) clearTimeout(this.wake);
    this.wakeAt = next;
    const clock = this.options.clock ?? Date.now;
    this.wake = setTimeout(() => {
      this.wake = null;
      this.wakeAt = null;
      this.submit({ type: "tick" }).catch((err: unknown) => this.options.log.error({ err }, "routing tick failed"));
    }, Math.max(0, Math.min(next - clock() + 1, 2 ** 31 - 1)));
    this.wake.unref();
  }
}

function tenantOfCommand(command: ServerCommand): string | null {
  switch (command.type) {
    case "arrive":
      return command.interaction.tenantId;
    case "configure_tenant":
      return command.tenant.tenantId;
    case "configure_queue":
      return command.queue.tenantId;
    case "tick":
      return command.meta?.record?.[0]?.tenantId ?? null;
    default:
      return null;
  }
}

type TenantRow = typeof tenants.$inferSelect;
type QueueRow = typeof queues.$inferSelect;
type UserRow = typeof users.$inferSelect;
type ProfileRow = typeof agentProfiles.$inferSelect;

export function tenantConfig(t: TenantRow): TenantConfig {
  return { tenantId: t.id, timeZone: t.timeZone, calendar: t.calendar as TenantConfig["calendar"], afterHours: { kind: "none" } };
}

export function queueConfig(q: QueueRow): QueueConfig {
  const settings = q.config as unknown as QueueSettings;
  return { id: q.id, tenantId: q.tenantId, name: q.name, ...settings } as QueueConfig;
}

/** An agent's routing profile: explicit skills if set, else one language skill per spoken language. */
export function agentConfig(u: UserRow, profile: ProfileRow | undefined, serves: string[]): AgentConfig {
  // Someone who no longer takes contacts (another role, or deactivated) stays known but serves no line.
  if (!u.active || (u.role !== "agent" && u.role !== "team_leader")) return { agentId: u.id, skills: [], tenantIds: [] };
  const skills = profile?.skills.length ? profile.skills : u.languages.map((lang, i) => ({ skill: `lang:${lang}`, proficiency: i === 0 ? 5 : 4 }));
  return {
    agentId: u.id,
    skills,
    capacity: profile?.capacity ?? {},
    teamIds: u.teamId ? [u.teamId] : [],
    tenantIds: serves,
  };
}
