import { describe, expect, test } from "vitest";
import { ceilInteger, exactOf, exactOfNumber, plus, splitInteger, toNumber, toPlain } from "./decimal.js";

describe("decimal", () => {
  test.each([
    ["12.5", 125n, -1],
    [".5", 5n, -1],
    ["5.", 5n, 0],
    ["007", 7n, 0],
    ["0.000", 0n, -3],
  ])("exactOf reads %j as %d × 10^%d", (text, coefficient, exponent) => {
    expect(exactOf(text)).toEqual({ coefficient, exponent });
  });

  test.each([
    [0.1, "0.1"],
    [1e21, "1000000000000000000000"],
    [1.5e-7, "0.00000015"],
    [123.456, "123.456"],
    [0, "0"],
  ])("exactOfNumber and toPlain write %d without an exponent as %j", (x, plain) => {
    expect(toPlain(exactOfNumber(x))).toBe(plain);
    expect(toNumber(exactOfNumber(x))).toBe(x);
  });

  test.each([
    ["1.5", 2n],
    ["2", 2n],
    ["0.0001", 1n],
    ["0", 0n],
  ])("ceilInteger rounds %j up to %d", (text, whole) => {
    expect(ceilInteger(exactOf(text))).toBe(whole);
  });

  test("splitInteger and plus take a decimal apart and put it back together", () => {
    const { whole, fraction } = splitInteger(exactOf("3723.456"));
    expect(whole).toBe(3723n);
    expect(toPlain(fraction)).toBe("0.456");
    expect(toPlain(plus({ coefficient: whole, exponent: 0 }, fraction))).toBe("3723.456");
  });
});
