import { z } from "zod";
import { Id, LanguageCode, Locale } from "./common";

export const ROLES = ["admin", "center_manager", "shift_manager", "team_leader", "agent", "client_viewer"] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Roles that work for the center as a whole (not bound to one client business). */
export const CENTER_ROLES: readonly Role[] = ["admin", "center_manager", "shift_manager", "team_leader"];

export const User = z.object({
  id: Id,
  email: z.string(),
  name: z.string(),
  role: Role,
  tenantId: Id.nullable(),
  teamId: Id.nullable(),
  languages: z.array(z.string()),
  locale: Locale,
  active: z.boolean(),
});
export type User = z.infer<typeof User>;

export const LoginRequest = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(200),
});
export const LoginResponse = z.object({ user: User });
export const MeResponse = z.object({ user: User });

export const PasswordChangeRequest = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(10, "at least 10 characters").max(200),
});

export const CreateUserRequest = z.object({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(120),
  role: Role,
  password: z.string().min(10, "at least 10 characters").max(200),
  tenantId: Id.optional(),
  teamId: Id.optional(),
  languages: z.array(LanguageCode).max(30).optional(),
  locale: Locale.optional(),
  /** For agents: the client lines they serve. */
  servesTenantIds: z.array(Id).max(200).optional(),
});
export const UpdateUserRequest = CreateUserRequest.omit({ password: true, email: true })
  .partial()
  .extend({ active: z.boolean().optional() });
export const UserResponse = z.object({ user: User });
export const UserList = z.object({ items: z.array(User) });

export const ApiToken = z.object({
  id: Id,
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
});
export const CreateApiTokenRequest = z.object({
  name: z.string().trim().min(1).max(80),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export const CreateApiTokenResponse = z.object({
  token: ApiToken,
  secret: z.string().describe("Shown once; send as `Authorization: Bearer <secret>`"),
});
export const ApiTokenList = z.object({ items: z.array(ApiToken) });
