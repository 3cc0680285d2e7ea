import { describe, expect, test } from "vitest";
import { daysFromCivil, parseDateTime } from "./datetime.js";

const parse = (s: string) => {
  const out = { day: 0, seconds: 0 };
  return parseDateTime(s, out) ? out : null;
};

describe("datetime", () => {
  test.each([
    [1970, 1, 1, 0],
    [2000, 3, 1, 11017],
    [2023, 11, 16, 19677],
    [1969, 12, 31, -1],
    [2024, 2, 29, 19782],
  ])("daysFromCivil(%i, %i, %i) = %i (as Date.UTC counts them)", (y, m, d, days) => {
    expect(daysFromCivil(y, m, d)).toBe(days);
    expect(Date.UTC(y, m - 1, d) / 86_400_000).toBe(days);
  });

  test("parseDateTime reads the Azure trace's 7 fractional digits exactly enough for 100 ns steps", () => {
    const a = parse("2023-11-16 18:15:46.6805900")!;
    const b = parse("2023-11-16 18:15:46.6806900")!;
    expect(a.day).toBe(19677);
    expect(b.seconds - a.seconds).toBeCloseTo(1e-4, 9);
    expect(a.seconds).toBeCloseTo(18 * 3600 + 15 * 60 + 46.68059, 9);
  });

  test("parseDateTime accepts T, no seconds, Z and offsets, normalising into the UTC day", () => {
    expect(parse("2023-11-16T00:30")).toEqual({ day: 19677, seconds: 1800 });
    expect(parse("2023-11-16T00:30:00Z")).toEqual({ day: 19677, seconds: 1800 });
    expect(parse("2023-11-16T00:30:00+01:00")).toEqual({ day: 19676, seconds: 84600 });
    expect(parse("2023-11-16T23:30:00-01:00")).toEqual({ day: 19678, seconds: 1800 });
  });

  test.each(["2023-11-16", "2023-13-01 00:00:00", "2023-02-30 00:00:00", "2023-11-16 24:00:00", "2023-11-16 10:00:00.", "2023-11-16 10:00:00 UTC", "yesterday"])(
    "parseDateTime rejects %j",
    (s) => expect(parse(s)).toBeNull(),
  );
});
