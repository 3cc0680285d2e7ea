import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
// @ts-expect-error: a plain .mjs script without type declarations
import { manifest } from "../scripts/sync-shared.mjs";

const repo = new URL("../", import.meta.url).pathname;
const shared = join(repo, "..", "shared");

test("every file the sync script copies is shipped in reference/ and named in reference/README.md", () => {
  const readme = readFileSync(join(repo, "reference", "README.md"), "utf8");
  const entries = (manifest as (dir?: string) => [string, string][])(existsSync(shared) ? shared : undefined);
  for (const [, to] of entries) {
    expect(existsSync(join(repo, "reference", to)), to).toBe(true);
    expect(readme.includes(to.split("/")[0]!), to).toBe(true);
  }
});

test.runIf(existsSync(shared))("reference/ is a byte-identical copy of ../shared when it is beside the project", () => {
  const r = spawnSync(process.execPath, ["scripts/sync-shared.mjs", "--check"], { cwd: repo, encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
});
