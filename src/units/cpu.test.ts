import { describe, expect, test } from "vitest";
import { formatCpu, parseCpu } from "./cpu.js";

const value = (input: string | number): number | string => {
  const r = parseCpu(input);
  return r.ok ? r.value : r.error;
};
const error = (input: string | number): string => {
  const r = parseCpu(input);
  return r.ok ? `unexpected value ${r.value}` : r.error;
};

describe("parseCpu", () => {
  test.each([
    ["500m", 500],
    ["1500m", 1500],
    ["8", 8000],
    ["0.5", 500],
    ["2.5", 2500],
    ["0", 0],
    ["0m", 0],
    ["1k", 1_000_000],
    ["1e3", 1_000_000],
    ["1E-3", 1],
    ["+2", 2000],
    [".5", 500],
    ["1.", 1000],
    ["1Ki", 1_024_000],
    ["-0", 0],
  ])("parseCpu reads the Kubernetes quantity %j as %d millicores", (input, milli) => {
    expect(value(input)).toBe(milli);
  });

  test.each([
    ["100u", 1],
    ["1n", 1],
    ["0.0001", 1],
    ["0.0011", 2],
    ["1500001u", 1501],
    ["0.5m", 1],
    ["1e-400", 1],
  ])("parseCpu rounds %j up to %d whole millicores, like MilliValue()", (input, milli) => {
    expect(value(input)).toBe(milli);
  });

  test.each([
    [0, 0],
    [8, 8000],
    [0.5, 500],
    [0.007, 7],
    [0.1 + 0.2, 301],
    [1e-9, 1],
    [-0, 0],
  ])("parseCpu takes the number %d as cores, giving %d millicores", (input, milli) => {
    expect(value(input)).toBe(milli);
  });

  test("parseCpu accepts up to Number.MAX_SAFE_INTEGER millicores", () => {
    expect(value("9007199254740991m")).toBe(Number.MAX_SAFE_INTEGER);
    expect(error("9007199254740992m")).toMatchInlineSnapshot(`"invalid cpu "9007199254740992m" (too large: at most 9007199254740991m; expected cores such as "2" or "0.5", or millicores such as "500m")"`);
    expect(error(1e300)).toMatchInlineSnapshot(`"invalid cpu "1e+300" (too large: at most 9007199254740991m; expected cores such as "2" or "0.5", or millicores such as "500m")"`);
  });

  test("parseCpu rejects text that is not a quantity", () => {
    expect(error("abc")).toMatchInlineSnapshot(`"invalid cpu "abc" (expected cores such as "2" or "0.5", or millicores such as "500m")"`);
    expect(error("2 cores")).toMatchInlineSnapshot(`"invalid cpu "2 cores" (expected cores such as "2" or "0.5", or millicores such as "500m")"`);
  });

  test("parseCpu rejects negative, non-finite, empty, padded and overlong input", () => {
    expect(error("-500m")).toMatchInlineSnapshot(`"invalid cpu "-500m" (must not be negative; expected cores such as "2" or "0.5", or millicores such as "500m")"`);
    expect(error(-0.5)).toMatchInlineSnapshot(`"invalid cpu "-0.5" (must not be negative; expected cores such as "2" or "0.5", or millicores such as "500m")"`);
    expect(error(Number.NaN)).toMatchInlineSnapshot(`"invalid cpu "NaN" (not a finite number; expected cores such as "2" or "0.5", or millicores such as "500m")"`);
    expect(error("")).toMatchInlineSnapshot(`"invalid cpu "" (expected cores such as "2" or "0.5", or millicores such as "500m")"`);
    expect(error("\t2")).toMatchInlineSnapshot(`"invalid cpu "\\t2" (surrounding whitespace is not allowed; expected cores such as "2" or "0.5", or millicores such as "500m")"`);
    expect(error("1".repeat(65))).toMatchInlineSnapshot(`"invalid cpu "1111111111111111…" (longer than 64 characters; expected cores such as "2" or "0.5", or millicores such as "500m")"`);
  });

  test.each(["m", "500M1", "1K", "1e", "1e1.5", "0x1", "1mi", "500 m", "Infinity", "."])("parseCpu rejects the malformed cpu %j", (input) => {
    expect(error(input)).toMatch(/^invalid cpu ".*" \(.*"500m"\)$/);
  });
});

describe("formatCpu", () => {
  test.each([
    [0, "0"],
    [1, "1m"],
    [500, "500m"],
    [1000, "1"],
    [1500, "1500m"],
    [8000, "8"],
    [64_000, "64"],
    [0.5, "0.5m"],
    [Number.MAX_SAFE_INTEGER, "9007199254740991m"],
  ])("formatCpu writes %d millicores as %j", (milli, text) => {
    expect(formatCpu(milli)).toBe(text);
  });

  test.each([
    [-1, "-1"],
    [Number.NaN, "NaN"],
    [Number.POSITIVE_INFINITY, "Infinity"],
  ])("formatCpu returns %d, outside its domain, as %j, which parseCpu rejects", (milli, text) => {
    expect(formatCpu(milli)).toBe(text);
    expect(parseCpu(text).ok).toBe(false);
  });
});
