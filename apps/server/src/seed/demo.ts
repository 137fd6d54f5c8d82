import { eq } from "drizzle-orm";
import { agentTenants, auditLog, lineKnowledge, organisations, queues, teams, tenants, users, type Db } from "@moked/db";
import { QueueSettings } from "@moked/contracts";
import { hashPassword } from "../auth/passwords";
import { seedDemoTemplates } from "../wfm/templates";
import { DEMO_AGENTS, DEMO_KNOWLEDGE, DEMO_STAFF, DEMO_TEAMS, DEMO_TENANTS } from "./demo-data";

export const DEMO_PASSWORD = "moked-demo-2026";
export const DEMO_ORGANISATION = "מוקד — מרכז שירות לדוגמה";

export interface DemoLogin {
  role: string;
  email: string;
}

/**
 * Seeds the demo center on an empty database and does nothing on later starts. Runs in one transaction,
 * so a crash half-way leaves no half-seeded center behind.
 */
export async function seedDemoCenter(db: Db): Promise<{ seeded: boolean; logins: DemoLogin[] }> {
  const logins: DemoLogin[] = [
    { role: "admin", email: DEMO_STAFF.admin.email },
    { role: "center_manager", email: DEMO_STAFF.centerManager.email },
    { role: "shift_manager", email: DEMO_STAFF.shiftManager.email },
    { role: "team_leader", email: DEMO_STAFF.teamLeaders[0]!.email },
    { role: "agent", email: DEMO_AGENTS[0]!.email },
    ...DEMO_TENANTS.map((t) => ({ role: `client_viewer (${t.slug})`, email: viewerEmail(t.industry) })),
  ];
  const existing = await db.select({ id: organisations.id }).from(organisations).limit(1);
  if (existing.length > 0) return { seeded: false, logins };

  // Every demo user shares one password: hash it once, not thirty times.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    const [org] = await tx.insert(organisations).values({ name: DEMO_ORGANISATION }).returning();
    const orgId = org!.id;
    const tenantRows = await tx
      .insert(tenants)
      .values(DEMO_TENANTS.map((t) => ({ ...t, languages: [...t.languages], contactEmails: [...t.contactEmails], organisationId: orgId })))
      .returning();
    const tenantId = new Map(tenantRows.map((t) => [t.slug, t.id]));
    await tx.insert(lineKnowledge).values(DEMO_TENANTS.flatMap((t) => DEMO_KNOWLEDGE[t.slug].map((entry, position) => ({ ...entry, position, tenantId: tenantId.get(t.slug)! }))));
    const teamRows = await tx.insert(teams).values(DEMO_TEAMS.map((name) => ({ organisationId: orgId, name }))).returning();

    const person = (p: { email: string; name: string; languages: string[]; team?: number }, role: (typeof users.$inferInsert)["role"]) => ({
      organisationId: orgId,
      email: p.email,
      name: p.name,
      role,
      languages: p.languages,
      teamId: p.team === undefined ? null : teamRows[p.team]!.id,
      passwordHash,
    });
    const staff = await tx
      .insert(users)
      .values([
        person(DEMO_STAFF.admin, "admin"),
        person(DEMO_STAFF.centerManager, "center_manager"),
        person(DEMO_STAFF.shiftManager, "shift_manager"),
        ...DEMO_STAFF.teamLeaders.map((l) => person(l, "team_leader")),
      ])
      .returning();
    for (const [i, lead] of DEMO_STAFF.teamLeaders.entries()) {
      const leader = staff.find((s) => s.email === lead.email)!;
      await tx.update(teams).set({ leaderId: leader.id }).where(eq(teams.id, teamRows[i]!.id));
    }
    const agents = await tx.insert(users).values(DEMO_AGENTS.map((a) => person(a, "agent"))).returning();
    const assignments = DEMO_AGENTS.flatMap((a, i) => (a.serves ?? []).map((slug) => ({ userId: agents[i]!.id, tenantId: tenantId.get(slug)! })));
    await tx.insert(agentTenants).values(assignments);
    await tx.insert(users).values(
      DEMO_TENANTS.map((t) => ({
        organisationId: orgId,
        email: viewerEmail(t.industry),
        name: `${t.name} — צפייה`,
        role: "client_viewer" as const,
        tenantId: tenantId.get(t.slug)!,
        languages: ["he"],
        passwordHash,
      })),
    );
    // One main queue per line: strong speakers of the caller's language first, then any speaker, then the
    // caller is offered a message or a call-back (never moved without choosing).
    await tx.insert(queues).values(
      tenantRows.map((t) => ({
        tenantId: t.id,
        name: `${t.name} — ראשי`,
        config: QueueSettings.parse({
          steps: [
            { target: { kind: "skills", minProficiency: 4 }, waitSeconds: 30 },
            { target: { kind: "skills" }, waitSeconds: 150 },
            { target: { kind: "overflow", to: "message" } },
          ],
        }),
      })),
    );
    await seedDemoTemplates(tx as unknown as Db, orgId);
    await tx.insert(auditLog).values({ organisationId: orgId, actorName: "system", action: "demo.seeded", entity: "organisation", entityId: orgId });
  });
  return { seeded: true, logins };
}

/** One client viewer per line, named by its trade: viewer.travel@, viewer.auto@, viewer.banking@ … */
export function viewerEmail(industry: string): string {
  return `viewer.${industry}@moked.local`;
}
