/**
 * Whatever text reaches `validate` and `lint` — random bytes, random YAML, the bundled scenarios
 * and golden manifests mutated — the library entry points the CLI uses return located issues (or
 * accept it): they never throw, never leak an exception's text, and never hang.
 */
import { test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { formatManifestIssue, lintManifests } from "../../src/manifests/index.js";
import { formatIssue, parseScenario } from "../../src/scenario/index.js";
import { arbBytesText, arbMutatedText, arbRandomYaml, bundledScenarios, goldenManifests } from "../support/mutations.js";

/** A hang guard, far above the milliseconds one document takes: only unbounded work reaches it. */
const HANG_MS = 5_000;
/** Text that only an exception or a crash would put in a message. */
const CRASH = /\n\s+at |Cannot read propert|is not a function|is not iterable|Maximum call stack|undefined \(reading|\[object Object\]/;

function timed<T>(f: () => T): T {
  const t0 = performance.now();
  const r = f();
  expect(performance.now() - t0).toBeLessThan(HANG_MS);
  return r;
}

function checkScenario(text: string): void {
  const r = timed(() => parseScenario(text, { file: "s.yaml" }));
  if (r.ok) return;
  expect(r.issues.length).toBeGreaterThan(0);
  for (const i of r.issues) {
    expect(Number.isInteger(i.line) && i.line >= 1 && Number.isInteger(i.column) && i.column >= 1).toBe(true);
    expect(formatIssue(i)).toMatch(/^s\.yaml:\d+:\d+ \S.*: \S/s);
    expect(i.message).not.toMatch(CRASH);
  }
}

function checkManifests(text: string): void {
  const r = timed(() => lintManifests(text, "m.yaml"));
  for (const i of r.issues) {
    expect(formatManifestIssue(i)).toMatch(/^m\.yaml(#\d+(\.items\[\d+\])?)? \S+.*: .+ \[[a-z-]+\/[a-z0-9-]+\]$/s);
    expect(i.message).not.toMatch(CRASH);
  }
}

describe("validate (parseScenario) on hostile input", () => {
  test.prop([arbBytesText], { numRuns: 200 })("random bytes", checkScenario);
  test.prop([arbRandomYaml], { numRuns: 200 })("random YAML", checkScenario);
  test.prop([arbMutatedText(bundledScenarios, false)], { numRuns: 400 })("every bundled scenario, mutated", ({ text }) => checkScenario(text));
});

describe("lint (lintManifests) on hostile input", () => {
  test.prop([arbBytesText], { numRuns: 200 })("random bytes", checkManifests);
  test.prop([arbRandomYaml], { numRuns: 200 })("random YAML", checkManifests);
  test.prop([arbMutatedText(goldenManifests, true)], { numRuns: 200 })("every golden manifest file, mutated", ({ text }) => checkManifests(text));
});
