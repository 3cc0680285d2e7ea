import { DECIMAL, ceilInteger, exactOf, exactOfNumber, scaled, times, toPlain } from "./decimal.js";
import type { Exact } from "./decimal.js";
import { checkNumber, checkText, fail, mismatch, ok } from "./result.js";
import type { ParseResult, Subject } from "./result.js";

const subject: Subject = {
  noun: "size",
  expected:
    `expected bytes with an optional unit k, M, G, T, P, E (powers of 1000, optionally followed by B) ` +
    `or Ki, Mi, Gi, Ti, Pi, Ei (powers of 1024), e.g. "512Mi", "16Gi", "9GB"`,
};

/** Largest accepted size, 8Pi = 2^53 bytes: every integer up to it is exact in a float64. */
const MAX_BYTES = 2n ** 53n;

const decimalPrefixes = ["k", "M", "G", "T", "P", "E"] as const;
const binaryPrefixes = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"] as const;

/** Every accepted suffix: the multiplier is `10^power` (decimal) or `2^power` (binary). */
const suffixes = new Map<string, { readonly base: 10 | 2; readonly power: number }>([
  ["", { base: 10, power: 0 }],
  ["B", { base: 10, power: 0 }],
  ["K", { base: 10, power: 3 }],
  ["KB", { base: 10, power: 3 }],
  ...decimalPrefixes.flatMap((p, i) => [p, `${p}B`].map((s) => [s, { base: 10, power: 3 * (i + 1) }] as const)),
  ...binaryPrefixes.flatMap((p, i) => [p, `${p}B`].map((s) => [s, { base: 2, power: 10 * (i + 1) }] as const)),
]);

const grammar = new RegExp(String.raw`^\+?(${DECIMAL})(?:[eE]([+-]?\d{1,3})|([a-zA-Z]*))$`);

/**
 * Parses a size into bytes, rounded up to a whole byte like Kubernetes' `Quantity.Value()`
 * (k8s.io/apimachinery/pkg/api/resource/quantity.go).
 *
 * A number is already bytes (finite, ≥ 0). A string is a decimal with an optional suffix: none or `B` for
 * bytes; `k`/`K`/`kB`/`KB`, `M`, `G`, `T`, `P`, `E` (optionally with `B`) for powers of 1000; `Ki`, `Mi`, `Gi`,
 * `Ti`, `Pi`, `Ei` (optionally with `B`) for powers of 1024; or an exponent such as `1e9`. This accepts every
 * Kubernetes memory quantity except the suffixes n, u and m: `16m` (16 millibytes) is a classic typo for `16M`.
 * Result range: 0 to 2^53 (8Pi).
 */
export function parseBytes(input: string | number): ParseResult<number> {
  if (typeof input === "number") {
    const checked = checkNumber(input, subject);
    return checked.ok ? within(input, { coefficient: BigInt(Math.ceil(checked.value)), exponent: 0 }) : checked;
  }
  const text = checkText(input, subject);
  if (!text.ok) return text;
  const [, amount = "", power, suffix = ""] = grammar.exec(input) ?? [];
  if (amount === "") return mismatch(subject, input);
  if (power !== undefined) return within(input, exactOf(amount, Number(power)));
  const unit = suffixes.get(suffix);
  if (unit !== undefined) {
    const exact = unit.base === 10 ? exactOf(amount, unit.power) : times(exactOf(amount), 2n ** BigInt(unit.power));
    return within(input, exact);
  }
  if (suffix === "m") return fail(subject, input, `m means milli; did you mean "${amount}M" or "${amount}Mi"?`);
  const near = suffix === "e" ? undefined : [...suffixes.keys()].find((s) => s.toLowerCase() === suffix.toLowerCase());
  return near === undefined ? mismatch(subject, input) : fail(subject, input, `did you mean "${amount}${near}"?`);
}

function within(input: string | number, exact: Exact): ParseResult<number> {
  const bytes = ceilInteger(exact);
  return bytes <= MAX_BYTES ? ok(Number(bytes)) : fail(subject, input, `too large: at most 8Pi, e.g. "16Gi"`);
}

/** Options for {@link formatBytes}. */
export interface FormatBytesOptions {
  /** `true`: powers of 1024 only (`16Gi`); `false`: powers of 1000 only (`9GB`); unset: whichever is shorter. */
  readonly binary?: boolean;
}

/**
 * Formats bytes as the shortest exact form among plain bytes and the allowed units: `512`, `1500`, `1kB`, `2.5GB`,
 * `16Gi`, `1.5Gi`. Ties go to the larger unit, then to binary. {@link parseBytes} reads the result back to the same
 * number for every whole number of bytes up to 2^53. Negative, NaN or infinite input is returned as `String(bytes)`.
 */
export function formatBytes(bytes: number, options: FormatBytesOptions = {}): string {
  if (!Number.isFinite(bytes) || bytes < 0) return String(bytes);
  const exact = exactOfNumber(bytes);
  const candidates = [toPlain(exact)];
  if (options.binary !== false) {
    binaryPrefixes.forEach((p, i) => candidates.push(binaryAmount(exact, 10 * (i + 1)) + p));
  }
  if (options.binary !== true) {
    decimalPrefixes.forEach((p, i) => candidates.push(`${toPlain(scaled(exact, -3 * (i + 1)))}${p === "k" ? "kB" : `${p}B`}`));
  }
  return candidates.reduce((best, c) => (c.length < best.length || (c.length === best.length && rank(c) > rank(best)) ? c : best));
}

/** `bytes / 2^power` in exact decimal: a fraction with a power-of-two denominator always terminates. */
function binaryAmount(exact: Exact, power: number): string {
  return toPlain(scaled(times(exact, 5n ** BigInt(power)), -power));
}

function rank(candidate: string): number {
  const suffix = candidate.replace(/^[\d.]+/, "");
  return suffix === "" ? 0 : 2 * ("KMGTPE".indexOf(suffix.charAt(0).toUpperCase()) + 1) + (suffix.endsWith("i") ? 1 : 0);
}
