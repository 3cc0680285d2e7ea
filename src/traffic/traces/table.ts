/**
 * The rows of a small trace's replayed window, kept by the scan so that copies and loops replay
 * from memory instead of re-reading and re-parsing the file at every pass. Only traces of at
 * most TABLE_MAX_ROWS rows (and TABLE_MAX_HASH_IDS prefix hashes) are kept: a larger trace
 * streams, so memory stays bounded whatever the file.
 */
import type { TraceRow } from "./reader.js";

export const TABLE_MAX_ROWS = 1 << 18;
export const TABLE_MAX_HASH_IDS = 1 << 22;

export interface TraceTable {
  readonly rows: number;
  /** Seconds since the trace's first row, as the reader gives them. */
  readonly time: Float64Array;
  readonly inputTokens: Int32Array;
  readonly outputTokens: Int32Array;
  readonly serviceTime: Float64Array;
  readonly requestClass: Int32Array;
  /** Shared, never written: a replay hands the same arrays to every copy and pass. */
  readonly hashIds: readonly (Int32Array | null)[];
}

export interface TableBuilder {
  /** Keeps a row; once a bound is passed, the builder gives up and `build` returns null. */
  add(row: TraceRow): void;
  build(): TraceTable | null;
}

export function createTableBuilder(maxRows = TABLE_MAX_ROWS, maxHashIds = TABLE_MAX_HASH_IDS): TableBuilder {
  let cols: { time: number[]; input: number[]; output: number[]; service: number[]; cls: number[]; hashIds: (Int32Array | null)[] } | null = {
    time: [],
    input: [],
    output: [],
    service: [],
    cls: [],
    hashIds: [],
  };
  let hashes = 0;
  return {
    add(row) {
      if (cols === null) return;
      hashes += row.hashIds?.length ?? 0;
      if (cols.time.length >= maxRows || hashes > maxHashIds) {
        cols = null;
        return;
      }
      cols.time.push(row.time);
      cols.input.push(row.inputTokens);
      cols.output.push(row.outputTokens);
      cols.service.push(row.serviceTime);
      cols.cls.push(row.requestClass);
      cols.hashIds.push(row.hashIds);
    },
    build() {
      if (cols === null) return null;
      return {
        rows: cols.time.length,
        time: Float64Array.from(cols.time),
        inputTokens: Int32Array.from(cols.input),
        outputTokens: Int32Array.from(cols.output),
        serviceTime: Float64Array.from(cols.service),
        requestClass: Int32Array.from(cols.cls),
        hashIds: cols.hashIds,
      };
    },
  };
}
