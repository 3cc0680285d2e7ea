import { expect, test } from "vitest";
import { createStreams } from "../engine/index.js";
import { faultGap, pickDistinct } from "./arrivals.js";
import { crashBackoff } from "../cluster/index.js";

test("crashBackoff doubles from 10 s and stops at 5 minutes", () => {
  expect([1, 2, 3, 4, 5, 6, 7, 20].map(crashBackoff)).toEqual([10, 20, 40, 80, 160, 300, 300, 300]);
});

test("faultGap has mean mtbf ÷ targets and is infinite without targets", () => {
  const stream = createStreams(7)("faults/test");
  let sum = 0;
  const n = 20_000;
  for (let i = 0; i < n; i++) sum += faultGap(stream, 600, 4);
  expect(sum / n).toBeGreaterThan(150 * 0.95);
  expect(sum / n).toBeLessThan(150 * 1.05);
  expect(faultGap(stream, 600, 0)).toBe(Infinity);
});

test("pickDistinct draws distinct candidates, all of them when there are too few", () => {
  const stream = createStreams(3)("faults/pick");
  const picks = pickDistinct(stream, 10, 4);
  expect(new Set(picks).size).toBe(4);
  expect(picks.every((i) => i >= 0 && i < 10)).toBe(true);
  expect(pickDistinct(stream, 2, 5).sort()).toEqual([0, 1]);
});
