import { z } from "zod";

export const Id = z.uuid();

export const ErrorBody = z.object({
  error: z.object({
    code: z.string().describe("Stable, machine-readable error code"),
    message: z.string().describe("Human-readable explanation"),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const ValidationIssue = z.object({ path: z.string(), message: z.string() });
export type ValidationIssue = z.infer<typeof ValidationIssue>;

export const IdParams = z.object({ id: Id });

export const LOCALES = ["he", "en", "ar", "ru"] as const;
export const Locale = z.enum(LOCALES);
export type Locale = z.infer<typeof Locale>;

/** ISO 639 language codes a center serves in (more than 20 are common). */
export const LanguageCode = z.string().regex(/^[a-z]{2,3}$/, "a two- or three-letter ISO 639 code");
