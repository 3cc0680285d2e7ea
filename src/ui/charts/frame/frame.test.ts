import { describe, expect, test } from "vitest";
import { timeTicks } from "./time-ticks.js";
import { formatClock, formatLatency, formatMoney, formatRate, formatShare } from "./units.js";

describe("timeTicks", () => {
  test("timeTicks(0, 3600, 8) puts ticks at round 10-minute marks", () => {
    expect(timeTicks(0, 3600, 8)).toEqual([0, 600, 1200, 1800, 2400, 3000, 3600]);
  });
  test("timeTicks never returns more ticks than asked for", () => {
    for (const [a, b, n] of [[0, 86_400, 5], [0, 600, 3], [130, 1777, 7], [0, 1e7, 4]] as const) {
      const ticks = timeTicks(a, b, n);
      expect(ticks.length).toBeLessThanOrEqual(n + 1);
      expect(ticks.every((t) => t >= a && t <= b)).toBe(true);
    }
  });
  test("timeTicks of a zoomed window starts at the first round mark inside it", () => {
    expect(timeTicks(95, 400, 4)).toEqual([120, 240, 360]);
  });
});

describe("units", () => {
  test("formatLatency names its unit: µs, ms, s, then a clock", () => {
    expect([0.00085, 0.0123, 1.24, 2, 150].map(formatLatency)).toEqual(["850 µs", "12.3 ms", "1.24 s", "2 s", "2m30s"]);
  });
  test("formatClock prints simulated times compactly", () => {
    expect([0, 45, 300, 5400, 86_400, 90_000].map(formatClock)).toEqual(["0", "45s", "5m", "1h30m", "1d", "1d1h"]);
  });
  test("formatRate, formatShare and formatMoney carry their units", () => {
    expect(formatRate(1234)).toBe("1.23k/s");
    expect(formatRate(0.5)).toBe("0.5/s");
    expect(formatShare(0.456)).toBe("45.6 %");
    expect(formatMoney(3.2)).toBe("$3.20");
    expect(formatLatency(Number.NaN)).toBe("–");
  });
});

describe("valueTicks", () => {
  test("valueTicks on a log scale within one decade still gives several round ticks", async () => {
    const { scaleLog } = await import("d3-scale");
    const { valueTicks } = await import("./axes.js");
    const ticks = valueTicks(scaleLog().domain([0.03, 0.3]).range([170, 0]), 170, true);
    expect(ticks).toEqual([0.05, 0.1, 0.2]);
  });
  test("valueTicks on a log scale over many decades keeps at most the room's count", async () => {
    const { scaleLog } = await import("d3-scale");
    const { valueTicks } = await import("./axes.js");
    const ticks = valueTicks(scaleLog().domain([1e-4, 100]).range([170, 0]), 170, true);
    expect(ticks.length).toBeLessThanOrEqual(4);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
  });
});
