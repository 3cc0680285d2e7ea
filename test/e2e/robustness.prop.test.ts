/** A few of the robustness property's hostile inputs through the real binary: `validate` and `lint` exit 0 or 1, print no stack trace, and end. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { arbBytesText, arbMutatedText, bundledScenarios, goldenManifests } from "../support/mutations.js";

const repo = new URL("../../", import.meta.url).pathname;
const bin = join(repo, "bin", "servesim.js");
const tmp = mkdtempSync(join(tmpdir(), "servesim-fuzz-"));
/** Only a hang reaches it. */
const HANG_MS = 60_000;

function check(command: "validate" | "lint", text: string, ext: string): void {
  const file = join(tmp, `input.${ext}`);
  writeFileSync(file, text);
  const r = spawnSync(process.execPath, [bin, command, file], { cwd: repo, encoding: "utf8", timeout: HANG_MS });
  expect(r.signal).toBeNull();
  expect([0, 1]).toContain(r.status);
  expect(`${r.stdout}${r.stderr}`).not.toMatch(/\n\s+at |internal error|Cannot read propert|is not a function|Maximum call stack/);
  if (r.status === 1 && command === "validate") expect(r.stderr).toMatch(new RegExp(`^${file.replace(/[.]/g, "\\.")}:\\d+:\\d+ `));
}

describe("the binary on hostile input", () => {
  test.prop([fc.oneof(arbBytesText, arbMutatedText(bundledScenarios, false).map((m) => m.text))], { numRuns: 12 })("validate", (text) => check("validate", text, "yaml"));
  test.prop([fc.oneof(arbBytesText, arbMutatedText(goldenManifests, true).map((m) => m.text))], { numRuns: 12 })("lint", (text) => check("lint", text, "yaml"));
});
