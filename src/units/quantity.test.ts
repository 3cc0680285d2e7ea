import { describe, expect, test } from "vitest";
import { parseQuantity } from "./quantity.js";
import type { Quantity } from "./quantity.js";

const quantity = (input: string | number): Quantity | string => {
  const r = parseQuantity(input);
  return r.ok ? r.value : r.error;
};
const error = (input: string | number): string => {
  const r = parseQuantity(input);
  return r.ok ? `unexpected value ${JSON.stringify(r.value)}` : r.error;
};

describe("parseQuantity", () => {
  test.each([
    ["1n", 1e-9],
    ["1u", 1e-6],
    ["500m", 0.5],
    ["2", 2],
    ["1k", 1e3],
    ["1M", 1e6],
    ["1G", 1e9],
    ["1T", 1e12],
    ["1P", 1e15],
    ["1E", 1e18],
    ["0", 0],
    ["1.5", 1.5],
    ["129M", 129e6],
  ])("parseQuantity reads the decimal SI quantity %j as %d", (input, value) => {
    expect(quantity(input)).toEqual({ value, format: "DecimalSI" });
  });

  test.each([
    ["1Ki", 2 ** 10],
    ["1Mi", 2 ** 20],
    ["16Gi", 16 * 2 ** 30],
    ["1Ti", 2 ** 40],
    ["1Pi", 2 ** 50],
    ["1Ei", 2 ** 60],
    ["1.5Gi", 1.5 * 2 ** 30],
    ["0Ki", 0],
    ["0.5Ki", 512],
  ])("parseQuantity reads the binary SI quantity %j as %d", (input, value) => {
    expect(quantity(input)).toEqual({ value, format: "BinarySI" });
  });

  test.each([
    ["1e9", 1e9],
    ["1E9", 1e9],
    ["12e6", 12e6],
    ["1e+3", 1e3],
    ["1e-3", 1e-3],
    ["1.5e3", 1500],
    ["1e0", 1],
    ["1e-12", 1e-9],
  ])("parseQuantity reads the decimal exponent quantity %j as %d", (input, value) => {
    expect(quantity(input)).toEqual({ value, format: "DecimalExponent" });
  });

  test.each([
    ["-1", -1],
    ["-500m", -0.5],
    ["+1", 1],
    ["-1.5Gi", -1.5 * 2 ** 30],
    ["-0", 0],
    ["-1e3", -1000],
  ])("parseQuantity keeps the sign of %j, giving %d", (input, value) => {
    const q = quantity(input);
    expect(typeof q === "string" ? q : q.value).toBe(value);
  });

  test.each([
    [".5", 0.5],
    ["5.", 5],
    ["1.G", 1e9],
    ["-.5Ki", -512],
    ["007", 7],
  ])("parseQuantity accepts %j, a number form of the Kubernetes grammar", (input, value) => {
    const q = quantity(input);
    expect(typeof q === "string" ? q : q.value).toBe(value);
  });

  test.each([
    ["0.1n", 1e-9, "DecimalSI"],
    ["0.9n", 1e-9, "DecimalSI"],
    ["1.5n", 2e-9, "DecimalSI"],
    ["-0.1n", -1e-9, "DecimalSI"],
    ["1e-400", 1e-9, "DecimalExponent"],
    ["0.0001Ki", 0.1024, "DecimalSI"],
    ["9Ei", 2 ** 63, "BinarySI"],
  ])("parseQuantity rounds %j as Kubernetes does, to %d (%s)", (input, value, format) => {
    expect(quantity(input)).toEqual({ value, format });
  });

  test.each([
    [0, 0],
    [2.5, 2.5],
    [-3, -3],
    [1e21, 1e21],
    [1e-12, 1e-9],
  ])("parseQuantity takes the number %d as DecimalSI %d", (input, value) => {
    expect(quantity(input)).toEqual({ value, format: "DecimalSI" });
  });

  test("parseQuantity rejects values beyond the float64 range", () => {
    expect(error("1e400")).toMatchInlineSnapshot(`"invalid quantity "1e400" (too large for a float64; expected a number with an optional suffix n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei or an exponent, e.g. "500m", "16Gi", "1e9")"`);
    expect(error("1e99999999999999999999")).toMatchInlineSnapshot(`"invalid quantity "1e99999999999999999999" (too large for a float64; expected a number with an optional suffix n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei or an exponent, e.g. "500m", "16Gi", "1e9")"`);
  });

  test("parseQuantity rejects non-finite, empty, padded and overlong input", () => {
    expect(error(Number.NaN)).toMatchInlineSnapshot(`"invalid quantity "NaN" (not a finite number; expected a number with an optional suffix n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei or an exponent, e.g. "500m", "16Gi", "1e9")"`);
    expect(error(Number.NEGATIVE_INFINITY)).toMatchInlineSnapshot(`"invalid quantity "-Infinity" (not a finite number; expected a number with an optional suffix n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei or an exponent, e.g. "500m", "16Gi", "1e9")"`);
    expect(error("")).toMatchInlineSnapshot(`"invalid quantity "" (expected a number with an optional suffix n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei or an exponent, e.g. "500m", "16Gi", "1e9")"`);
    expect(error(" 1Gi")).toMatchInlineSnapshot(`"invalid quantity " 1Gi" (surrounding whitespace is not allowed; expected a number with an optional suffix n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei or an exponent, e.g. "500m", "16Gi", "1e9")"`);
    expect(error("1".repeat(65))).toMatchInlineSnapshot(`"invalid quantity "1111111111111111…" (longer than 64 characters; expected a number with an optional suffix n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei or an exponent, e.g. "500m", "16Gi", "1e9")"`);
  });

  test.each(["Gi", "1K", "1KB", "1GB", "1gi", "1e", "1e1.5", "1ee3", "1.5.5", ".", "-", "+", "--1", "1 ", "1Ki1", "1mi", "0x10", "1_000", "Infinity"])(
    "parseQuantity rejects %j, which the Kubernetes grammar does not allow",
    (input) => {
      expect(error(input)).toMatch(/^invalid quantity ".*" \(.*e\.g\. "500m", "16Gi", "1e9"\)$/);
    },
  );

  test("parseQuantity names the bad input and an example in its message", () => {
    expect(error("1.5x")).toMatchInlineSnapshot(`"invalid quantity "1.5x" (expected a number with an optional suffix n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei or an exponent, e.g. "500m", "16Gi", "1e9")"`);
  });
});
