import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const bin = join(import.meta.dirname, "../bin/moked.mjs");
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", timeout: 60_000 });

describe("the moked command line", () => {
  it("prints the staffing for an interval", () => {
    const r = run("wfm", "staffing", "--volume", "100", "--aht", "180", "--interval", "30", "--sl", "80/20", "--shrinkage", "0.3");
    expect(r.status).toBe(0);
    const [header, , values] = r.stdout.trim().split("\n");
    expect(header).toMatch(/erlangs\s+required\s+scheduled/);
    expect(values!.trim().split(/\s{2,}/).slice(0, 3)).toEqual(["10.00", "14", "20"]);
  });

  it("explains bad input and exits 2", () => {
    const r = run("wfm", "staffing", "--volume", "lots", "--aht", "180");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--volume must be a non-negative number");
    expect(run("nonsense").stderr).toContain("unknown command");
  });

  it("simulates a scenario file and compares it with another", () => {
    const dir = mkdtempSync(join(tmpdir(), "moked-cli-"));
    const base = { seed: 3, intervals: [{ startOffsetSeconds: 0, lengthSeconds: 3600, volume: 120 }], ahtSeconds: 180, agents: Array.from({ length: 8 }, (_, i) => ({ id: `a${i}` })) };
    writeFileSync(join(dir, "a.json"), JSON.stringify(base));
    writeFileSync(join(dir, "b.json"), JSON.stringify({ ...base, agents: base.agents.slice(0, 6) }));
    const r = run("simulate", join(dir, "a.json"), "--compare", join(dir, "b.json"));
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/scenario\s+offered\s+answered\s+service level/);
    expect(lines).toHaveLength(4);
    expect(r.stderr).toContain("done in");
  });
});
