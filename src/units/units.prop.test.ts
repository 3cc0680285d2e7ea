import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { formatBytes, formatCpu, formatDuration, formatRate, parseBytes, parseCpu, parseDuration, parseQuantity, parseRate } from "./index.js";
import type { ParseResult } from "./index.js";

const valueOf = <T>(r: ParseResult<T>): T | string => (r.ok ? r.value : r.error);

const parsers = { parseBytes, parseCpu, parseDuration, parseQuantity, parseRate } as const;
const anyInput = fc.oneof(fc.string({ maxLength: 80 }), fc.double(), fc.constantFrom("", " ", "-", ".", "e", "1e", "µs", "Ki"));

describe("round trips", () => {
  test.prop([fc.integer({ min: 0, max: 1e12 })])("formatDuration output for whole milliseconds reads back exactly", (ms) => {
    expect(valueOf(parseDuration(formatDuration(ms / 1000)))).toBe(ms / 1000);
  });

  test.prop([fc.double({ min: 1e-9, max: 1e15, noNaN: true })])("formatDuration output for any double from 1ns to 1e15s reads back exactly", (seconds) => {
    expect(valueOf(parseDuration(formatDuration(seconds)))).toBe(seconds);
  });

  test.prop([fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom(undefined, true, false)])(
    "formatBytes output for whole bytes reads back exactly, in every mode",
    (bytes, binary) => {
      expect(valueOf(parseBytes(formatBytes(bytes, binary === undefined ? {} : { binary })))).toBe(bytes);
    },
  );

  test.prop([fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })])("formatCpu output for whole millicores reads back exactly", (milli) => {
    expect(valueOf(parseCpu(formatCpu(milli)))).toBe(milli);
  });

  test.prop([fc.nat({ max: 1e9 }), fc.constantFrom(1, 60, 3600, 86_400)])("formatRate output for whole events per unit reads back exactly", (count, unit) => {
    expect(valueOf(parseRate(formatRate(count / unit)))).toBe(count / unit);
  });

  test.prop([fc.double({ min: 1e-6, max: 1e12, noNaN: true })])("formatRate output for any double from 1e-6 to 1e12 reads back exactly", (perSecond) => {
    expect(valueOf(parseRate(formatRate(perSecond)))).toBe(perSecond);
  });
});

describe("unit arithmetic", () => {
  test.prop([fc.nat({ max: 1000 }), fc.nat({ max: 23 }), fc.nat({ max: 59 }), fc.nat({ max: 59 }), fc.nat({ max: 999 })])(
    "parseDuration of a compound d/h/m/s/ms duration is the sum of its groups",
    (d, h, m, s, ms) => {
      expect(valueOf(parseDuration(`${d}d${h}h${m}m${s}s${ms}ms`))).toBe((d * 86_400_000 + h * 3_600_000 + m * 60_000 + s * 1000 + ms) / 1000);
    },
  );

  test.prop([fc.nat({ max: 1_000_000 }), fc.constantFrom(["", 1], ["k", 1e3], ["MB", 1e6], ["G", 1e9], ["Ki", 2 ** 10], ["MiB", 2 ** 20], ["Gi", 2 ** 30])])(
    "parseBytes multiplies a whole number by its suffix",
    (n, [suffix, factor]) => {
      expect(valueOf(parseBytes(`${n}${suffix}`))).toBe(n * factor);
    },
  );

  test.prop([fc.nat({ max: 1e12 })])("parseCpu rounds microcores up to whole millicores", (micro) => {
    expect(valueOf(parseCpu(`${micro}u`))).toBe(Math.ceil(micro / 1000));
  });

  test.prop([fc.nat({ max: 1e9 })])("parseCpu reads whole cores and millicores alike", (cores) => {
    expect(valueOf(parseCpu(String(cores)))).toBe(cores * 1000);
    expect(valueOf(parseCpu(`${cores * 1000}m`))).toBe(cores * 1000);
    expect(valueOf(parseCpu(cores))).toBe(cores * 1000);
  });

  test.prop([fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom(["Ki", 2 ** 10], ["Mi", 2 ** 20], ["k", 1e3], ["", 1], ["e3", 1e3])])(
    "parseQuantity keeps the sign and multiplies by the suffix",
    (n, [suffix, factor]) => {
      const r = parseQuantity(`${n}${suffix}`);
      expect(r.ok && r.value.value).toBe(n * factor + 0);
    },
  );
});

describe("errors are data", () => {
  test.prop([fc.constantFrom(...Object.values(parsers)), anyInput])("every parser returns a result and never throws", (parse, input) => {
    const r = parse(input);
    if (!r.ok) expect(r.error).toMatch(/^invalid [a-z]+ ".*" \(.+\)$/s);
  });

  test.prop([fc.constantFrom(...Object.values(parsers)), fc.string({ maxLength: 64 })])("every error quotes the input and gives an example", (parse, input) => {
    const r = parse(input);
    if (!r.ok) {
      expect(r.error).toContain(JSON.stringify(input));
      expect(r.error).toMatch(/e\.g\.|such as|did you mean/);
    }
  });

  test.prop([fc.constantFrom(parseBytes, parseCpu, parseDuration, parseRate), fc.double({ max: -Number.MIN_VALUE })])(
    "every parser of non-negative amounts rejects a negative number",
    (parse, input) => {
      expect(parse(input).ok).toBe(false);
    },
  );
});
