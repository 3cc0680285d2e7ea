/**
 * Command-line values that replace a scenario's own (`--seed`, `--duration`, `--explain`): checked
 * by the same rules as the file's fields, and reported under the flag's name.
 */
import * as z from "zod";
import { describeIssue } from "./errors.js";
import { duration } from "./fields.js";
import { Limits as L } from "./limits.js";

/** A seed: an integer in [0, 2^53 − 1], or a word (any other text) of at most Limits.seedLength characters. */
export const seedSchema = z.union([z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), z.string().min(1).max(L.seedLength)], {
  error: `expected an integer ≥ 0 or a string of at most ${L.seedLength} characters`,
});

/** Text that reads as a number (`-1`, `1e20`, `0.5`): such a seed is a number and must be a valid integer seed. */
const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export interface FlagValues {
  readonly seed?: string | undefined;
  readonly duration?: string | undefined;
  readonly explain?: string | undefined;
}

export type FlagOutcome =
  | { readonly ok: true; readonly seed?: string | number; readonly duration?: number; readonly explain?: string }
  | { readonly ok: false; readonly issues: readonly string[] };

const first = (r: z.ZodSafeParseResult<unknown>, flag: string): string[] => (r.success ? [] : r.error.issues.slice(0, 1).map((i) => `${flag}: ${describeIssue(i, [])}`));

/** Checks flag values as the scenario checks its fields; issues read `--seed: expected …, got …`. */
export function checkFlags(flags: FlagValues): FlagOutcome {
  const issues: string[] = [];
  const out: { seed?: string | number; duration?: number; explain?: string } = {};
  if (flags.seed !== undefined) {
    const numeric = NUMERIC.test(flags.seed.trim());
    const value = numeric ? Number(flags.seed) : flags.seed;
    const r = seedSchema.safeParse(value, { reportInput: true });
    if (r.success) out.seed = r.data;
    else issues.push(numeric ? `--seed: expected an integer ≥ 0 and at most ${Number.MAX_SAFE_INTEGER}, got ${flags.seed}` : first(r, "--seed")[0]!);
  }
  if (flags.duration !== undefined) {
    const r = duration(1e-3, L.durationSeconds).safeParse(flags.duration, { reportInput: true });
    if (r.success) out.duration = r.data;
    else issues.push(...first(r, "--duration"));
  }
  if (flags.explain !== undefined) {
    const r = z.string().min(1).max(L.explainPatternLength).safeParse(flags.explain, { reportInput: true });
    if (r.success) out.explain = r.data;
    else issues.push(...first(r, "--explain"));
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, ...out };
}
