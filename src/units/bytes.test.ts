import { describe, expect, test } from "vitest";
import { formatBytes, parseBytes } from "./bytes.js";

const value = (input: string | number): number | string => {
  const r = parseBytes(input);
  return r.ok ? r.value : r.error;
};
const error = (input: string | number): string => {
  const r = parseBytes(input);
  return r.ok ? `unexpected value ${r.value}` : r.error;
};

describe("parseBytes", () => {
  test.each([
    ["0", 0],
    ["1", 1],
    ["512", 512],
    ["512B", 512],
    ["1k", 1e3],
    ["1K", 1e3],
    ["1kB", 1e3],
    ["1KB", 1e3],
    ["1M", 1e6],
    ["1MB", 1e6],
    ["9G", 9e9],
    ["9GB", 9e9],
    ["2T", 2e12],
    ["2TB", 2e12],
    ["3P", 3e15],
    ["3PB", 3e15],
    ["1Ki", 1024],
    ["1KiB", 1024],
    ["1Mi", 2 ** 20],
    ["1MiB", 2 ** 20],
    ["16Gi", 16 * 2 ** 30],
    ["16GiB", 16 * 2 ** 30],
    ["1Ti", 2 ** 40],
    ["1TiB", 2 ** 40],
    ["1Pi", 2 ** 50],
    ["1PiB", 2 ** 50],
  ])("parseBytes reads every suffix: %j is %d bytes", (input, bytes) => {
    expect(value(input)).toBe(bytes);
  });

  test.each([
    ["1e9", 1e9],
    ["1E9", 1e9],
    ["129e6", 129e6],
    ["1.5e3", 1500],
    ["1e+3", 1000],
    ["1e-3", 1],
    ["1e-999", 1],
    ["0e999", 0],
  ])("parseBytes reads the Kubernetes exponent form %j as %d bytes", (input, bytes) => {
    expect(value(input)).toBe(bytes);
  });

  test.each([
    ["1.5Gi", 1_610_612_736],
    ["0.5Ki", 512],
    ["1.5k", 1500],
    ["0.1", 1],
    ["1.0001", 2],
    ["0.0009765625Ki", 1],
    ["0.00097656251Ki", 2],
    ["0.007k", 7],
    [".5Ki", 512],
    ["1.Gi", 2 ** 30],
    ["+1Gi", 2 ** 30],
  ])("parseBytes rounds fractional sizes such as %j up to %d whole bytes", (input, bytes) => {
    expect(value(input)).toBe(bytes);
  });

  test.each([
    [0, 0],
    [1024, 1024],
    [1.2, 2],
    [2 ** 53, 2 ** 53],
    [-0, 0],
  ])("parseBytes takes the number %d as bytes, rounded up to %d", (input, bytes) => {
    expect(value(input)).toBe(bytes);
  });

  test("parseBytes accepts 8Pi, the largest exact size, and rejects anything larger", () => {
    expect(value("8Pi")).toBe(2 ** 53);
    expect(value("9007199254740992")).toBe(2 ** 53);
    expect(error("9007199254740993")).toMatchInlineSnapshot(`"invalid size "9007199254740993" (too large: at most 8Pi, e.g. "16Gi")"`);
    expect(error("1Ei")).toMatchInlineSnapshot(`"invalid size "1Ei" (too large: at most 8Pi, e.g. "16Gi")"`);
    expect(error("10PB")).toMatchInlineSnapshot(`"invalid size "10PB" (too large: at most 8Pi, e.g. "16Gi")"`);
    expect(error(2 ** 53 + 2)).toMatchInlineSnapshot(`"invalid size "9007199254740994" (too large: at most 8Pi, e.g. "16Gi")"`);
  });

  test("parseBytes explains that m means milli", () => {
    expect(error("16m")).toMatchInlineSnapshot(`"invalid size "16m" (m means milli; did you mean "16M" or "16Mi"?)"`);
    expect(error("0.5m")).toMatchInlineSnapshot(`"invalid size "0.5m" (m means milli; did you mean "0.5M" or "0.5Mi"?)"`);
  });

  test("parseBytes suggests the right capitalisation of a unit", () => {
    expect(error("16gi")).toMatchInlineSnapshot(`"invalid size "16gi" (did you mean "16Gi"?)"`);
    expect(error("9gb")).toMatchInlineSnapshot(`"invalid size "9gb" (did you mean "9GB"?)"`);
    expect(error("1mib")).toMatchInlineSnapshot(`"invalid size "1mib" (did you mean "1MiB"?)"`);
  });

  test("parseBytes rejects an unknown unit", () => {
    expect(error("16GB2")).toMatchInlineSnapshot(`"invalid size "16GB2" (expected bytes with an optional unit k, M, G, T, P, E (powers of 1000, optionally followed by B) or Ki, Mi, Gi, Ti, Pi, Ei (powers of 1024), e.g. "512Mi", "16Gi", "9GB")"`);
    expect(error("1n")).toMatchInlineSnapshot(`"invalid size "1n" (expected bytes with an optional unit k, M, G, T, P, E (powers of 1000, optionally followed by B) or Ki, Mi, Gi, Ti, Pi, Ei (powers of 1024), e.g. "512Mi", "16Gi", "9GB")"`);
  });

  test("parseBytes rejects negative, non-finite, empty, padded and overlong input", () => {
    expect(error(-1)).toMatchInlineSnapshot(`"invalid size "-1" (must not be negative; expected bytes with an optional unit k, M, G, T, P, E (powers of 1000, optionally followed by B) or Ki, Mi, Gi, Ti, Pi, Ei (powers of 1024), e.g. "512Mi", "16Gi", "9GB")"`);
    expect(error("-1Gi")).toMatchInlineSnapshot(`"invalid size "-1Gi" (must not be negative; expected bytes with an optional unit k, M, G, T, P, E (powers of 1000, optionally followed by B) or Ki, Mi, Gi, Ti, Pi, Ei (powers of 1024), e.g. "512Mi", "16Gi", "9GB")"`);
    expect(error(Number.NaN)).toMatchInlineSnapshot(`"invalid size "NaN" (not a finite number; expected bytes with an optional unit k, M, G, T, P, E (powers of 1000, optionally followed by B) or Ki, Mi, Gi, Ti, Pi, Ei (powers of 1024), e.g. "512Mi", "16Gi", "9GB")"`);
    expect(error("")).toMatchInlineSnapshot(`"invalid size "" (expected bytes with an optional unit k, M, G, T, P, E (powers of 1000, optionally followed by B) or Ki, Mi, Gi, Ti, Pi, Ei (powers of 1024), e.g. "512Mi", "16Gi", "9GB")"`);
    expect(error("16Gi ")).toMatchInlineSnapshot(`"invalid size "16Gi " (surrounding whitespace is not allowed; expected bytes with an optional unit k, M, G, T, P, E (powers of 1000, optionally followed by B) or Ki, Mi, Gi, Ti, Pi, Ei (powers of 1024), e.g. "512Mi", "16Gi", "9GB")"`);
    expect(error("1".repeat(65))).toMatchInlineSnapshot(`"invalid size "1111111111111111…" (longer than 64 characters; expected bytes with an optional unit k, M, G, T, P, E (powers of 1000, optionally followed by B) or Ki, Mi, Gi, Ti, Pi, Ei (powers of 1024), e.g. "512Mi", "16Gi", "9GB")"`);
  });

  test.each(["Gi", "1 Gi", "1.2.3", ".", "1u", "1Gib", "1iB", "0x10", "1_000", "1,5Gi", "Infinity", "1e"])(
    "parseBytes rejects the malformed size %j",
    (input) => {
      expect(error(input)).toMatch(/^invalid size ".*" \(.*(e\.g\.|did you mean)/);
    },
  );
});

describe("formatBytes", () => {
  test.each([
    [0, "0"],
    [1, "1"],
    [512, "512"],
    [999, "999"],
    [1000, "1kB"],
    [1024, "1Ki"],
    [1500, "1500"],
    [1536, "1536"],
    [12_345, "12345"],
    [1.5e6, "1.5MB"],
    [2.5e9, "2.5GB"],
    [1_572_864, "1.5Mi"],
    [2 ** 20, "1Mi"],
    [9e9, "9GB"],
    [16 * 2 ** 30, "16Gi"],
    [1.5 * 2 ** 30, "1.5Gi"],
    [80e9, "80GB"],
    [2 ** 53, "8Pi"],
    [1e18, "1EB"],
  ])("formatBytes writes %d bytes as the shortest exact form %j", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  test.each([
    [16 * 2 ** 30, "16Gi"],
    [1000, "1000"],
    [9e9, "9000000000"],
    [1.5 * 2 ** 30, "1.5Gi"],
    [0, "0"],
  ])("formatBytes with binary: true writes %d bytes in powers of 1024 as %j", (bytes, text) => {
    expect(formatBytes(bytes, { binary: true })).toBe(text);
  });

  test.each([
    [16 * 2 ** 30, "17179869184"],
    [1.5e12, "1.5TB"],
    [1024, "1024"],
    [9e9, "9GB"],
  ])("formatBytes with binary: false writes %d bytes in powers of 1000 as %j", (bytes, text) => {
    expect(formatBytes(bytes, { binary: false })).toBe(text);
  });

  test("formatBytes prefers the larger unit, then binary, when two forms are as short", () => {
    expect(formatBytes(2 ** 10 * 1000)).toBe("1000Ki");
    expect(formatBytes(2 ** 40)).toBe("1Ti");
  });

  test.each([
    [-1, "-1"],
    [Number.NaN, "NaN"],
  ])("formatBytes returns %d, outside its domain, as %j", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
