/**
 * Runs golden tables: upstream Kubernetes test tables transcribed to JSON (shared/golden). A file
 * names its upstream `source`; a table kind that accepts that source evaluates each case and the
 * outcome is compared with the case's `expected` (only the keys it gives; numbers within
 * `expected.toleranceAbs` when set). Table kinds are plain objects: other modules add theirs to
 * the list (the HPA tables will come with autoscaling).
 */
import * as z from "zod";
import { evaluateSchedulerCase, GoldenCaseError, pluginOfSource } from "../scheduler/index.js";

export interface GoldenFileHeader {
  /** `owner/repo@commit:path` of the upstream test file. */
  readonly source: string;
}

export interface GoldenTableKind {
  readonly name: string;
  /** Whether this kind evaluates the file (judged from its header). */
  accepts(file: GoldenFileHeader): boolean;
  /** The outcome of a case, shaped like its `expected`; throws GoldenCaseError on a malformed case. */
  evaluate(testCase: unknown, file: GoldenFileHeader): unknown;
}

/** Scheduler plugin tables: the plugin comes from the upstream file's path. */
export const schedulerTables: GoldenTableKind = {
  name: "scheduler plugin",
  accepts: (file) => pluginOfSource(file.source) !== undefined,
  evaluate: (testCase, file) => evaluateSchedulerCase(pluginOfSource(file.source)!, testCase),
};

export const GOLDEN_TABLE_KINDS: readonly GoldenTableKind[] = [schedulerTables];

export interface GoldenOutcome {
  readonly id: string;
  readonly pass: boolean;
  readonly expected: unknown;
  readonly actual: unknown;
  /** Why the case could not be evaluated (then pass is false). */
  readonly error?: string;
}

const fileSchema = z.object({
  source: z.string().min(1).max(1024),
  cases: z.array(z.looseObject({ id: z.string().min(1).max(256), expected: z.unknown() })).max(10_000),
});

export type GoldenFileResult = { readonly ok: true; readonly kind: string; readonly outcomes: readonly GoldenOutcome[] } | { readonly ok: false; readonly error: string };

/** Evaluates every case of a parsed golden file. */
export function runGoldenFile(data: unknown, kinds: readonly GoldenTableKind[] = GOLDEN_TABLE_KINDS): GoldenFileResult {
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    return { ok: false, error: `${i.path.map(String).join(".") || "(root)"}: ${i.message} (expected a golden table: { source, cases: [{ id, expected, … }] })` };
  }
  const file = parsed.data;
  const kind = kinds.find((k) => k.accepts(file));
  if (!kind) return { ok: false, error: `no table kind evaluates source "${file.source}" (known: ${kinds.map((k) => k.name).join(", ")})` };
  const outcomes = file.cases.map((c): GoldenOutcome => {
    try {
      const actual = kind.evaluate(c, file);
      return { id: c.id, pass: matches(c.expected, actual), expected: c.expected, actual };
    } catch (e) {
      if (!(e instanceof GoldenCaseError)) throw e;
      return { id: c.id, pass: false, expected: c.expected, actual: null, error: e.message };
    }
  });
  return { ok: true, kind: kind.name, outcomes };
}

/** Whether `actual` has every key of `expected` with an equal value (numbers within expected.toleranceAbs, if any). */
export function matches(expected: unknown, actual: unknown): boolean {
  const tolerance = isRecord(expected) && typeof expected["toleranceAbs"] === "number" ? expected["toleranceAbs"] : 0;
  const same = (e: unknown, a: unknown, top: boolean): boolean => {
    if (typeof e === "number" && typeof a === "number") return Math.abs(e - a) <= tolerance;
    if (Array.isArray(e)) return Array.isArray(a) && a.length === e.length && e.every((x, i) => same(x, a[i], false));
    if (isRecord(e)) {
      if (!isRecord(a)) return false;
      const keys = Object.keys(e).filter((k) => !(top && k === "toleranceAbs"));
      // Below the top level records must match exactly (no extra keys either).
      if (!top && Object.keys(a).length !== keys.length) return false;
      return keys.every((k) => same(e[k], a[k], false));
    }
    return e === a;
  };
  return same(expected, actual, true);
}

const isRecord = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x);
