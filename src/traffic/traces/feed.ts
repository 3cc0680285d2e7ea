/**
 * A trace feed: the arrivals of one copy of a replayed trace, parsed ahead into a bounded buffer.
 * It is pure and synchronous; a driver (drive.ts) gives it text while it is `hungry`, opening the
 * file anew at each pass (`needsOpen`). The simulation only takes arrivals it already holds, and
 * never more per chunk than `buffered`, so memory stays flat whatever the trace length.
 *
 * Copy-local trace time x of a row at time v (after the offset) in pass ℓ is v + phase + ℓ·P.
 * With a phase, pass −1 first replays the tail (v ≥ P − phase) at the start; without `loop`,
 * pass 0 then replays the rest, so every row comes exactly once; with `loop`, passes go on.
 * Arrival time = start + x / speedup.
 *
 * When the scan kept the window's rows (a small trace, see table.ts), the feed replays them from
 * memory: it never asks for text, and refills itself as the simulation takes arrivals.
 */
import type { Stream } from "../../engine/index.js";
import type { RequestAttrs } from "../attrs.js";
import { createTraceReader } from "./reader.js";
import type { TraceReader, TraceRow } from "./reader.js";
import { checkLoop } from "./replay.js";
import type { CopyPlan, ReplaySpec, TraceScan } from "./replay.js";

/** Arrivals a feed replaying from memory takes from its rows at a time. */
const TABLE_BATCH = 64;

/** Arrivals a feed holds before it stops asking for text. */
export const FEED_TARGET = 4096;

export interface TraceFeed {
  readonly file: string;
  /** Arrivals held, ready for the simulation. */
  readonly buffered: number;
  /** No more text will be needed: the replay has reached the run's end or the trace's. */
  readonly finished: boolean;
  /** The next pass needs the file opened from its start. */
  readonly needsOpen: boolean;
  /** Wants text: holds fewer than FEED_TARGET arrivals and is not finished. */
  readonly hungry: boolean;
  /** The driver opened the file for the next pass. */
  opened(): void;
  push(chunk: string): void;
  /** The file's text ended. */
  endOfText(): void;
  /** Takes the next arrival into `attrs` and returns its time; Infinity once the feed is finished and empty. */
  shift(attrs: RequestAttrs): number;
}

export function createTraceFeed(spec: ReplaySpec, scan: TraceScan, copy: CopyPlan, thinning: Stream | null, endTime: number, target = FEED_TARGET): TraceFeed {
  checkLoop(spec, scan);
  const P = scan.period;
  const phase = copy.phase;
  const windowEnd = spec.offset + spec.window;
  let pass = phase > 0 ? -1 : 0;
  let finished = scan.rows === 0;
  let needsOpen = !finished;
  let reader: TraceReader | null = null;

  // Ring buffer of arrivals; capacity is a power of two, grown only when one chunk's rows overflow it.
  const table = scan.table;
  // Replaying from memory, a feed refills in small batches: its ring then stays in the CPU's
  // caches (a full target per copy of a many-copy replay overflows them at every arrival).
  const batch = table !== null ? Math.min(target, TABLE_BATCH) : target;
  let cap = 1;
  while (cap < 2 * batch) cap *= 2;
  let time = new Float64Array(cap);
  let input = new Int32Array(cap);
  let output = new Int32Array(cap);
  let service = new Float64Array(cap);
  let cls = new Int32Array(cap);
  let hashes: (Int32Array | null)[] = new Array<Int32Array | null>(cap).fill(null);
  let head = 0;
  let size = 0;
  let cursor = 0;
  const row: TraceRow = { time: 0, inputTokens: 0, outputTokens: 0, serviceTime: NaN, requestClass: -1, hashIds: null, line: 0 };

  const grow = () => {
    const n = cap * 2;
    const move = <A extends Float64Array | Int32Array>(a: A, b: A): A => {
      for (let k = 0; k < size; k++) b[k] = a[(head + k) & (cap - 1)]!;
      return b;
    };
    time = move(time, new Float64Array(n));
    input = move(input, new Int32Array(n));
    output = move(output, new Int32Array(n));
    service = move(service, new Float64Array(n));
    cls = move(cls, new Int32Array(n));
    const h: (Int32Array | null)[] = new Array<Int32Array | null>(n).fill(null);
    for (let k = 0; k < size; k++) h[k] = hashes[(head + k) & (cap - 1)]!;
    hashes = h;
    head = 0;
    cap = n;
  };

  const endPass = () => {
    reader = null;
    if (finished) return;
    if (pass < 0 || spec.loop) {
      pass++;
      needsOpen = true;
    } else finished = true;
  };

  /** Takes one row of the current pass; false ends the pass early (the rest of the file is not needed). */
  const onRow = (row: TraceRow): boolean => {
    if (row.time < spec.offset) return true;
    if (row.time >= windowEnd) return false;
    const v = row.time - spec.offset;
    if (pass < 0 && v < P - phase) return true;
    if (pass === 0 && phase > 0 && !spec.loop && v >= P - phase) return false;
    const x = pass < 0 ? v + phase - P : v + phase + pass * P;
    const t = spec.start + x / spec.speedup;
    if (t >= endTime) {
      finished = true;
      return false;
    }
    if (thinning !== null && thinning.float() >= copy.keep) return true;
    if (size === cap) grow();
    const k = (head + size) & (cap - 1);
    time[k] = t;
    input[k] = row.inputTokens;
    output[k] = row.outputTokens;
    service[k] = row.serviceTime;
    cls[k] = row.requestClass;
    hashes[k] = row.hashIds;
    size++;
    return true;
  };

  /** Table mode: passes over the kept rows, exactly as the reader would give them, until `batch` arrivals are held. */
  const fillFromTable = (t: NonNullable<typeof table>) => {
    while (size < batch && !finished) {
      if (needsOpen) {
        needsOpen = false;
        cursor = 0;
      }
      if (cursor >= t.rows) {
        endPass();
        continue;
      }
      row.time = t.time[cursor]!;
      row.inputTokens = t.inputTokens[cursor]!;
      row.outputTokens = t.outputTokens[cursor]!;
      row.serviceTime = t.serviceTime[cursor]!;
      row.requestClass = t.requestClass[cursor]!;
      row.hashIds = t.hashIds[cursor]!;
      cursor++;
      if (!onRow(row)) endPass();
    }
  };

  return {
    file: spec.reader.file,
    get buffered() {
      // A table feed refills itself on demand: it never limits how far the simulation may go.
      return table !== null && !finished ? Infinity : size;
    },
    get finished() {
      return finished;
    },
    get needsOpen() {
      return table === null && needsOpen && !finished;
    },
    get hungry() {
      return table === null && !finished && size < target;
    },
    opened() {
      needsOpen = false;
      reader = createTraceReader(spec.reader, onRow);
    },
    push(chunk) {
      if (reader === null) throw new Error(`trace feed ${spec.reader.file}: text pushed before the file was opened`);
      if (!reader.push(chunk)) endPass();
    },
    endOfText() {
      reader?.end();
      endPass();
    },
    shift(attrs) {
      if (size === 0 && table !== null) fillFromTable(table);
      if (size === 0) {
        if (finished) return Infinity;
        throw new Error(`trace feed ${spec.reader.file} ran dry: the driver must refill it before the simulation advances`);
      }
      const k = head;
      attrs.inputTokens = input[k]!;
      attrs.outputTokens = output[k]!;
      attrs.serviceTime = service[k]!;
      attrs.requestClass = cls[k]!;
      attrs.hashIds = hashes[k]!;
      hashes[k] = null;
      head = (head + 1) & (cap - 1);
      size--;
      return time[k]!;
    },
  };
}
