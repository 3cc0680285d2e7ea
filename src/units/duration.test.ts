import { describe, expect, test } from "vitest";
import { formatDuration, parseDuration } from "./duration.js";

const value = (input: string | number): number | string => {
  const r = parseDuration(input);
  return r.ok ? r.value : r.error;
};
const error = (input: string | number): string => {
  const r = parseDuration(input);
  return r.ok ? `unexpected value ${r.value}` : r.error;
};

describe("parseDuration", () => {
  test.each([
    ["250ms", 0.25],
    ["5m", 300],
    ["2h", 7200],
    ["2d", 172_800],
    ["90s", 90],
    ["1.5s", 1.5],
    ["0.5h", 1800],
    ["100ns", 1e-7],
    ["3us", 3e-6],
    ["3µs", 3e-6],
    ["3μs", 3e-6],
    ["0s", 0],
    ["0", 0],
  ])("parseDuration reads %j with a single unit as %d seconds", (input, seconds) => {
    expect(value(input)).toBe(seconds);
  });

  test.each([
    ["1h30m", 5400],
    ["1d2h3m4s", 93_784],
    ["1h0.5s", 3600.5],
    ["2m30s500ms", 150.5],
    ["1s1ms1us1ns", 1.001001001],
    ["1h1s", 3601],
  ])("parseDuration reads compound durations such as %j", (input, seconds) => {
    expect(value(input)).toBe(seconds);
  });

  test.each([
    ["30", 30],
    ["2.5", 2.5],
    ["0.001", 0.001],
  ])("parseDuration reads the bare decimal %j as seconds", (input, seconds) => {
    expect(value(input)).toBe(seconds);
  });

  test.each([
    [".5s", 0.5],
    ["5.s", 5],
    [".25", 0.25],
    ["5.", 5],
  ])("parseDuration accepts %j, a decimal with one side of the point omitted, as Go does", (input, seconds) => {
    expect(value(input)).toBe(seconds);
  });

  test.each([
    [0, 0],
    [0.25, 0.25],
    [1e300, 1e300],
    [Number.MIN_VALUE, Number.MIN_VALUE],
    [-0, 0],
  ])("parseDuration takes the number %d as seconds", (input, seconds) => {
    expect(value(input)).toBe(seconds);
  });

  test("parseDuration sums groups exactly before rounding once to a float64", () => {
    expect(value("0.1s0.2ms")).toBe(0.1002);
    expect(value("1h2m3.456s")).toBe(3723.456);
  });

  test("parseDuration reads a 64-digit duration without losing range", () => {
    expect(value("9".repeat(63) + "d")).toBe(8.64e67);
  });

  test("parseDuration rejects an unknown unit", () => {
    expect(error("5x")).toMatchInlineSnapshot(`"invalid duration "5x" (expected a number with a unit ns, us, ms, s, m, h or d, e.g. "250ms", "5m", "1h30m")"`);
  });

  test("parseDuration rejects units out of order or repeated", () => {
    expect(error("5m1h")).toMatchInlineSnapshot(`"invalid duration "5m1h" (units must go from largest to smallest, each at most once, e.g. "1h30m" or "2m30s")"`);
    expect(error("1h1h")).toMatchInlineSnapshot(`"invalid duration "1h1h" (units must go from largest to smallest, each at most once, e.g. "1h30m" or "2m30s")"`);
    expect(error("1us1µs")).toMatchInlineSnapshot(`"invalid duration "1us1µs" (units must go from largest to smallest, each at most once, e.g. "1h30m" or "2m30s")"`);
  });

  test("parseDuration rejects negative input", () => {
    expect(error(-1)).toMatchInlineSnapshot(`"invalid duration "-1" (must not be negative; expected a number with a unit ns, us, ms, s, m, h or d, e.g. "250ms", "5m", "1h30m")"`);
    expect(error("-5s")).toMatchInlineSnapshot(`"invalid duration "-5s" (must not be negative; expected a number with a unit ns, us, ms, s, m, h or d, e.g. "250ms", "5m", "1h30m")"`);
  });

  test("parseDuration rejects non-finite numbers", () => {
    expect(error(Number.NaN)).toMatchInlineSnapshot(`"invalid duration "NaN" (not a finite number; expected a number with a unit ns, us, ms, s, m, h or d, e.g. "250ms", "5m", "1h30m")"`);
    expect(error(Number.POSITIVE_INFINITY)).toMatchInlineSnapshot(`"invalid duration "Infinity" (not a finite number; expected a number with a unit ns, us, ms, s, m, h or d, e.g. "250ms", "5m", "1h30m")"`);
  });

  test("parseDuration rejects empty, padded and overlong strings", () => {
    expect(error("")).toMatchInlineSnapshot(`"invalid duration "" (expected a number with a unit ns, us, ms, s, m, h or d, e.g. "250ms", "5m", "1h30m")"`);
    expect(error(" 5m")).toMatchInlineSnapshot(`"invalid duration " 5m" (surrounding whitespace is not allowed; expected a number with a unit ns, us, ms, s, m, h or d, e.g. "250ms", "5m", "1h30m")"`);
    expect(error("5m\n")).toMatchInlineSnapshot(`"invalid duration "5m\\n" (surrounding whitespace is not allowed; expected a number with a unit ns, us, ms, s, m, h or d, e.g. "250ms", "5m", "1h30m")"`);
    expect(error("1".repeat(65))).toMatchInlineSnapshot(`"invalid duration "1111111111111111…" (longer than 64 characters; expected a number with a unit ns, us, ms, s, m, h or d, e.g. "250ms", "5m", "1h30m")"`);
  });

  test.each(["s", "m5", "1h30", "1 h", "1h 30m", "1.2.3s", ".", ".s", "+5s", "1e3s", "5S", "5H", "5sec", "NaN", "Infinity"])(
    "parseDuration rejects the malformed duration %j",
    (input) => {
      expect(error(input)).toMatch(/^invalid duration ".*" \(.*e\.g\. "250ms"/);
    },
  );

  test("parseDuration accepts exactly 64 characters", () => {
    expect(value("1".repeat(63) + "s")).toBeTypeOf("number");
  });
});

describe("formatDuration", () => {
  test.each([
    [0, "0s"],
    [0.25, "250ms"],
    [0.0005, "500us"],
    [1e-9, "1ns"],
    [1e-12, "0.001ns"],
    [0.0015, "1.5ms"],
    [1, "1s"],
    [2.5, "2.5s"],
    [59, "59s"],
    [60, "1m"],
    [90, "1m30s"],
    [300, "5m"],
    [3600, "1h"],
    [5400, "1h30m"],
    [3600.5, "1h0.5s"],
    [86_400, "1d"],
    [93_784.25, "1d2h3m4.25s"],
    [1e21, "11574074074074074d1h46m40s"],
  ])("formatDuration writes %d seconds as %j", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  test.each([
    [-1, "-1"],
    [Number.NaN, "NaN"],
    [Number.POSITIVE_INFINITY, "Infinity"],
  ])("formatDuration returns %d, outside its domain, as %j, which parseDuration rejects", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
    expect(parseDuration(text).ok).toBe(false);
  });

  test.each([0.1, 1 / 3, 0.1 + 0.2, 12_345.678_9, 1e-7, 7e-10])("formatDuration output for %d reads back exactly", (seconds) => {
    expect(value(formatDuration(seconds))).toBe(seconds);
  });
});
