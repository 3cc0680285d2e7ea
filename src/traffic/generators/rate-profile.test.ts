import { describe, expect, test } from "vitest";
import { createStreams } from "../../engine/index.js";
import { parseRateCsv } from "./rate-csv.js";
import { createProfileProcess, flashCrowdProfile, profileRate, stepProfile } from "./rate-profile.js";
import type { RateProfile } from "./rate-profile.js";

function countIn(p: RateProfile, seed: number, edges: readonly number[]): number[] {
  const proc = createProfileProcess(p, createStreams(seed)("t/p"));
  const out = new Array<number>(edges.length - 1).fill(0);
  for (let t = proc.next(edges[0]!); t < edges[edges.length - 1]!; t = proc.next(t)) {
    let k = 0;
    while (t >= edges[k + 1]!) k++;
    out[k]!++;
  }
  return out;
}

const within = (n: number, mean: number) => expect(Math.abs(n - mean), `count ${n}, expected ${mean}`).toBeLessThan(4 * Math.sqrt(mean) + 1e-9);

describe("rate profiles", () => {
  test("a step holds `before` until `at`, then `after`", () => {
    const p = stepProfile(2, 20, 600);
    expect([profileRate(p, 0), profileRate(p, 599.999), profileRate(p, 600), profileRate(p, 1e6)]).toEqual([2, 2, 20, 20]);
    const [before, after] = countIn(p, 1, [0, 600, 1200]);
    within(before!, 1200);
    within(after!, 12_000);
  });

  test("a flash crowd ramps linearly, holds, decays linearly; counts per phase follow its integral", () => {
    const p = flashCrowdProfile({ base: 2, peak: 30, at: 1000, rampUp: 200, hold: 600, decay: 1200 });
    expect([profileRate(p, 999), profileRate(p, 1100), profileRate(p, 1500), profileRate(p, 2400), profileRate(p, 4000)]).toEqual([2, 16, 30, 16, 2]);
    const phases = countIn(p, 2, [0, 1000, 1200, 1800, 3000, 4000]);
    [2000, (2 + 30) * 100, 30 * 600, (30 + 2) * 600, 2000].forEach((mean, k) => within(phases[k]!, mean));
  });

  test("a flash crowd without ramps jumps to the peak and back", () => {
    const p = flashCrowdProfile({ base: 1, peak: 10, at: 5, rampUp: 0, hold: 5, decay: 0 });
    expect([4.999, 5, 9.999, 10].map((t) => profileRate(p, t))).toEqual([1, 10, 10, 1]);
  });

  test("piecewise-linear knots interpolate; counts follow the trapezoids", () => {
    const p: RateProfile = { times: [0, 100, 300], rates: [0, 40, 10], interpolation: "linear" };
    expect([profileRate(p, 50), profileRate(p, 200), profileRate(p, 500)]).toEqual([20, 25, 10]);
    const [a, b, c] = countIn(p, 3, [0, 100, 300, 400]);
    within(a!, 2000);
    within(b!, 5000);
    within(c!, 1000);
  });

  test("a zero rate before a later knot waits for it", () => {
    const proc = createProfileProcess({ times: [0, 50], rates: [0, 1], interpolation: "step" }, createStreams(4)("t/p"));
    expect(proc.next(0)).toBeGreaterThan(50);
  });
});

describe("parseRateCsv", () => {
  test("reads time,rate rows with units, a header and comments", () => {
    expect(parseRateCsv("time,rate\n# the morning\n0,5/s\n10m,300/min\n1h, 2\n", "r.csv", "linear", 10)).toEqual({ times: [0, 600, 3600], rates: [5, 5, 2], interpolation: "linear" });
  });

  test.each([
    ["0,5\n60,x\n", "r.csv:2: "],
    ["0,5\n60\n", "r.csv:2: expected 2 fields (time,rate), got 1"],
    ["60,5\n0,5\n", "r.csv:2: expected times in increasing order"],
    ["0,1\n1,1\n2,1\n", "r.csv:3: expected at most 2 points"],
    ["time,rate\n", "r.csv: expected at least one time,rate row"],
  ])("rejects %j", (text, message) => {
    expect(() => parseRateCsv(text, "r.csv", "step", 2)).toThrow(message);
  });
});
