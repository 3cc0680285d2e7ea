import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";

const repo = new URL("../../", import.meta.url).pathname;
const run = (script: string) => spawnSync(process.execPath, [script, "--check"], { cwd: repo, encoding: "utf8" });

// The full OpenAPI files (4.2 MB) are not shipped, only their pruned copy, so this check needs ../shared.
test.runIf(existsSync(join(repo, "..", "shared", "k8s-openapi")))("the pruned schemas in schemas/k8s are what the prune script makes from ../shared/k8s-openapi, when it is beside the project", () => {
  const r = run("scripts/prune-k8s-schemas.mjs");
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
});

test("the committed validators are what scripts/gen-validators.mjs generates (no drift)", () => {
  const r = run("scripts/gen-validators.mjs");
  expect(r.stderr).toMatch(/^validators: \d+ bytes in \d+ ms\n$/);
  expect(r.status).toBe(0);
});

test("the generated validators compile nothing at run time (strict CSP: no eval, no new Function, no ajv import)", () => {
  const code = readFileSync(new URL("../../src/manifests/generated/validators.ts", import.meta.url), "utf8");
  expect(code).not.toMatch(/\beval\(|new Function|\bFunction\(|\brequire\(|^import /m);
});
