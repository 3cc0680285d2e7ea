import { describe, expect, test } from "vitest";
import { formatIssue } from "./errors.js";
import { parseScenario } from "./load.js";

const base = (traffic: string) => `apiVersion: servesim/v1
kind: Scenario
metadata: { name: t }
duration: 1h
cluster: { nodePools: [{ name: p, cpu: 4, memory: 8Gi, count: 1, pricePerHour: 1 }] }
services:
  - name: s
    model: { kind: classic, serviceTime: { distribution: exponential, mean: 1s } }
    traffic:
${traffic}
`;

const issues = (traffic: string) => {
  const r = parseScenario(base(traffic), { file: "t.yaml" });
  return r.ok ? [] : r.issues.map(formatIssue);
};

describe("traffic entries", () => {
  test("every generator kind and a trace parse, with units and defaults", () => {
    const r = parseScenario(
      base(`      - diurnal: { mean: 10/s, amplitude: 0.5 }
        tokens: { input: { distribution: lognormal, mean: 800, cv: 1 }, output: { distribution: fixed, value: 64 } }
      - step: { before: 1/s, after: 5/s, at: 10m }
      - flashCrowd: { base: 1/s, peak: 600/min, at: 20m, hold: 5m }
      - mmpp: { low: { rate: 1/s, meanDuration: 5m }, high: { rate: 50/s, meanDuration: 20s } }
      - piecewise: { points: [{ at: 0, rate: 1/s }, { at: 30m, rate: 3/s }], interpolation: linear }
      - trace: { file: a.csv, format: azure, rateScale: 2.5, speedup: 2, window: 10m, loop: true }`),
    );
    if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
    const t = r.scenario.services[0]!.traffic;
    expect(t[0]!.diurnal).toEqual({ mean: 10, amplitude: 0.5, period: 86400, phase: 0, start: 0 });
    expect(t[2]!.flashCrowd).toMatchObject({ peak: 10, rampUp: 0, decay: 0, hold: 300 });
    expect(t[5]!.trace).toEqual({
      file: "a.csv",
      format: "azure",
      filter: [],
      onBadLine: "error",
      sortWindow: 0,
      offset: 0,
      window: 600,
      speedup: 2,
      rateScale: 2.5,
      copyShift: 60,
      loop: true,
      start: 0,
    });
  });

  test("problems are reported with their line and what was expected", () => {
    expect(issues("      - { poisson: { rate: 1 }, mmpp: { low: { rate: 1, meanDuration: 1 }, high: { rate: 1, meanDuration: 1 } } }")).toEqual([
      "t.yaml:10:9 services[0].traffic[0]: expected exactly one source kind: poisson | diurnal | step | flashCrowd | mmpp | piecewise | trace (got poisson, mmpp)",
    ]);
    expect(issues("      - trace: { file: a.csv, format: generic }")).toEqual(['t.yaml:10:16 services[0].traffic[0].trace.map: a generic trace needs a column mapping (map)']);
    expect(issues("      - trace: { file: a.csv, format: azure, map: { type: csv } }")).toEqual(['t.yaml:10:51 services[0].traffic[0].trace.map: map applies to format "generic" only; format "azure" has fixed columns']);
    expect(issues("      - trace: { file: a.csv, format: csv }")).toEqual(['t.yaml:10:39 services[0].traffic[0].trace.format: expected "azure" | "mooncake" | "vidur" | "generic", got "csv"']);
    expect(issues("      - trace: { file: a.csv, format: azure, rateScale: 100 }")).toEqual(["t.yaml:10:57 services[0].traffic[0].trace.rateScale: expected a number ≤ 64, got 100"]);
    expect(issues("      - trace: { file: a.csv, format: generic, map: { type: csv, time: { column: t, unit: fortnight } } }")).toEqual([
      "t.yaml:10:72 services[0].traffic[0].trace.map.time: expected { column, unit } or { column, format: \"datetime\" }",
    ]);
    expect(issues("      - piecewise: { points: [{ at: 10, rate: 1 }, { at: 5, rate: 1 }] }")).toEqual(["t.yaml:10:58 services[0].traffic[0].piecewise.points[1].at: expected points in time order"]);
    expect(issues("      - poisson: { rate: 1 }\n        tokens: { joint: { file: a.csv, format: azure }, input: { distribution: fixed, value: 1 } }")).toEqual([
      "t.yaml:11:26 services[0].traffic[0].tokens.joint: expected either joint or input/output, not both",
    ]);
  });
});
