/**
 * A trace reader: streamed text in, rows out in time order, with times relative to the trace's
 * first row. Pure: the caller feeds chunks (from a file stream, a fetch body, a test string).
 * Bad lines fail with file and line, or are counted when `onBadLine` is "skip"; rows out of
 * order fail, or are reordered within `sortWindow` rows.
 */
import { createCsvDecoder } from "./csv.js";
import { TraceError } from "./errors.js";
import { createJsonlDecoder } from "./jsonl.js";
import { TraceLimits } from "./limits.js";
import { notText } from "./io.js";
import { createLineSplitter } from "./lines.js";
import type { LineSink } from "./lines.js";
import type { TraceMapping } from "./mapping.js";
import { createRawRow } from "./row.js";
import type { RawRow } from "./row.js";
import { createSortWindow } from "./sort-window.js";
import type { HeldRow } from "./sort-window.js";

export interface TraceRow {
  /** Seconds since the trace's first row (its origin). */
  time: number;
  inputTokens: number;
  outputTokens: number;
  serviceTime: number;
  requestClass: number;
  hashIds: Int32Array | null;
  /** 1-based line number in the file. */
  line: number;
}

export const OnBadLine = { Error: "error", Skip: "skip" } as const;
export type OnBadLine = (typeof OnBadLine)[keyof typeof OnBadLine];

export interface ReaderOptions {
  /** The name shown in errors (the path as the scenario writes it). */
  readonly file: string;
  readonly mapping: TraceMapping;
  readonly onBadLine?: OnBadLine;
  /** Rows by which a timestamp may be out of order (0: the file must be sorted). */
  readonly sortWindow?: number;
}

export interface BadLines {
  count: number;
  /** The first TraceLimits.badLinesShown line numbers. */
  readonly lines: number[];
  /** What was wrong with the first one. */
  first: string | null;
}

export interface TraceReader {
  /** Feeds a chunk; false once the consumer stopped (it needs no more rows). */
  push(chunk: string): boolean;
  /** The text ended: flushes the last line and the rows held for sorting. */
  end(): void;
  readonly badLines: BadLines;
  /** Rows emitted so far. */
  readonly rows: number;
}

/** Receives each row (a reused object: copy what you keep); returns false to stop reading. */
export type RowSink = (row: TraceRow) => boolean;

export function createTraceReader(options: ReaderOptions, sink: RowSink): TraceReader {
  const { file, mapping } = options;
  const skipBad = options.onBadLine === OnBadLine.Skip;
  const window = options.sortWindow ?? 0;
  const decode = mapping.type === "csv" ? createCsvDecoder(file, mapping) : createJsonlDecoder(mapping);
  const splitter = createLineSplitter((lineNo) => {
    throw new TraceError(file, lineNo, `expected a line of at most ${TraceLimits.lineLength} characters`);
  });
  const sorter = window > 0 ? createSortWindow(window) : null;
  const raw = createRawRow();
  const out: TraceRow = { time: 0, inputTokens: 0, outputTokens: 0, serviceTime: NaN, requestClass: -1, hashIds: null, line: 0 };
  const badLines: BadLines = { count: 0, lines: [], first: null };
  let day0 = NaN;
  let sec0 = NaN;
  let lastDay = -Infinity;
  let lastSec = -Infinity;
  let lastLine = 0;
  let rows = 0;
  let stopped = false;

  const emit = (r: RawRow, line: number): boolean => {
    if (r.day < lastDay || (r.day === lastDay && r.seconds < lastSec)) {
      const why = window > 0 ? `is more than sortWindow (${window}) rows out of order` : "is earlier than the row before it (the trace is not sorted: set sortWindow to sort it within a window of rows)";
      throw new TraceError(file, line, `timestamp ${why}; line ${lastLine} is later`);
    }
    lastDay = r.day;
    lastSec = r.seconds;
    lastLine = line;
    if (rows === 0) {
      day0 = r.day;
      sec0 = r.seconds;
    }
    rows++;
    out.time = (r.day - day0) * 86400 + (r.seconds - sec0);
    out.inputTokens = r.inputTokens;
    out.outputTokens = r.outputTokens;
    out.serviceTime = r.serviceTime;
    out.requestClass = r.requestClass;
    out.hashIds = r.hashIds;
    out.line = line;
    return sink(out);
  };

  const onLine: LineSink = (line, lineNo) => {
    if (line.trim() === "") return true;
    raw.day = 0;
    raw.seconds = 0;
    raw.inputTokens = 0;
    raw.outputTokens = 0;
    raw.serviceTime = NaN;
    raw.requestClass = -1;
    raw.hashIds = null;
    const ok = decode(line, lineNo, raw);
    if (ok === false) return true;
    if (ok !== true) {
      if (!skipBad) throw new TraceError(file, lineNo, ok);
      badLines.count++;
      if (badLines.lines.length < TraceLimits.badLinesShown) badLines.lines.push(lineNo);
      badLines.first ??= ok;
      return true;
    }
    if (sorter === null) return emit(raw, lineNo);
    const ready: HeldRow | null = sorter.push(raw, lineNo);
    return ready === null || emit(ready, ready.line);
  };

  return {
    push(chunk) {
      if (stopped) return false;
      if (typeof chunk !== "string") throw new TraceError(file, 0, notText(chunk));
      stopped = !splitter.push(chunk, onLine);
      return !stopped;
    },
    end() {
      if (stopped) return;
      stopped = !splitter.end(onLine);
      for (let r = sorter?.pop() ?? null; r !== null && !stopped; r = sorter!.pop()) stopped = !emit(r, r.line);
    },
    badLines,
    get rows() {
      return rows;
    },
  };
}
