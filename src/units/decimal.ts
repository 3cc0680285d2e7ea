/**
 * An exact non-negative decimal, `coefficient × 10^exponent`. Parsers build one from the text
 * so that rounding (Kubernetes' `Value()`/`MilliValue()` round up) happens on the written value,
 * not on a float64 approximation of it.
 */
export interface Exact {
  readonly coefficient: bigint;
  readonly exponent: number;
}

/** An unsigned decimal as Go's `time.ParseDuration` and Kubernetes' quantity grammar accept it: `5`, `5.25`, `5.`, `.5`. */
export const DECIMAL = String.raw`(?:\d+\.?\d*|\.\d+)`;

/** Reads a string matching {@link DECIMAL}, times `10^exponent`. */
export function exactOf(text: string, exponent = 0): Exact {
  const [whole = "", fraction = ""] = text.split(".");
  return { coefficient: BigInt(`0${whole}${fraction}`), exponent: exponent - fraction.length };
}

/** The shortest decimal that reads back as `x` (JavaScript's own `String(x)`), exactly. `x` must be finite and ≥ 0. */
export function exactOfNumber(x: number): Exact {
  const [mantissa = "0", power = "0"] = String(x).split("e");
  return exactOf(mantissa, Number(power));
}

/** The nearest float64 (JavaScript parses decimal strings with correct rounding). */
export function toNumber(e: Exact): number {
  return Number(`${e.coefficient}e${e.exponent}`);
}

export function scaled(e: Exact, by: number): Exact {
  return { coefficient: e.coefficient, exponent: e.exponent + by };
}

export function times(e: Exact, factor: bigint): Exact {
  return { coefficient: e.coefficient * factor, exponent: e.exponent };
}

/** The smallest integer ≥ `e`. */
export function ceilInteger(e: Exact): bigint {
  if (e.exponent >= 0) return e.coefficient * 10n ** BigInt(e.exponent);
  const divisor = 10n ** BigInt(-e.exponent);
  return (e.coefficient + divisor - 1n) / divisor;
}

/** Splits `e` into its integer part and the remaining fraction (< 1). */
export function splitInteger(e: Exact): { readonly whole: bigint; readonly fraction: Exact } {
  if (e.exponent >= 0) return { whole: ceilInteger(e), fraction: { coefficient: 0n, exponent: 0 } };
  const divisor = 10n ** BigInt(-e.exponent);
  return { whole: e.coefficient / divisor, fraction: { coefficient: e.coefficient % divisor, exponent: e.exponent } };
}

export function plus(a: Exact, b: Exact): Exact {
  const exponent = Math.min(a.exponent, b.exponent);
  const align = (e: Exact): bigint => e.coefficient * 10n ** BigInt(e.exponent - exponent);
  return { coefficient: align(a) + align(b), exponent };
}

/** Plain positional notation without exponent or trailing zeros: `1500`, `0.25`, `12.5`. */
export function toPlain(e: Exact): string {
  const digits = e.coefficient.toString();
  if (e.exponent >= 0) return e.coefficient === 0n ? "0" : digits + "0".repeat(e.exponent);
  const padded = digits.padStart(1 - e.exponent, "0");
  const cut = padded.length + e.exponent;
  const fraction = padded.slice(cut).replace(/0+$/, "");
  return fraction === "" ? padded.slice(0, cut) : `${padded.slice(0, cut)}.${fraction}`;
}
