import { formatIssue, parseDocumentAs } from "../../scenario/index.js";
import { calibrate, measurementsFileSchema, measurementsToReferences, referencesFileSchema } from "../../sim/index.js";
import type { CalibrationRow, Exclusion, Reference } from "../../sim/index.js";
import type { CliIo } from "../io.js";
import { Exit, readTextFile, UserError } from "../io.js";
import { table } from "../table.js";

export interface CalibrateCommandOptions {
  readonly tolerance: string;
  readonly format: "table" | "json";
}

const signed = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)}%`;
const value = (r: CalibrationRow, x: number) =>
  r.metric === "endToEndSeconds" ? `${x.toFixed(4)}s` : r.metric === "latencySeconds" ? `${(x * 1000).toPrecision(3)}ms` : `${x >= 100 ? Math.round(x) : x.toPrecision(3)}/s`;

/** Median and maximum of the absolute relative errors. */
export function errorSummary(rows: readonly CalibrationRow[]): { median: number; max: number } {
  const errors = rows.map((r) => Math.abs(r.ratio - 1)).sort((a, b) => a - b);
  const mid = errors.length >> 1;
  const median = errors.length % 2 ? errors[mid]! : (errors[mid - 1]! + errors[mid]!) / 2;
  return { median, max: errors.at(-1)! };
}

/** A file of references (entries with a `kind`), or of published measurements (entries with a `metric`), which are converted. */
async function readReferences(file: string): Promise<{ references: Reference[]; excluded: Exclusion[] }> {
  const text = await readTextFile(file);
  const isMeasurements = !/(^|[\s{,"])kind"?\s*:/m.test(text) && /(^|[\s{,"])metric"?\s*:/m.test(text);
  if (isMeasurements) {
    const parsed = parseDocumentAs(text, measurementsFileSchema, { file, what: "a measurements file" });
    if (!parsed.ok) throw new UserError(parsed.issues.map(formatIssue).join("\n"));
    return measurementsToReferences(parsed.value.references);
  }
  const parsed = parseDocumentAs(text, referencesFileSchema, { file, what: "a references file" });
  if (!parsed.ok) throw new UserError(parsed.issues.map(formatIssue).join("\n"));
  return { references: parsed.value.references, excluded: [] };
}

/** `servesim calibrate <references...>`: simulates each measured reference and compares. */
export async function calibrateCommand(files: readonly string[], opts: CalibrateCommandOptions, io: CliIo): Promise<number> {
  const tolerance = Number(opts.tolerance);
  if (!(tolerance > 0 && tolerance < 10)) throw new UserError(`invalid --tolerance "${opts.tolerance}" (expected a share such as 0.25)`);
  const rows: CalibrationRow[] = [];
  const excluded: Exclusion[] = [];
  for (const file of files) {
    const read = await readReferences(file);
    excluded.push(...read.excluded);
    try {
      rows.push(...calibrate(read.references));
    } catch (e) {
      throw new UserError(`${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const outside = rows.filter((r) => Math.abs(r.ratio - 1) > tolerance);
  const summary = errorSummary(rows);
  if (opts.format === "json") {
    io.stdout(`${JSON.stringify({ tolerance, medianAbsError: summary.median, maxAbsError: summary.max, outside: outside.map((r) => r.id), rows, excluded })}\n`);
  } else {
    const left = excluded.length > 0 ? `; ${excluded.length} measurements not compared (the reasons: --format json, "excluded")` : "";
    io.stdout(
      `${table(
        ["reference", "mode", "measured", "predicted", "ratio", "error", ""],
        rows.map((r) => [r.id, r.mode, value(r, r.measured), value(r, r.predicted), r.ratio.toFixed(3), signed(r.ratio - 1), Math.abs(r.ratio - 1) > tolerance ? "OUTSIDE" : "ok"]),
      )}\n\n${rows.length} references: median absolute error ${(summary.median * 100).toFixed(1)}%, maximum ${(summary.max * 100).toFixed(1)}%, ${outside.length} outside ±${(tolerance * 100).toFixed(0)}%${left}\n`,
    );
  }
  return outside.length === 0 ? Exit.Ok : Exit.BadInput;
}
