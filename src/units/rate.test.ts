import { describe, expect, test } from "vitest";
import { formatRate, parseRate } from "./rate.js";

const value = (input: string | number): number | string => {
  const r = parseRate(input);
  return r.ok ? r.value : r.error;
};
const error = (input: string | number): string => {
  const r = parseRate(input);
  return r.ok ? `unexpected value ${r.value}` : r.error;
};

describe("parseRate", () => {
  test.each([
    ["7.2/s", 7.2],
    ["7.2/sec", 7.2],
    ["7.2/second", 7.2],
    ["120/m", 2],
    ["120/min", 2],
    ["120/minute", 2],
    ["3600/h", 1],
    ["3600/hr", 1],
    ["3600/hour", 1],
    ["86400/d", 1],
    ["86400/day", 1],
    ["50rps", 50],
    ["100/min", 100 / 60],
    ["7.2/min", 0.12],
    ["0.36/h", 0.0001],
    ["1/h", 1 / 3600],
  ])("parseRate reads %j with every unit as %d per second", (input, perSecond) => {
    expect(value(input)).toBe(perSecond);
  });

  test.each([
    ["7.2", 7.2],
    ["0", 0],
    ["0/s", 0],
    [".5", 0.5],
    ["5./s", 5],
    ["1".repeat(64), Number("1".repeat(64))],
  ])("parseRate reads the plain decimal %j as %d per second", (input, perSecond) => {
    expect(value(input)).toBe(perSecond);
  });

  test.each([
    [0, 0],
    [7.2, 7.2],
    [1e300, 1e300],
  ])("parseRate takes the number %d as per second", (input, perSecond) => {
    expect(value(input)).toBe(perSecond);
  });

  test("parseRate rejects an unknown unit", () => {
    expect(error("5/week")).toMatchInlineSnapshot(`"invalid rate "5/week" (expected events per second such as 7.2, "7.2/s", "100/min" or "3600/h")"`);
    expect(error("5/S")).toMatchInlineSnapshot(`"invalid rate "5/S" (expected events per second such as 7.2, "7.2/s", "100/min" or "3600/h")"`);
  });

  test("parseRate rejects negative, non-finite, empty, padded and overlong input", () => {
    expect(error(-1)).toMatchInlineSnapshot(`"invalid rate "-1" (must not be negative; expected events per second such as 7.2, "7.2/s", "100/min" or "3600/h")"`);
    expect(error("-1/s")).toMatchInlineSnapshot(`"invalid rate "-1/s" (must not be negative; expected events per second such as 7.2, "7.2/s", "100/min" or "3600/h")"`);
    expect(error(Number.NaN)).toMatchInlineSnapshot(`"invalid rate "NaN" (not a finite number; expected events per second such as 7.2, "7.2/s", "100/min" or "3600/h")"`);
    expect(error(Number.NEGATIVE_INFINITY)).toMatchInlineSnapshot(`"invalid rate "-Infinity" (not a finite number; expected events per second such as 7.2, "7.2/s", "100/min" or "3600/h")"`);
    expect(error("")).toMatchInlineSnapshot(`"invalid rate "" (expected events per second such as 7.2, "7.2/s", "100/min" or "3600/h")"`);
    expect(error("7/s ")).toMatchInlineSnapshot(`"invalid rate "7/s " (surrounding whitespace is not allowed; expected events per second such as 7.2, "7.2/s", "100/min" or "3600/h")"`);
    expect(error("1".repeat(65))).toMatchInlineSnapshot(`"invalid rate "1111111111111111…" (longer than 64 characters; expected events per second such as 7.2, "7.2/s", "100/min" or "3600/h")"`);
  });

  test.each(["/s", "7/", "7 /s", "7.2.1/s", "1e3/s", "7/s/s", "7rps/s", "7qps", "7 rps", "7/ms"])("parseRate rejects the malformed rate %j", (input) => {
    expect(error(input)).toMatch(/^invalid rate ".*" \(expected events per second/);
  });
});

describe("formatRate", () => {
  test.each([
    [0, "0/s"],
    [1, "1/s"],
    [7.2, "7.2/s"],
    [100 / 60, "100/min"],
    [2 / 60, "2/min"],
    [1 / 3600, "1/h"],
    [7 / 86_400, "7/d"],
    [0.5, "0.5/s"],
    [1e-7, "0.0000001/s"],
    [1 / 3, "20/min"],
    [1000, "1000/s"],
  ])("formatRate writes %d per second as the shortest exact form %j", (perSecond, text) => {
    expect(formatRate(perSecond)).toBe(text);
  });

  test.each([
    [-1, "-1"],
    [Number.NaN, "NaN"],
  ])("formatRate returns %d, outside its domain, as %j", (perSecond, text) => {
    expect(formatRate(perSecond)).toBe(text);
  });

  test.each([Math.PI, 1 / 7, 0.1 + 0.2, 123_456.789])("formatRate output for %d reads back exactly", (perSecond) => {
    expect(value(formatRate(perSecond))).toBe(perSecond);
  });
});
