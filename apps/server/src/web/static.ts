import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

/** Serves the built web app; unknown non-API paths get index.html so the SPA's own router takes over. */
export async function serveWebApp(app: FastifyInstance, distDir: string): Promise<boolean> {
  if (!existsSync(join(distDir, "index.html"))) {
    app.log.warn({ distDir }, "web app not built; run `npm run build` (npm start does it for you)");
    return false;
  }
  await app.register(fastifyStatic, { root: distDir, wildcard: false, index: ["index.html"] });
  return true;
}

export function isApiPath(url: string): boolean {
  return url.startsWith("/api/") || url === "/api" || url === "/healthz" || url === "/readyz";
}
