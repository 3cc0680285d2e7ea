/** The outcome of a parse: the value, or an error message for the user. Parsers never throw. */
export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** Longest string any parser accepts: quantities are short, and this bounds the exact arithmetic. */
export const MAX_INPUT_LENGTH = 64;

/** What a parser reads, for its error messages: `noun` ("duration"), and `expected` with examples of valid input. */
export interface Subject {
  readonly noun: string;
  readonly expected: string;
}

export function ok<T>(value: T): ParseResult<T> {
  return { ok: true, value };
}

/** A failed parse: `invalid <noun> "<input>" (<reason>)`. */
export function fail(subject: Subject, input: string | number, reason = subject.expected): ParseResult<never> {
  const text = String(input);
  const shown = text.length > MAX_INPUT_LENGTH ? `${text.slice(0, 16)}…` : text;
  return { ok: false, error: `invalid ${subject.noun} ${JSON.stringify(shown)} (${reason})` };
}

/** Checks a number input: finite and, unless `allowNegative`, ≥ 0. */
export function checkNumber(input: number, subject: Subject, allowNegative = false): ParseResult<number> {
  if (!Number.isFinite(input)) return fail(subject, input, `not a finite number; ${subject.expected}`);
  if (input < 0 && !allowNegative) return fail(subject, input, `must not be negative; ${subject.expected}`);
  return ok(input === 0 ? 0 : input);
}

/** Checks a string input: non-empty, at most {@link MAX_INPUT_LENGTH} characters, no surrounding whitespace. */
export function checkText(input: string, subject: Subject): ParseResult<string> {
  if (input.length > MAX_INPUT_LENGTH) {
    return fail(subject, input, `longer than ${MAX_INPUT_LENGTH} characters; ${subject.expected}`);
  }
  if (input.trim() !== input) return fail(subject, input, `surrounding whitespace is not allowed; ${subject.expected}`);
  return input === "" ? fail(subject, input) : ok(input);
}

/** The reason for a string that does not match the grammar: a leading minus gets its own hint. */
export function mismatch(subject: Subject, input: string): ParseResult<never> {
  return fail(subject, input, /^-[\d.]/.test(input) ? `must not be negative; ${subject.expected}` : subject.expected);
}
