import { describe, expect, test } from "vitest";
import { formatMoney, formatNodeHours, formatObjective, formatPrice } from "./format.js";

describe("summary formats", () => {
  test("formatObjective shows TTFT and TPOT targets as durations, not percentages", () => {
    expect(formatObjective("ttft.p99", 2)).toBe("2 s");
    expect(formatObjective("tpot.p99", 0.1)).toBe("100 ms");
    expect(formatObjective("latency.p50", 0.06)).toBe("60 ms");
  });
  test("formatObjective shows rate objectives as percentages", () => {
    expect(formatObjective("rejectRate", 0.001)).toBe("0.1 %");
    expect(formatObjective("errorRate", 0.02)).toBe("2 %");
    expect(formatObjective("rejectRate", null)).toBe("–");
  });
  test("formatNodeHours keeps two decimals, so short runs do not read as zero", () => {
    expect(formatNodeHours(0.3333)).toBe("0.33 node-h");
    expect(formatNodeHours(5.126)).toBe("5.13 node-h");
  });
  test("money keeps cents and prices keep the catalog's precision", () => {
    expect(formatMoney(0.2683)).toBe("$0.27");
    expect(formatPrice(0.8048)).toBe("$0.8048");
    expect(formatPrice(2)).toBe("$2.00");
  });
});
