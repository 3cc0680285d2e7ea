import { describe, expect, test } from "vitest";
import quickstart from "../../../../scenarios/quickstart.yaml?raw";
import { parseScenario } from "../../../scenario/index.js";
import { runScenario } from "../../../sim/index.js";
import { compareRows, relativeChange } from "./compare-rows.js";

const run = (text: string) => {
  const parsed = parseScenario(text);
  if (!parsed.ok) throw new Error(parsed.issues[0]!.message);
  return runScenario(parsed.scenario);
};

describe("compareRows", () => {
  test("relativeChange is (B − A) ÷ |A|, null when A is zero or a value is missing", () => {
    expect(relativeChange(2, 3)).toBeCloseTo(0.5);
    expect(relativeChange(-2, -1)).toBeCloseTo(0.5);
    expect(relativeChange(0, 1)).toBeNull();
    expect(relativeChange(null, 1)).toBeNull();
  });

  test("compareRows of two runs gives each service's figures and the run's cost, from each run's summary", () => {
    const short = quickstart.replace("duration: 1h", "duration: 10m");
    const a = run(short);
    const b = run(short.replace("seed: 42", "seed: 43").replace("rate: 240/s", "rate: 120/s"));
    const rows = compareRows(a, b);
    const row = (group: string, label: string) => rows.find((r) => r.group === group && r.label === label)!;
    expect([row("classifier", "arrived").a, row("classifier", "arrived").b]).toEqual([a.services[0]!.requests.arrived, b.services[0]!.requests.arrived]);
    expect(row("classifier", "latency p99").higherIsBetter).toBe(false);
    expect(row("classifier", "throughput").b).toBeLessThan(row("classifier", "throughput").a!);
    expect(row("run", "cost").a).toBe(a.cost.total);
    // No LLM service: no TTFT row.
    expect(rows.some((r) => r.label === "TTFT p99")).toBe(false);
  });
});
