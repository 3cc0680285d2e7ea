import { DECIMAL, exactOf, exactOfNumber, plus, scaled, splitInteger, times, toNumber, toPlain } from "./decimal.js";
import type { Exact } from "./decimal.js";
import { checkNumber, checkText, fail, mismatch, ok } from "./result.js";
import type { ParseResult, Subject } from "./result.js";

const subject: Subject = {
  noun: "duration",
  expected: `expected a number with a unit ns, us, ms, s, m, h or d, e.g. "250ms", "5m", "1h30m"`,
};

/** Each unit as a whole number of nanoseconds; `rank` orders units from largest to smallest. */
const units: Readonly<Record<string, { readonly ns: bigint; readonly rank: number }>> = {
  d: { ns: 86_400_000_000_000n, rank: 0 },
  h: { ns: 3_600_000_000_000n, rank: 1 },
  m: { ns: 60_000_000_000n, rank: 2 },
  s: { ns: 1_000_000_000n, rank: 3 },
  ms: { ns: 1_000_000n, rank: 4 },
  us: { ns: 1_000n, rank: 5 },
  "µs": { ns: 1_000n, rank: 5 }, // U+00B5 micro sign
  "μs": { ns: 1_000n, rank: 5 }, // U+03BC Greek mu; Go's time.ParseDuration accepts both
  ns: { ns: 1n, rank: 6 },
};

const bare = new RegExp(`^${DECIMAL}$`);
const whole = new RegExp(`^(?:${DECIMAL}(?:ns|us|µs|μs|ms|s|m|h|d))+$`);
const group = new RegExp(`(${DECIMAL})(ns|us|µs|μs|ms|s|m|h|d)`, "g");

/**
 * Parses a duration into seconds.
 *
 * A number is already seconds (finite, ≥ 0). A string is Go's `time.ParseDuration` syntax (as used in
 * Kubernetes manifests) without a sign: one or more `<decimal><unit>` groups such as `250ms`, `1h30m` or
 * `1.5s`, with units ns, us (or µs), ms, s, m, h and d (86 400 s), from largest to smallest, each at most
 * once. A bare decimal such as `"30"` means seconds. Decimals may omit either side of the point (`.5s`, `5.s`),
 * as in Go. The sum is computed exactly and rounded once to the nearest float64.
 */
export function parseDuration(input: string | number): ParseResult<number> {
  if (typeof input === "number") return checkNumber(input, subject);
  const text = checkText(input, subject);
  if (!text.ok) return text;
  if (bare.test(input)) return ok(toNumber(exactOf(input)));
  if (!whole.test(input)) return mismatch(subject, input);
  let total: Exact = { coefficient: 0n, exponent: 0 };
  let lastRank = -1;
  for (const [, amount = "", unit = ""] of input.matchAll(group)) {
    const { ns, rank } = units[unit] ?? { ns: 0n, rank: -1 };
    if (rank <= lastRank) {
      return fail(subject, input, `units must go from largest to smallest, each at most once, e.g. "1h30m" or "2m30s"`);
    }
    lastRank = rank;
    total = plus(total, times(exactOf(amount), ns));
  }
  return ok(toNumber(scaled(total, -9)));
}

/** Sub-second units, largest first, as powers of ten per second. */
const small = [["ms", 3], ["us", 6]] as const;
const large = [["d", 86_400n], ["h", 3_600n], ["m", 60n]] as const;

/**
 * Formats seconds as a short duration that {@link parseDuration} reads back to exactly the same number
 * (for any value from 1ns to about 1e15 s; far outside that the text exceeds 64 characters):
 * `0s`, `250ms`, `2.5s`, `5m`, `1h30m`, `1d2h`. Zero components are left out (`1h0.5s`); values under a
 * second use the largest of ms, us and ns that keeps a digit before the point.
 * Negative, NaN or infinite input is returned as `String(seconds)`, which no parser accepts.
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return String(seconds);
  if (seconds === 0) return "0s";
  const exact = exactOfNumber(seconds);
  const split = splitInteger(exact);
  if (split.whole === 0n) {
    for (const [unit, power] of small) {
      if (splitInteger(scaled(exact, power)).whole > 0n) return toPlain(scaled(exact, power)) + unit;
    }
    return `${toPlain(scaled(exact, 9))}ns`;
  }
  let rest = split.whole;
  let out = "";
  for (const [unit, size] of large) {
    if (rest >= size) out += `${rest / size}${unit}`;
    rest %= size;
  }
  const secs = plus({ coefficient: rest, exponent: 0 }, split.fraction);
  return secs.coefficient === 0n ? out : `${out}${toPlain(secs)}s`;
}
