import { createHash, randomBytes } from "node:crypto";

/** A fresh secret for a cookie or API token; only its SHA-256 is stored. */
export const newSecret = (prefix = ""): string => prefix + randomBytes(32).toString("base64url");
export const hashSecret = (secret: string): string => createHash("sha256").update(secret).digest("hex");
export const API_TOKEN_PREFIX = "mkd_";
