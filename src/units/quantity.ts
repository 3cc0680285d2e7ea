import { DECIMAL, ceilInteger, exactOf, times, toNumber } from "./decimal.js";
import type { Exact } from "./decimal.js";
import { checkNumber, checkText, fail, ok } from "./result.js";
import type { ParseResult, Subject } from "./result.js";

/** How a Kubernetes quantity was written, and so how Kubernetes re-serialises it (`Format` in quantity.go). */
export type QuantityFormat = "DecimalSI" | "BinarySI" | "DecimalExponent";

/** A parsed Kubernetes `resource.Quantity`. */
export interface Quantity {
  /** The amount in base units (cores, bytes, …), rounded away from zero to a multiple of 10^-9 as Kubernetes does. */
  readonly value: number;
  readonly format: QuantityFormat;
}

/** A quantity before conversion to float64: `±magnitude`. */
export interface ExactQuantity {
  readonly negative: boolean;
  readonly magnitude: Exact;
  readonly format: QuantityFormat;
}

const subject: Subject = {
  noun: "quantity",
  expected:
    `expected a number with an optional suffix n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei ` +
    `or an exponent, e.g. "500m", "16Gi", "1e9"`,
};

const decimalSI: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binarySI: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

// <quantity> ::= <signedNumber><suffix>; the exponent is an integer because suffix.go's interpret() uses ParseInt.
const grammar = new RegExp(String.raw`^([+-]?)(${DECIMAL})(?:([KMGTPE]i)|([numkMGTPE]?)|[eE]([+-]?\d+))$`);

/** Exponents beyond this give the same result (0 after nano rounding, or overflow) and keep bigint sizes small. */
const EXPONENT_LIMIT = 400;
const MAX_BINARY = 2n ** 63n - 1n;

/**
 * Reads a string in the grammar of k8s.io/apimachinery/pkg/api/resource/quantity.go (`ParseQuantity`) into its
 * exact value, with Kubernetes' rounding away from zero to nano units and its silent cap of BinarySI at 2^63-1.
 * Returns undefined if the text does not match the grammar; the caller words the error.
 */
export function parseExactQuantity(text: string): ExactQuantity | undefined {
  const [, sign, amount = "", binary, decimal, power] = grammar.exec(text) ?? [];
  if (amount === "") return undefined;
  let magnitude: Exact;
  let format: QuantityFormat;
  if (binary !== undefined) {
    magnitude = times(exactOf(amount), 2n ** BigInt(binarySI[binary] ?? 0));
    format = "BinarySI";
  } else if (power !== undefined) {
    const exponent = Math.max(-EXPONENT_LIMIT, Math.min(EXPONENT_LIMIT, Number(power)));
    magnitude = exactOf(amount, exponent);
    format = "DecimalExponent";
  } else {
    magnitude = exactOf(amount, decimalSI[decimal ?? ""] ?? 0);
    format = "DecimalSI";
  }
  if (magnitude.exponent < -9) {
    const divisor = 10n ** BigInt(-9 - magnitude.exponent);
    magnitude = { coefficient: (magnitude.coefficient + divisor - 1n) / divisor, exponent: -9 };
  }
  if (format === "BinarySI" && ceilInteger(magnitude) > MAX_BINARY) magnitude = { coefficient: MAX_BINARY, exponent: 0 };
  return { negative: sign === "-" && magnitude.coefficient > 0n, magnitude, format };
}

/**
 * Parses a Kubernetes `resource.Quantity` (k8s.io/apimachinery/pkg/api/resource/quantity.go):
 * `<signedNumber><suffix>`, where the suffix is binary SI (Ki Mi Gi Ti Pi Ei), decimal SI (n u m k M G T P E
 * or none) or a decimal exponent (`e`/`E` and a signed integer), e.g. `500m`, `16Gi`, `1.5`, `-2`, `1e9`.
 * Negative values are allowed. A number is read as its shortest decimal string (so it is DecimalSI).
 * As in Kubernetes, a BinarySI value strictly between -1 and 1 becomes DecimalSI, and values are rounded away
 * from zero to a multiple of 10^-9. Values beyond the float64 range are rejected.
 */
export function parseQuantity(input: string | number): ParseResult<Quantity> {
  const checked = typeof input === "number" ? checkNumber(input, subject, true) : checkText(input, subject);
  if (!checked.ok) return checked;
  const parsed = parseExactQuantity(String(checked.value));
  if (parsed === undefined) return fail(subject, input);
  const { negative, magnitude, format } = parsed;
  const size = toNumber(magnitude);
  if (!Number.isFinite(size)) return fail(subject, input, `too large for a float64; ${subject.expected}`);
  const value = negative ? -size : size;
  const demoted = format === "BinarySI" && size > 0 && size < 1;
  return ok({ value, format: typeof input === "number" || demoted ? "DecimalSI" : format });
}
