import { expect, test } from "vitest";
import { costOf } from "./cost.js";

test("costOf prices node-hours per pool and sums them in input order", () => {
  const report = costOf([
    { pool: "h100", nodeSeconds: 7200, pricePerHour: 98.32 },
    { pool: "cpu", nodeSeconds: 1800, pricePerHour: 0.5 },
  ]);
  expect(report).toEqual({
    total: 2 * 98.32 + 0.25,
    pools: [
      { pool: "h100", nodeHours: 2, pricePerHour: 98.32, cost: 2 * 98.32 },
      { pool: "cpu", nodeHours: 0.5, pricePerHour: 0.5, cost: 0.25 },
    ],
  });
});

test("costOf of no pools is zero", () => {
  expect(costOf([])).toEqual({ total: 0, pools: [] });
});

test("costOf counts an unused or free pool at zero cost", () => {
  const report = costOf([
    { pool: "idle", nodeSeconds: 0, pricePerHour: 12 },
    { pool: "free", nodeSeconds: 3600, pricePerHour: 0 },
  ]);
  expect(report.total).toBe(0);
  expect(report.pools.map((p) => p.nodeHours)).toEqual([0, 1]);
});

test.each([
  { name: "negative node-seconds", usage: { pool: "a", nodeSeconds: -1, pricePerHour: 1 } },
  { name: "infinite node-seconds", usage: { pool: "a", nodeSeconds: Infinity, pricePerHour: 1 } },
  { name: "a NaN price", usage: { pool: "a", nodeSeconds: 1, pricePerHour: NaN } },
  { name: "a negative price", usage: { pool: "a", nodeSeconds: 1, pricePerHour: -2 } },
])("costOf rejects $name", ({ usage }) => {
  expect(() => costOf([usage])).toThrow(RangeError);
});

test("costOf names the pool and the expected range in its errors", () => {
  expect(() => costOf([{ pool: "l4", nodeSeconds: -5, pricePerHour: 1 }])).toThrowErrorMatchingInlineSnapshot(
    `[RangeError: invalid nodeSeconds for pool "l4": -5 (expected a finite number ≥ 0)]`,
  );
  expect(() => costOf([{ pool: "l4", nodeSeconds: 5, pricePerHour: -1 }])).toThrowErrorMatchingInlineSnapshot(
    `[RangeError: invalid pricePerHour for pool "l4": -1 (expected a finite number ≥ 0)]`,
  );
});

test("costOf rejects a pool listed twice", () => {
  const usage = { pool: "a100", nodeSeconds: 60, pricePerHour: 3 };
  expect(() => costOf([usage, usage])).toThrowErrorMatchingInlineSnapshot(`[RangeError: duplicate pool: "a100"]`);
});
