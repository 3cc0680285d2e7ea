import { ceilInteger, scaled } from "./decimal.js";
import { parseExactQuantity } from "./quantity.js";
import { checkNumber, checkText, fail, ok } from "./result.js";
import type { ParseResult, Subject } from "./result.js";

const subject: Subject = {
  noun: "cpu",
  expected: `expected cores such as "2" or "0.5", or millicores such as "500m"`,
};

const MAX_MILLI = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Parses a CPU amount into millicores, rounded up to a whole millicore like Kubernetes' `Quantity.MilliValue()`
 * (k8s.io/apimachinery/pkg/api/resource/quantity.go), so `100u` is 1 and `0.0001` is 1.
 *
 * A number means cores (finite, ≥ 0) and is read as its shortest decimal string, so `0.007` is exactly 7.
 * A string is any non-negative Kubernetes quantity (see {@link parseQuantity}): `500m`, `8`, `0.5`, `2.5`, `1e3`.
 * Result range: 0 to `Number.MAX_SAFE_INTEGER`.
 */
export function parseCpu(input: string | number): ParseResult<number> {
  const checked = typeof input === "number" ? checkNumber(input, subject) : checkText(input, subject);
  if (!checked.ok) return checked;
  const parsed = parseExactQuantity(String(checked.value));
  if (parsed === undefined) return fail(subject, input);
  if (parsed.negative) return fail(subject, input, `must not be negative; ${subject.expected}`);
  const milli = ceilInteger(scaled(parsed.magnitude, 3));
  return milli <= MAX_MILLI ? ok(Number(milli)) : fail(subject, input, `too large: at most ${MAX_MILLI}m; ${subject.expected}`);
}

/**
 * Formats millicores the way Kubernetes writes CPU: whole cores as `8`, anything else as `1500m`.
 * {@link parseCpu} reads the result back exactly for whole millicores; a fraction of a millicore (`0.5m`)
 * reads back rounded up. Negative, NaN or infinite input is returned as `String(milli)`.
 */
export function formatCpu(milli: number): string {
  if (!Number.isFinite(milli) || milli < 0) return String(milli);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}
