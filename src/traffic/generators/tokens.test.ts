import { describe, expect, test } from "vitest";
import { createStreams } from "../../engine/index.js";
import { createRequestAttrs } from "../attrs.js";
import { tokenFiller } from "./tokens.js";
import type { TokenSpec } from "./tokens.js";

function draw(spec: TokenSpec, n: number, seed = 1): { input: number[]; output: number[] } {
  const fill = tokenFiller(spec, createStreams(seed)("tokens/t"));
  const a = createRequestAttrs();
  const input: number[] = [];
  const output: number[] = [];
  for (let i = 0; i < n; i++) {
    fill(a);
    input.push(a.inputTokens);
    output.push(a.outputTokens);
  }
  return { input, output };
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
function correlation(xs: readonly number[], ys: readonly number[]): number {
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe("token lengths", () => {
  test("fixed lengths are exact, and a side left out keeps its value", () => {
    const { input, output } = draw({ input: { distribution: "fixed", value: 512 } }, 5);
    expect(input).toEqual([512, 512, 512, 512, 512]);
    expect(output).toEqual([0, 0, 0, 0, 0]);
  });

  test("uniform lengths cover [min, max] inclusively with the right mean", () => {
    const { output } = draw({ output: { distribution: "uniform", min: 10, max: 19 } }, 50_000);
    expect(new Set(output)).toEqual(new Set([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]));
    expect(Math.abs(mean(output) - 14.5)).toBeLessThan(4 * Math.sqrt(8.25 / 50_000));
  });

  test("lognormal lengths are whole, clamped, with the mean asked for (within 4 standard errors)", () => {
    const n = 100_000;
    const { input } = draw({ input: { distribution: "lognormal", mean: 1000, cv: 1, min: 1, max: 1_000_000 } }, n);
    expect(input.every((x) => Number.isInteger(x) && x >= 1)).toBe(true);
    expect(Math.abs(mean(input) - 1000)).toBeLessThan(4 * (1000 / Math.sqrt(n)));
    const clamped = draw({ input: { distribution: "lognormal", mean: 1000, cv: 2, min: 100, max: 2000 } }, 10_000).input;
    expect(Math.min(...clamped)).toBe(100);
    expect(Math.max(...clamped)).toBe(2000);
  });

  test("empirical lengths are resampled from the values given, in their proportions", () => {
    const { input } = draw({ input: { distribution: "empirical", values: new Int32Array([5, 5, 5, 100]) } }, 40_000);
    expect(new Set(input)).toEqual(new Set([5, 100]));
    expect(Math.abs(input.filter((x) => x === 100).length - 10_000)).toBeLessThan(4 * Math.sqrt(40_000 * 0.25 * 0.75));
  });

  test("joint resampling keeps each pair, so it keeps the correlation; independent marginals lose it", () => {
    const rows = Array.from({ length: 500 }, (_, i) => i);
    const table = { input: new Int32Array(rows.map((i) => 100 + 10 * i)), output: new Int32Array(rows.map((i) => 5 + i + (i % 7))) };
    const joint = draw({ joint: table }, 20_000);
    const pairs = new Set(rows.map((i) => `${table.input[i]}/${table.output[i]}`));
    expect(joint.input.every((x, k) => pairs.has(`${x}/${joint.output[k]}`))).toBe(true);
    const inTable = correlation([...table.input], [...table.output]);
    expect(Math.abs(correlation(joint.input, joint.output) - inTable)).toBeLessThan(0.01);
    const marginal = draw({ input: { distribution: "empirical", values: table.input }, output: { distribution: "empirical", values: table.output } }, 20_000);
    expect(Math.abs(correlation(marginal.input, marginal.output))).toBeLessThan(0.04);
  });
});
