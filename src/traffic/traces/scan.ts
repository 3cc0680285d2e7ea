/** The pass before a replay: streams the whole trace once to validate it and measure its replayed window. */
import type { TraceIo } from "./io.js";
import { pumpTrace } from "./io.js";
import { createTraceReader } from "./reader.js";
import { periodOf } from "./replay.js";
import type { ReplaySpec, TraceScan } from "./replay.js";
import { createTableBuilder, TABLE_MAX_ROWS } from "./table.js";

/** `keepRows`: most rows of the window kept in memory for the replay (0: always stream). */
export async function scanTrace(io: TraceIo, spec: ReplaySpec, keepRows = TABLE_MAX_ROWS): Promise<TraceScan> {
  const table = keepRows > 0 ? createTableBuilder(keepRows) : null;
  let rows = 0;
  let first = NaN;
  let last = NaN;
  const end = spec.offset + spec.window;
  const reader = createTraceReader(spec.reader, (row) => {
    if (row.time < spec.offset || row.time >= end) return true;
    const v = row.time - spec.offset;
    if (rows === 0) first = v;
    last = v;
    rows++;
    table?.add(row);
    return true;
  });
  await pumpTrace(io, spec.reader.file, (c) => reader.push(c), () => reader.end());
  const { count, lines, first: problem } = reader.badLines;
  return { rows, first, last, period: periodOf(spec, rows, first, last), badLines: { count, lines: [...lines], first: problem }, table: table?.build() ?? null };
}
