import { z } from "zod";

/**
 * Every event pushed over the live channel. `tenantId` null means a center-wide event, delivered only to
 * center staff; `audience` narrows delivery to roles or one user (an offer goes to its agent only).
 */
export const LiveEvent = z.object({
  type: z.string(),
  tenantId: z.uuid().nullable(),
  at: z.string(),
  audience: z
    .object({ roles: z.array(z.string()).optional(), userId: z.uuid().optional() })
    .optional(),
  payload: z.record(z.string(), z.unknown()),
});
export type LiveEvent = z.infer<typeof LiveEvent>;
