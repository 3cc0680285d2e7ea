/**
 * How a trace file's columns become request attributes: the generic column mapping, and the
 * three published formats expressed as presets of it.
 */

/** Units of a numeric time or duration column. */
export const TIME_UNITS = ["ns", "us", "ms", "s", "min", "h"] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

/** Seconds in `x` of `unit`; sub-second units divide, so that 3536999 ms is exactly the double nearest 3536.999 s. */
export function toSeconds(x: number, unit: TimeUnit): number {
  switch (unit) {
    case "ns":
      return x / 1e9;
    case "us":
      return x / 1e6;
    case "ms":
      return x / 1e3;
    case "s":
      return x;
    case "min":
      return x * 60;
    case "h":
      return x * 3600;
  }
}

/** A time column: a number in `unit`, or a calendar date and time (`YYYY-MM-DD[T ]HH:MM[:SS[.f…]][Z|±HH:MM]`). */
export type TimeColumn = { readonly column: string; readonly unit: TimeUnit } | { readonly column: string; readonly format: "datetime" };

/** Keeps a row only when its column matches: equal to one of `in`, and/or within [min, max] as a number. */
export interface RowFilter {
  readonly column: string;
  readonly in?: readonly string[] | undefined;
  readonly min?: number | undefined;
  readonly max?: number | undefined;
}

export interface TraceMapping {
  /** `csv`: a header row names the columns (or `columns` does, for a file without one); `jsonl`: one JSON object per line. */
  readonly type: "csv" | "jsonl";
  readonly delimiter: string;
  /** Column names of a CSV file without a header row. */
  readonly columns?: readonly string[];
  /** Arrival time; may be absent only where times are not needed (token tables). */
  readonly time?: TimeColumn;
  readonly inputTokens?: string;
  readonly outputTokens?: string;
  readonly serviceTime?: { readonly column: string; readonly unit: TimeUnit };
  /** A non-negative integer, or a label numbered by first appearance in the file. */
  readonly requestClass?: string;
  /** A JSON array of integer block hashes (JSONL only). */
  readonly hashIds?: string;
  readonly filter: readonly RowFilter[];
}

export const TRACE_FORMATS = ["azure", "mooncake", "vidur", "generic"] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];

/** The published formats (traces/README.md, shipped as reference/traces/README.md). */
export const TRACE_PRESETS: Readonly<Record<Exclude<TraceFormat, "generic">, TraceMapping>> = {
  /** Azure LLM inference 2023: `TIMESTAMP, ContextTokens, GeneratedTokens`. */
  azure: {
    type: "csv",
    delimiter: ",",
    time: { column: "TIMESTAMP", format: "datetime" },
    inputTokens: "ContextTokens",
    outputTokens: "GeneratedTokens",
    filter: [],
  },
  /** Mooncake FAST'25: `timestamp` (ms), `input_length`, `output_length`, `hash_ids`. */
  mooncake: {
    type: "jsonl",
    delimiter: ",",
    time: { column: "timestamp", unit: "ms" },
    inputTokens: "input_length",
    outputTokens: "output_length",
    hashIds: "hash_ids",
    filter: [],
  },
  /** Vidur-style request CSV: `arrived_at` (s), `num_prefill_tokens`, `num_decode_tokens`. */
  vidur: {
    type: "csv",
    delimiter: ",",
    time: { column: "arrived_at", unit: "s" },
    inputTokens: "num_prefill_tokens",
    outputTokens: "num_decode_tokens",
    filter: [],
  },
};

/** The mapping of a format: a preset (with extra filters), or the generic mapping given. */
export function resolveMapping(format: TraceFormat, map: TraceMapping | undefined, filter: readonly RowFilter[] = []): TraceMapping {
  const base = format === "generic" ? map : TRACE_PRESETS[format];
  if (base === undefined) throw new Error("a generic trace needs a column mapping");
  return filter.length === 0 ? base : { ...base, filter: [...base.filter, ...filter] };
}
