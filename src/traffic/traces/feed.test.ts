import { fc, test as propTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import { createStreams } from "../../engine/index.js";
import { memoryIo } from "../../../test/support/memory-io.js";
import { createRequestAttrs } from "../attrs.js";
import { createFeedDriver } from "./drive.js";
import { createTraceFeed } from "./feed.js";
import { TRACE_PRESETS } from "./mapping.js";
import { copiesOf } from "./replay.js";
import type { ReplaySpec } from "./replay.js";
import { scanTrace } from "./scan.js";

/** A Vidur-style trace with rows at the given times; input tokens number the rows 1, 2, … */
const vidur = (times: readonly number[]) => `arrived_at,num_prefill_tokens,num_decode_tokens\n${times.map((t, i) => `${t},${i + 1},1`).join("\n")}\n`;

const spec = (over: Partial<ReplaySpec> = {}): ReplaySpec => ({
  reader: { file: "t.csv", mapping: TRACE_PRESETS.vidur },
  offset: 0,
  window: Infinity,
  speedup: 1,
  rateScale: 1,
  copyShift: 0,
  loop: false,
  start: 0,
  ...over,
});

/** Replays every copy through small feeds and a driver, as a run would; returns each copy's (time, row) arrivals and the largest buffer seen. */
async function replay(s: ReplaySpec, text: string, endTime = Infinity, chunk = 13, target = 4, keepRows = 0) {
  const io = memoryIo({ "t.csv": text }, chunk);
  const scan = await scanTrace(io, s, keepRows);
  const streams = createStreams(1);
  const feeds = copiesOf(s, scan.period).map((c, j) => createTraceFeed(s, scan, c, c.keep < 1 ? streams(`t/copy-${j}`) : null, endTime, target));
  const driver = createFeedDriver(feeds, io);
  const out = feeds.map(() => [] as [number, number][]);
  const attrs = createRequestAttrs();
  let maxBuffered = 0;
  // Bounded, so that a replay that never ends fails the test instead of hanging it (this loop
  // yields only to microtasks, where no test timeout can fire).
  for (let round = 0; ; round++) {
    if (round > 100_000) throw new Error(`the replay did not end after ${round} refills`);
    await driver.refill();
    for (const f of feeds) maxBuffered = Math.max(maxBuffered, f.buffered);
    const safe = driver.safeArrivals();
    let took = 0;
    feeds.forEach((f, i) => {
      for (let k = 0; k < Math.min(safe, f.buffered); k++, took++) {
        const t = f.shift(attrs);
        // A feed replaying from memory holds no count of what is left: it says Infinity once empty.
        if (t === Infinity) break;
        out[i]!.push([t, attrs.inputTokens]);
      }
    });
    if (took === 0 && feeds.every((f) => f.finished && f.buffered === 0)) break;
  }
  await driver.close();
  return { out, scan, maxBuffered, opened: io.opened.length };
}

const seq = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);

describe("trace feeds", () => {
  test("replay keeps the trace's times, relative to its first row, from the start time on", async () => {
    const { out, scan } = await replay(spec({ start: 100 }), vidur([5, 6, 8.5]));
    expect(scan).toMatchObject({ rows: 3, first: 0, last: 3.5, period: 3.5 + 3.5 / 2 });
    expect(out).toEqual([[[100, 1], [101, 2], [103.5, 3]]]);
  });

  test("offset and window select a part of the trace, which starts at the replay's start", async () => {
    const { out } = await replay(spec({ offset: 2, window: 5 }), vidur(seq(10)));
    expect(out[0]!.map(([t, row]) => [t, row])).toEqual(seq(5).map((i) => [i, i + 3]));
  });

  test("speedup compresses time", async () => {
    const { out } = await replay(spec({ speedup: 2 }), vidur(seq(10)));
    expect(out[0]!.map(([t]) => t)).toEqual(seq(10).map((i) => i / 2));
  });

  test("rateScale 2 adds a copy shifted by copyShift whose tail wraps to the start: every row exactly twice", async () => {
    const { out } = await replay(spec({ rateScale: 2, copyShift: 3 }), vidur(seq(10)));
    expect(out[0]).toEqual(seq(10).map((i) => [i, i + 1]));
    // Period 10 (9 s span plus one mean gap): rows at 7, 8, 9 wrap to 0, 1, 2; the others move 3 s later.
    expect(out[1]).toEqual([...[7, 8, 9].map((v) => [v - 7, v + 1]), ...seq(7).map((v) => [v + 3, v + 1])]);
  });

  test("loop replays the window again and again until the end time", async () => {
    const { out, opened } = await replay(spec({ loop: true, window: 5 }), vidur(seq(10)), 12);
    expect(out[0]!.map(([t]) => t)).toEqual(seq(12));
    expect(out[0]!.map(([, row]) => row)).toEqual([1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2]);
    // One scan, then three passes; each pass stops reading once the window is behind it.
    expect(opened).toBe(4);
  });

  test("a fractional rate scale thins the last copy with its own stream: counts within 4 standard deviations", async () => {
    const n = 20_000;
    const { out } = await replay(spec({ rateScale: 1.3, copyShift: 0 }), vidur(seq(n).map((i) => i / 100)), Infinity, 4096, 512);
    expect(out[0]).toHaveLength(n);
    const sd = Math.sqrt(n * 0.3 * 0.7);
    expect(Math.abs(out[1]!.length - 0.3 * n)).toBeLessThan(4 * sd);
    const again = await replay(spec({ rateScale: 1.3, copyShift: 0 }), vidur(seq(n).map((i) => i / 100)), Infinity, 999, 64);
    expect(again.out).toEqual(out);
  });

  test("arrivals stop at the end time and the buffer stays bounded by its target plus one chunk of rows", async () => {
    const times = seq(5000).map((i) => i / 10);
    const { out, maxBuffered } = await replay(spec(), vidur(times), 100, 256, 32);
    expect(out[0]!.map(([t]) => t)).toEqual(times.filter((t) => t < 100));
    // 256-character chunks hold at most 256 / "0.1,1,1\n".length rows.
    expect(maxBuffered).toBeLessThanOrEqual(32 + 256 / 8);
  });

  test("Mooncake hash ids reach the arrival's attributes", async () => {
    const s = { ...spec(), reader: { file: "t.csv", mapping: TRACE_PRESETS.mooncake } };
    const io = memoryIo({ "t.csv": '{"timestamp": 0, "input_length": 600, "output_length": 3, "hash_ids": [7, 9]}\n' });
    const scan = await scanTrace(io, s);
    const feed = createTraceFeed(s, scan, { phase: 0, keep: 1 }, null, Infinity);
    await createFeedDriver([feed], io).refill();
    const attrs = createRequestAttrs();
    expect(feed.shift(attrs)).toBe(0);
    expect(attrs).toMatchObject({ inputTokens: 600, outputTokens: 3, hashIds: new Int32Array([7, 9]) });
    expect(feed.shift(attrs)).toBe(Infinity);
  });

  test("a feed that ran dry before its driver refilled it is a bug, reported as such", () => {
    const feed = createTraceFeed(spec(), { rows: 1, first: 0, last: 0, period: 0, badLines: { count: 0, lines: [], first: null }, table: null }, { phase: 0, keep: 1 }, null, Infinity);
    expect(() => feed.shift(createRequestAttrs())).toThrow("trace feed t.csv ran dry: the driver must refill it before the simulation advances");
  });
});

describe("trace feeds replaying a small trace from memory", () => {
  const specs = fc.record({
    offset: fc.constantFrom(0, 0.5, 2),
    window: fc.constantFrom(Infinity, 1.5, 4),
    speedup: fc.constantFrom(1, 0.5, 3),
    rateScale: fc.constantFrom(1, 1.5, 3),
    copyShift: fc.constantFrom(0, 0.7, 2.5),
    loop: fc.boolean(),
    start: fc.constantFrom(0, 10),
  });
  const times = fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 30 }).map((xs) => [...xs].sort((a, b) => a - b).map((x) => x / 4));

  propTest.prop([specs, times, fc.integer({ min: 1, max: 6 })], { numRuns: 150 })("gives exactly the arrivals of the streamed replay, without opening the file again", async (over, ts, target) => {
    const s = spec(over);
    // A loop needs a period: one whose rows all have one time once the offset has cut the trace is refused (checkLoop).
    const scan = await scanTrace(memoryIo({ "t.csv": vidur(ts) }, 7), s, 0);
    fc.pre(!s.loop || scan.rows === 0 || scan.period > 0);
    const endTime = s.start + 25;
    const streamed = await replay(s, vidur(ts), endTime, 7, target, 0);
    const kept = await replay(s, vidur(ts), endTime, 7, target, 1000);
    expect(kept.scan.table?.rows).toBe(kept.scan.rows);
    expect(kept.out).toEqual(streamed.out);
    // Only the scan read the file.
    expect(kept.opened).toBe(1);
  });

  test("a looped replay whose rows share one time once the offset has cut the trace is refused, not replayed forever", async () => {
    // Rows at 4.75 and 5.25 s; the offset leaves only the second, so a pass has no length.
    const s = spec({ offset: 0.5, loop: true });
    for (const keepRows of [0, 1000]) {
      const scan = await scanTrace(memoryIo({ "t.csv": vidur([4.75, 5.25]) }, 7), s, keepRows);
      expect(scan.rows).toBe(1);
      expect(() => createTraceFeed(s, scan, copiesOf(s, scan.period)[0]!, null, 25, 1)).toThrow("t.csv: cannot loop a replay whose rows all have one time: give it a window");
    }
  });

  test("a trace over the row bound streams", async () => {
    const { scan, out } = await replay(spec(), vidur(seq(10)), Infinity, 7, 4, 5);
    expect(scan.table).toBeNull();
    expect(out[0]!.map(([t]) => t)).toEqual(seq(10));
  });
});
