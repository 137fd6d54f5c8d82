import { and, eq, isNull, ne, sql } from "drizzle-orm";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  ApiTokenList,
  CreateApiTokenRequest,
  CreateApiTokenResponse,
  ErrorBody,
  IdParams,
  LoginRequest,
  LoginResponse,
  MeResponse,
  PasswordChangeRequest,
} from "@moked/contracts";
import { apiTokens, sessions, users, type Db } from "@moked/db";
import type { Config } from "../core/config";
import { AppError, badRequest, notFound } from "../core/errors";
import { recordAudit } from "../audit/record";
import { principalOf } from "./guard";
import type { LoginThrottle } from "./login-throttle";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./passwords";
import { SESSION_COOKIE, toUser } from "./principal";
import { API_TOKEN_PREFIX, hashSecret, newSecret } from "./tokens";

const errors = { 400: ErrorBody, 401: ErrorBody, 429: ErrorBody };

export interface AuthRoutesOptions {
  db: Db;
  config: Config;
  throttle: LoginThrottle;
}

export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, { db, config, throttle }) => {
  const cookieOptions = {
    httpOnly: true,
    sameSite: "lax" as const,
    secure: config.cookieSecure,
    path: "/",
  };

  app.post(
    "/auth/login",
    {
      config: { access: "public" },
      schema: { tags: ["auth"], summary: "Log in with e-mail and password", body: LoginRequest, response: { 200: LoginResponse, ...errors } },
    },
    async (request, reply) => {
      const email = request.body.email.trim().toLowerCase();
      const keys = [`email:${email}`, `ip:${request.ip}`];
      const now = Date.now();
      const wait = throttle.retryAfter(keys, now);
      if (wait > 0) {
        reply.header("retry-after", Math.ceil(wait / 1000));
        throw new AppError("rate_limited", 429, "Too many failed logins; try again later", { retryAfterSeconds: Math.ceil(wait / 1000) });
      }
      const [row] = await db.select().from(users).where(eq(sql`lower(${users.email})`, email));
      const ok = row?.active ? await verifyPassword(row.passwordHash, request.body.password) : (await burnPasswordCheck(request.body.password), false);
      if (!row || !ok) {
        throttle.recordFailure(keys, now);
        request.log.info({ email }, "login failed");
        throw new AppError("invalid_credentials", 401, "The e-mail or password is wrong");
      }
      throttle.reset(`email:${email}`);
      const secret = newSecret();
      await db.insert(sessions).values({
        userId: row.id,
        tokenHash: hashSecret(secret),
        ip: request.ip,
        userAgent: request.headers["user-agent"] ?? null,
        expiresAt: new Date(now + config.sessionTtlMs),
      });
      reply.setCookie(SESSION_COOKIE, secret, { ...cookieOptions, maxAge: Math.floor(config.sessionTtlMs / 1000) });
      request.log.info({ userId: row.id }, "login");
      return { user: toUser(row) };
    },
  );

  app.post(
    "/auth/logout",
    { config: { access: "authenticated" }, schema: { tags: ["auth"], summary: "End this session", response: { 204: z.null(), 401: ErrorBody } } },
    async (request, reply) => {
      const { sessionId } = principalOf(request);
      if (sessionId) await db.delete(sessions).where(eq(sessions.id, sessionId));
      app.principals.clear();
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/auth/me",
    { config: { access: "authenticated" }, schema: { tags: ["auth"], summary: "The logged-in user", response: { 200: MeResponse, 401: ErrorBody } } },
    async (request) => {
      const { user } = principalOf(request);
      const { organisationId: _org, ...rest } = user;
      return { user: rest };
    },
  );

  app.post(
    "/auth/password",
    {
      config: { access: "authenticated" },
      schema: { tags: ["auth"], summary: "Change your password (ends your other sessions)", body: PasswordChangeRequest, response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const [row] = await db.select().from(users).where(eq(users.id, principal.user.id));
      if (!row || !(await verifyPassword(row.passwordHash, request.body.currentPassword))) {
        throw new AppError("invalid_credentials", 401, "The current password is wrong");
      }
      if (request.body.currentPassword === request.body.newPassword) {
        throw badRequest("password_unchanged", "The new password must differ from the current one");
      }
      await db.transaction(async (tx) => {
        await tx.update(users).set({ passwordHash: await hashPassword(request.body.newPassword), updatedAt: new Date() }).where(eq(users.id, row.id));
        const others = principal.sessionId ? and(eq(sessions.userId, row.id), ne(sessions.id, principal.sessionId)) : eq(sessions.userId, row.id);
        await tx.delete(sessions).where(others);
        await recordAudit(tx as unknown as Db, principal, { action: "user.password_changed", entity: "user", entityId: row.id, tenantId: null });
      });
      app.principals.clear();
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/auth/tokens",
    { config: { access: "authenticated" }, schema: { tags: ["auth"], summary: "Your API tokens", response: { 200: ApiTokenList, 401: ErrorBody } } },
    async (request) => {
      const rows = await db
        .select()
        .from(apiTokens)
        .where(and(eq(apiTokens.userId, principalOf(request).user.id), isNull(apiTokens.revokedAt)));
      return { items: rows.map(toApiToken) };
    },
  );

  app.post(
    "/auth/tokens",
    {
      config: { access: "authenticated" },
      schema: {
        tags: ["auth"],
        summary: "Create an API token acting with your permissions",
        body: CreateApiTokenRequest,
        response: { 201: CreateApiTokenResponse, ...errors },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const secret = newSecret(API_TOKEN_PREFIX);
      const expiresAt = request.body.expiresInDays ? new Date(Date.now() + request.body.expiresInDays * 86_400_000) : null;
      const [row] = await db
        .insert(apiTokens)
        .values({ userId: principal.user.id, name: request.body.name, tokenHash: hashSecret(secret), prefix: secret.slice(0, 10), expiresAt })
        .returning();
      await recordAudit(db, principal, { action: "api_token.created", entity: "api_token", entityId: row!.id, tenantId: null, details: { name: row!.name } });
      return reply.status(201).send({ token: toApiToken(row!), secret });
    },
  );

  app.delete(
    "/auth/tokens/:id",
    {
      config: { access: "authenticated" },
      schema: { tags: ["auth"], summary: "Revoke one of your API tokens", params: IdParams, response: { 204: z.null(), 401: ErrorBody, 404: ErrorBody } },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const revoked = await db
        .update(apiTokens)
        .set({ revokedAt: new Date() })
        .where(and(eq(apiTokens.id, request.params.id), eq(apiTokens.userId, principal.user.id), isNull(apiTokens.revokedAt)))
        .returning({ id: apiTokens.id });
      if (revoked.length === 0) throw notFound("API token");
      app.principals.clear();
      await recordAudit(db, principal, { action: "api_token.revoked", entity: "api_token", entityId: request.params.id, tenantId: null });
      return reply.status(204).send(null);
    },
  );

};

function toApiToken(row: typeof apiTokens.$inferSelect) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
  };
}
