import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const dir = join(import.meta.dirname, "../src/modules/i18n/locales");
const SOURCES = join(import.meta.dirname, "../src");

function flatten(node: unknown, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const locales = Object.fromEntries(
  readdirSync(dir).map((f) => [f.replace(".json", ""), flatten(JSON.parse(readFileSync(join(dir, f), "utf8")))]),
);

function sourceFiles(d: string): string[] {
  return readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(d, e.name)) : /\.tsx?$/.test(e.name) ? [join(d, e.name)] : []));
}

describe("translations", () => {
  it("come in Hebrew, English, Arabic and Russian", () => {
    expect(Object.keys(locales).sort()).toEqual(["ar", "en", "he", "ru"]);
  });

  it.each(["en", "ar", "ru"])("%s has exactly the Hebrew keys, none left empty", (lang) => {
    const he = locales.he!;
    const other = locales[lang]!;
    expect([...other.keys()].sort()).toEqual([...he.keys()].sort());
    for (const [key, value] of other) expect(value.trim(), `${lang} ${key}`).not.toBe("");
  });

  it("cover every key the screens ask for", () => {
    const used = new Set<string>();
    for (const file of sourceFiles(SOURCES)) {
      for (const m of readFileSync(file, "utf8").matchAll(/\bt\(\s*"([a-zA-Z0-9_.]+)"/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(20);
    const missing = [...used].filter((k) => !locales.he!.has(k));
    expect(missing).toEqual([]);
  });
});
