/** From the scenario's trace fields to the traffic module's reader and replay specs. */
import type { TrafficSource } from "../scenario/index.js";
import { resolveMapping } from "../traffic/index.js";
import type { ReaderOptions, ReplaySpec, TraceMapping } from "../traffic/index.js";

type TraceEntry = NonNullable<TrafficSource["trace"]>;
type TraceFile = Pick<TraceEntry, "file" | "format" | "map" | "filter" | "onBadLine" | "sortWindow">;

type TraceMap = NonNullable<TraceEntry["map"]>;

/** The reader's mapping for a format (a preset, or the generic map given) plus row filters. */
export function traceMapping(format: TraceEntry["format"], m: TraceMap | undefined, filter: TraceEntry["filter"] = []): TraceMapping {
  const generic: TraceMapping | undefined = m && {
    type: m.type,
    delimiter: m.delimiter,
    filter: [],
    ...(m.columns ? { columns: m.columns } : {}),
    ...(m.time ? { time: m.time } : {}),
    ...(m.inputTokens !== undefined ? { inputTokens: m.inputTokens } : {}),
    ...(m.outputTokens !== undefined ? { outputTokens: m.outputTokens } : {}),
    ...(m.serviceTime ? { serviceTime: m.serviceTime } : {}),
    ...(m.requestClass !== undefined ? { requestClass: m.requestClass } : {}),
    ...(m.hashIds !== undefined ? { hashIds: m.hashIds } : {}),
  };
  return resolveMapping(format, generic, filter);
}

export function readerOptions(t: TraceFile): ReaderOptions {
  return { file: t.file, mapping: traceMapping(t.format, t.map, t.filter), onBadLine: t.onBadLine, sortWindow: t.sortWindow };
}

export function replaySpec(t: TraceEntry): ReplaySpec {
  return {
    reader: readerOptions(t),
    offset: t.offset,
    window: t.window ?? Infinity,
    speedup: t.speedup,
    rateScale: t.rateScale,
    copyShift: t.copyShift,
    loop: t.loop,
    start: t.start,
  };
}
