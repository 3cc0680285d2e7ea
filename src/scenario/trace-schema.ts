/**
 * Trace files in a scenario: which file, its format (or a generic column mapping), row filters,
 * bad-line policy, and — for a replayed trace — the transformations of its timeline.
 */
import * as z from "zod";
import { count, duration, strictObject } from "./fields.js";
import { Limits as L } from "./limits.js";

/** Seconds per unit accepted for numeric time columns (mirrors src/traffic/traces/mapping.ts). */
export const TRACE_TIME_UNITS = ["ns", "us", "ms", "s", "min", "h"] as const;
export const TRACE_FORMAT_NAMES = ["azure", "mooncake", "vidur", "generic"] as const;

const column = z.string().min(1).max(L.traceColumnNameLength);
const timeUnit = z.enum(TRACE_TIME_UNITS, { error: `expected a time unit: ${TRACE_TIME_UNITS.join(" | ")}` });

const timeColumn = z.union(
  [strictObject({ column, unit: timeUnit }), strictObject({ column, format: z.literal("datetime") })],
  { error: 'expected { column, unit } or { column, format: "datetime" }' },
);

/** Keeps rows whose column value is one of `in` and/or lies in [min, max]. */
export const rowFilterSchema = strictObject({
  column,
  in: z
    .array(z.union([z.string().max(L.traceColumnNameLength), z.number()]).transform(String))
    .min(1)
    .max(L.traceFilterValues)
    .optional(),
  min: z.number().optional(),
  max: z.number().optional(),
}).refine((f) => f.in !== undefined || f.min !== undefined || f.max !== undefined, { error: "expected at least one of in, min, max" });

/** A generic trace's column mapping. */
export const traceMapSchema = strictObject({
  /** `csv` (a header row names the columns, unless `columns` does) or `jsonl` (one JSON object per line). */
  type: z.enum(["csv", "jsonl"], { error: 'expected type "csv" or "jsonl"' }),
  delimiter: z.string().min(1).max(4).default(","),
  /** Column names of a CSV file without a header row. */
  columns: z.array(column).min(1).max(L.traceColumns).optional(),
  /** Arrival time: a number with its unit, or a calendar date and time. */
  time: timeColumn.optional(),
  inputTokens: column.optional(),
  outputTokens: column.optional(),
  /** Service time of the request (overrides the server's own distribution). */
  serviceTime: strictObject({ column, unit: timeUnit.default("s") }).optional(),
  /** Request class: labels are numbered 0, 1, … in order of first appearance. */
  requestClass: column.optional(),
  /** JSON array of prefix-block hashes (JSONL only). */
  hashIds: column.optional(),
});

const traceFileFields = {
  /** Path of the file, relative to the scenario file (Node), or to the page's scenarios/ folder (browser). */
  file: z.string().min(1).max(L.traceFileNameLength),
  format: z.enum(TRACE_FORMAT_NAMES, { error: `expected format ${TRACE_FORMAT_NAMES.map((f) => JSON.stringify(f)).join(" | ")}` }),
  /** Column mapping, for format generic only. */
  map: traceMapSchema.optional(),
  /** Rows kept: all rules must pass. */
  filter: z.array(rowFilterSchema).max(L.traceFilters).default([]),
  /** `error`: a malformed line stops the run with file and line; `skip`: counted in results.warnings. */
  onBadLine: z.enum(["error", "skip"], { error: 'expected onBadLine "error" or "skip"' }).default("error"),
  /** Rows by which timestamps may be out of order and still be sorted (0: the file must be sorted). */
  sortWindow: count(0, L.traceSortWindow).default(0),
};

function checkMap(t: { format: string; map?: unknown }, ctx: z.RefinementCtx): void {
  if (t.format === "generic" && t.map === undefined) ctx.addIssue({ code: "custom", path: ["map"], message: "a generic trace needs a column mapping (map)" });
  if (t.format !== "generic" && t.map !== undefined) ctx.addIssue({ code: "custom", path: ["map"], message: `map applies to format "generic" only; format "${t.format}" has fixed columns` });
}

/** A trace file read for its values (token-length distributions). */
export const traceFileSchema = strictObject(traceFileFields).superRefine(checkMap);

/** A trace replayed as arrivals, with the transformations of its timeline. */
export const traceReplaySchema = strictObject({
  ...traceFileFields,
  /** Where replay begins in the trace (trace time after its first row). */
  offset: duration(0, L.durationSeconds).default(0),
  /** Length of trace replayed from the offset; absent: to the end of the trace. */
  window: duration(1e-3, L.durationSeconds).optional(),
  /** Time compression: 2 replays the trace twice as fast. */
  speedup: z.number().min(L.speedupMin).max(L.speedupMax).default(1),
  /** Load multiplier: ⌈rateScale⌉ copies, each shifted by copyShift more than the last; the last copy is thinned to the fraction. */
  rateScale: z.number().gt(0).max(L.rateScale).default(1),
  /** Shift between successive copies (trace time); a copy wraps the trace's tail to its start. */
  copyShift: duration(0, L.durationSeconds).default(60),
  /** Replay the (windowed) trace again and again until the run ends. */
  loop: z.boolean().default(false),
  /** Simulated time at which the replay starts. */
  start: duration(0, L.durationSeconds).default(0),
}).superRefine(checkMap);
