import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import { exp, hexBits, log } from "./math.js";

/** Distance in units in the last place between two doubles of the same sign. */
function ulps(a: number, b: number): number {
  if (a === b) return 0;
  const view = new DataView(new ArrayBuffer(16));
  view.setFloat64(0, a);
  view.setFloat64(8, b);
  return Number(view.getBigInt64(0) - view.getBigInt64(8));
}

describe("portable log and exp", () => {
  test.each([
    [0, -Infinity],
    [-0, -Infinity],
    [-1, NaN],
    [NaN, NaN],
    [Infinity, Infinity],
    [1, 0],
  ])("log(%s) is %s", (x, y) => expect(log(x)).toBe(y));

  test.each([
    [0, 1],
    [NaN, NaN],
    [Infinity, Infinity],
    [-Infinity, 0],
    [710, Infinity],
    [-746, 0],
  ])("exp(%s) is %s", (x, y) => expect(exp(x)).toBe(y));

  test("agrees with Math.log and Math.exp within one ulp on a wide grid, subnormals included", () => {
    let worst = 0;
    for (let e = -1074; e <= 1023; e += 1) {
      for (const m of [1, 1.0000001, 1.2345, 1.4142135623730951, 1.5, 1.9999999]) {
        const x = m * 2 ** e;
        if (x === Infinity || x === 0) continue;
        worst = Math.max(worst, Math.abs(ulps(log(x), Math.log(x))));
      }
    }
    for (let x = -745; x <= 709; x += 0.37) worst = Math.max(worst, Math.abs(ulps(exp(x), Math.exp(x))));
    expect(worst).toBeLessThanOrEqual(1);
  });

  fcTest.prop([fc.double({ min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true })])("log(x) is within one ulp of Math.log(x)", (x) => {
    expect(Math.abs(ulps(log(x), Math.log(x)))).toBeLessThanOrEqual(1);
  });

  fcTest.prop([fc.double({ min: -745, max: 709.78, noNaN: true })])("exp(x) is within one ulp of Math.exp(x)", (x) => {
    const a = exp(x);
    const b = Math.exp(x);
    // Subnormal results carry fewer significant bits; compare them absolutely.
    if (b < 2.2250738585072014e-308) expect(Math.abs(a - b)).toBeLessThanOrEqual(Number.MIN_VALUE * 2);
    else expect(Math.abs(ulps(a, b))).toBeLessThanOrEqual(1);
  });

  test("gives pinned bits, so that a change of method is noticed", () => {
    expect([log(0.5), log(10), log(1e-300), log(7.2), exp(1), exp(-3.5), exp(100)].map(hexBits)).toMatchInlineSnapshot(`
      [
        "bfe62e42fefa39ef",
        "40026bb1bbb55516",
        "c085963447f87fb5",
        "3fff95d5fc66b2d1",
        "4005bf0a8b14576a",
        "3f9eec1018e4ff66",
        "48f3494a9b171bf5",
      ]
    `);
  });
});
