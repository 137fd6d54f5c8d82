import { defineConfig } from "vitest/config";

// One runner for the whole suite. Projects keep fast pure tests apart from the ones that start servers
// and browsers, so a developer can run `npx vitest --project routing` while working on the engine.
export default defineConfig({
  test: {
    projects: [
      // Property-based runs take seconds on a busy 2-core machine.
      { test: { name: "routing", include: ["packages/routing/test/**/*.test.ts"], testTimeout: 30_000 } },
      { test: { name: "contracts", include: ["packages/contracts/test/**/*.test.ts"] } },
      { test: { name: "web", include: ["apps/web/test/**/*.test.ts"], testTimeout: 30_000 } },
      { test: { name: "cli", include: ["packages/cli/test/**/*.test.ts"], testTimeout: 60_000 } },
      // The HiGHS solves and simulated days take seconds alone and several times that with the cores shared.
      { test: { name: "wfm", include: ["packages/wfm/test/**/*.test.ts"], testTimeout: 60_000 } },
      {
        test: {
          name: "server",
          include: ["packages/db/test/**/*.test.ts", "apps/server/test/**/*.test.ts"],
          testTimeout: 30_000,
          // Starting an app migrates and seeds a fresh embedded database: seconds on a quiet machine, but over
          // a minute was seen with the two cores shared (a setup timeout then fails the file for slowness).
          hookTimeout: 150_000,
          // Integration files each open their own database; two cores, so keep it to two at once.
          maxWorkers: 2,
          // Runs after the pure projects, and before the browser tests, so the two cores are not shared.
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: "e2e",
          include: ["e2e/**/*.test.ts"],
          testTimeout: 60_000,
          // A browser on a busy 2-core machine can take seconds to re-render; vitest's default of one second
          // for expect.poll fails tests for slowness, not for behaviour.
          expect: { poll: { timeout: 15_000, interval: 100 } },
          hookTimeout: 180_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
