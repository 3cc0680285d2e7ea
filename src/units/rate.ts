import { DECIMAL, exactOf, exactOfNumber, toNumber, toPlain } from "./decimal.js";
import { checkNumber, checkText, mismatch, ok } from "./result.js";
import type { ParseResult, Subject } from "./result.js";

const subject: Subject = {
  noun: "rate",
  expected: `expected events per second such as 7.2, "7.2/s", "100/min" or "3600/h"`,
};

const seconds: Readonly<Record<string, number>> = {
  s: 1, sec: 1, second: 1, rps: 1, "": 1,
  m: 60, min: 60, minute: 60,
  h: 3600, hr: 3600, hour: 3600,
  d: 86_400, day: 86_400,
};

const grammar = new RegExp(`^(${DECIMAL})(?:/(s|sec|second|m|min|minute|h|hr|hour|d|day)|(rps))?$`);

/**
 * Parses a rate into events per second.
 *
 * A number is already per second (finite, ≥ 0). A string is a decimal, optionally followed by `/<unit>` with
 * unit s|sec|second, m|min|minute, h|hr|hour or d|day, or by `rps`: `7.2`, `7.2/s`, `100/min`, `3600/h`, `50rps`.
 */
export function parseRate(input: string | number): ParseResult<number> {
  if (typeof input === "number") return checkNumber(input, subject);
  const text = checkText(input, subject);
  if (!text.ok) return text;
  const [, amount, unit, rps] = grammar.exec(input) ?? [];
  if (amount === undefined) return mismatch(subject, input);
  const exact = exactOf(amount);
  const per = seconds[unit ?? rps ?? ""] ?? 1;
  // One division of two integers, so "7.2/min" is the float64 nearest 0.12, not 7.2 / 60 rounded twice.
  return ok(per === 1 ? toNumber(exact) : Number(exact.coefficient) / (Number(10n ** BigInt(-exact.exponent)) * per));
}

const formatUnits = [["s", 1], ["min", 60], ["h", 3600], ["d", 86_400]] as const;

/**
 * Formats events per second as `<n>/s`, `<n>/min`, `<n>/h` or `<n>/d`, whichever needs the fewest significant
 * digits for {@link parseRate} to read back exactly the same number (ties go to the smaller unit; exact for
 * rates from 1e-9/s to 1e15/s, beyond which the plain decimal may exceed 64 characters):
 * `7.2/s`, `100/min` (not `1.6666666666666667/s`), `1/h`, `0.5/s`.
 * Negative, NaN or infinite input is returned as `String(perSecond)`.
 */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond < 0) return String(perSecond);
  let best = { text: `${toPlain(exactOfNumber(perSecond))}/s`, digits: 18 };
  for (const [unit, size] of formatUnits) {
    for (let digits = 1; digits < best.digits; digits++) {
      const text = `${toPlain(exactOfNumber(Number((perSecond * size).toPrecision(digits))))}/${unit}`;
      if (valueOf(parseRate(text)) === perSecond) {
        best = { text, digits };
        break;
      }
    }
  }
  return best.text;
}

function valueOf(result: ParseResult<number>): number | undefined {
  return result.ok ? result.value : undefined;
}
