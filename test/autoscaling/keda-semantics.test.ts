/**
 * KEDA's scale-to-zero semantics on the bundled scale-to-zero scenario: a service never seen
 * active goes to zero at the first poll unless initialCooldownPeriod holds it; a trigger without
 * data reads 0 (ignoreNullValues, the Prometheus scaler's default) or scales nothing.
 */
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { parseScenario } from "../../src/scenario/index.js";
import type { Results } from "../../src/sim/index.js";
import { runScenario } from "../../src/sim/index.js";

const file = "scenarios/scale-to-zero.yaml";
const text = readFileSync(file, "utf8");

const run = (edit: (t: string) => string): Results => {
  const parsed = parseScenario(edit(text), { file });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return runScenario(parsed.scenario);
};
const kedaEvents = (r: Results) => r.autoscaling.events.filter((e) => e.kind === "workload" && e.controller === "keda").map((e) => (e.kind === "workload" ? `${e.at}s ${e.from}→${e.to}: ${e.reason}` : ""));
const firstMinute = (r: Results) => kedaEvents(r).filter((e) => Number.parseFloat(e) < 60);

test("the bundled scenario's initialCooldownPeriod keeps the service up while the first scrape has no request rate; the cooldown counts from the last activity", () => {
  const r = run((t) => t);
  expect(firstMinute(r).filter((e) => e.includes("→0"))).toEqual([]);
  const toZero = kedaEvents(r).filter((e) => e.includes("→0"));
  expect(toZero[0]).toMatch(/^540s 2→0: scaled to zero: inactive for the cooldown period \(180s\)/);
});

test("without initialCooldownPeriod, as KEDA documents, the never-active service goes to zero at the first poll", () => {
  const r = run((t) => t.replace(/ +initialCooldownPeriod: .*\n/, ""));
  expect(firstMinute(r)[0]).toBe("10s 1→0: scaled to zero: never active");
});

test("a trigger with ignoreNullValues false is in error without data and scales nothing until the rate exists", () => {
  const r = run((t) => t.replace(/ +initialCooldownPeriod: .*\n/, "").replace("activationThreshold: 0.05 }", "activationThreshold: 0.05, ignoreNullValues: false }"));
  expect(firstMinute(r).filter((e) => e.includes("→0"))).toEqual([]);
});
