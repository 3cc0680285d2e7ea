import { fc, test } from "@fast-check/vitest";
import { describe, expect, test as unit } from "vitest";
import { createEngine, Priority } from "../../../engine/index.js";
import type { KindCodes } from "../../../engine/index.js";
import { createClassicServers } from "./server.js";
import type { ClassicPodSpec } from "./server.js";
import { createRequestTable } from "../../requests.js";

interface Batching {
  readonly maxBatchSize: number;
  readonly maxQueueDelay: number;
  readonly fixed: number;
  readonly perItem: number;
}

interface Outcome {
  readonly arrival: number;
  /** NaN when refused or timed out before starting. */
  start: number;
  end: number;
  refused: boolean;
  timedOut: boolean;
}

/** Runs arrivals through one classic pod to quiescence; records every request's fate and every batch. */
function serve(arrivals: readonly number[], spec: { concurrency: number; queueLimit: number; timeout: number; batching: Batching | null; serviceTime?: number }) {
  const engine = createEngine();
  const table = createRequestTable(1 << 16);
  const out: Outcome[] = arrivals.map((arrival) => ({ arrival, start: NaN, end: NaN, refused: false, timedOut: false }));
  const batches: { start: number; size: number; end: number }[] = [];
  const idOf: number[] = [];
  let drained = 0;
  const servers = createClassicServers(engine, table, {
    finished: (req, now) => {
      const o = out[idOf[req]!]!;
      o.start = table.start[req]!;
      o.end = now;
    },
    failed: () => {
      throw new Error("no pod is aborted here");
    },
    timedOut: (req, now) => {
      const o = out[idOf[req]!]!;
      expect(now - o.arrival).toBeCloseTo(spec.timeout, 9);
      o.timedOut = true;
    },
    drained: () => drained++,
  });
  const b = spec.batching;
  const podSpec: ClassicPodSpec = {
    service: 0,
    concurrency: spec.concurrency,
    queueLimit: spec.queueLimit,
    timeout: spec.timeout,
    serviceTime: () => spec.serviceTime ?? 1,
    batching: b && {
      maxBatchSize: b.maxBatchSize,
      maxQueueDelay: b.maxQueueDelay,
      batchTime: (n) => {
        const t = b.fixed + n * b.perItem;
        batches.push({ start: engine.now, size: n, end: engine.now + t });
        return t;
      },
    },
  };
  servers.addPod(0, podSpec, 0);
  const codes: KindCodes<"test.arrived"> = engine.on(
    {
      "test.arrived": (i, now) => {
        const req = table.alloc(0, 0, now);
        idOf[req] = i;
        if (!servers.admit(req, now)) {
          out[i]!.refused = true;
          table.release(req);
        }
      },
    },
    { "test.arrived": Priority.Arrival },
  );
  arrivals.forEach((t, i) => engine.schedule(t, codes["test.arrived"], i));
  engine.runUntil(Infinity);
  return { out, batches, inUse: table.inUse, busy: servers.busy(0), queued: servers.queued(0), drained };
}

const batching = fc.record({
  maxBatchSize: fc.integer({ min: 1, max: 8 }),
  maxQueueDelay: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })),
  fixed: fc.double({ min: 0, max: 0.5, noNaN: true }),
  perItem: fc.double({ min: 1e-3, max: 0.3, noNaN: true }),
});
/** Arrival times, sorted, with ties (several requests at one instant) common. */
const arrivals = fc
  .array(fc.oneof(fc.double({ min: 0, max: 20, noNaN: true }), fc.integer({ min: 0, max: 40 }).map((k) => k * 0.5)), { minLength: 1, maxLength: 120 })
  .map((xs) => [...xs].sort((a, b) => a - b));
const settings = fc.record({
  concurrency: fc.integer({ min: 1, max: 3 }),
  queueLimit: fc.oneof(fc.constant(Infinity), fc.integer({ min: 0, max: 10 })),
  timeout: fc.oneof(fc.constant(Infinity), fc.double({ min: 0.05, max: 5, noNaN: true })),
  batching,
});

describe("the classic server's dynamic batcher", () => {
  test.prop([arrivals, settings], { numRuns: 300 })("batches hold 1 to maxBatchSize requests, FCFS, and every request is served, refused or timed out", (ts, s) => {
    const r = serve(ts, s);
    const B = s.batching.maxBatchSize;
    for (const b of r.batches) expect(b.size >= 1 && b.size <= B).toBe(true);
    // Nothing lost: each request ends exactly one way, and the pod is empty at the end.
    for (const o of r.out) expect([o.refused, o.timedOut, !Number.isNaN(o.end)].filter(Boolean).length).toBe(1);
    expect(r.batches.reduce((a, b) => a + b.size, 0)).toBe(r.out.filter((o) => !Number.isNaN(o.end)).length);
    expect([r.inUse, r.busy, r.queued]).toEqual([0, 0, 0]);
    // First come, first served: served requests start in arrival order.
    const served = r.out.filter((o) => !Number.isNaN(o.end));
    for (let i = 1; i < served.length; i++) expect(served[i]!.start).toBeGreaterThanOrEqual(served[i - 1]!.start);
    // At most `concurrency` batches run at any instant.
    for (const b of r.batches) expect(r.batches.filter((x) => x.start <= b.start && b.start < x.end).length).toBeLessThanOrEqual(s.concurrency);
  });

  test.prop([arrivals, settings], { numRuns: 300 })("a served request waits longer than maxQueueDelay only while every instance is busy", (ts, s) => {
    const r = serve(ts, s);
    const d = s.batching.maxQueueDelay;
    const busyAt = (t: number) => r.batches.filter((b) => b.start <= t && t < b.end).length;
    for (const o of r.out) {
      if (o.refused || o.timedOut) continue;
      expect(o.start).toBeGreaterThanOrEqual(o.arrival);
      if (o.start > o.arrival + d) expect(busyAt(o.arrival + d)).toBe(s.concurrency);
    }
  });

  unit("a lone request waits exactly maxQueueDelay for its batch to fill, then runs as a batch of one", () => {
    const r = serve([1, 10, 20], { concurrency: 1, queueLimit: Infinity, timeout: Infinity, batching: { maxBatchSize: 4, maxQueueDelay: 0.25, fixed: 0.1, perItem: 0.05 } });
    expect(r.out.map((o) => o.start - o.arrival)).toEqual([0.25, 0.25, 0.25]);
    expect(r.batches.map((b) => b.size)).toEqual([1, 1, 1]);
    expect(r.out[0]!.end).toBeCloseTo(1.25 + 0.15, 12);
  });

  unit("a batch that fills starts at once: 4 arrivals within the delay make one batch at the 4th, the 5th waits for its own", () => {
    const r = serve([1, 1.1, 1.2, 1.3, 1.35], { concurrency: 2, queueLimit: Infinity, timeout: Infinity, batching: { maxBatchSize: 4, maxQueueDelay: 0.5, fixed: 0.1, perItem: 0.05 } });
    expect(r.batches.map((b) => [b.start, b.size])).toEqual([
      [1.3, 4],
      [1.85, 1],
    ]);
  });

  unit("a queue limit refuses arrivals beyond it, and a timeout removes requests still queued", () => {
    // One instance busy for 1.01 s with a batch of 1; three more arrive at once into a queue of 2.
    const r = serve([0, 0.5, 0.5, 0.5], { concurrency: 1, queueLimit: 2, timeout: 0.3, batching: { maxBatchSize: 1, maxQueueDelay: 0, fixed: 1, perItem: 0.01 } });
    expect(r.out.map((o) => (o.refused ? "refused" : o.timedOut ? "timed out" : "served"))).toEqual(["served", "timed out", "timed out", "refused"]);
  });

  unit("without batching, a request waits only when every instance is busy, and at most for a queue limit", () => {
    const r = serve([0, 0, 0, 0], { concurrency: 2, queueLimit: 1, timeout: Infinity, batching: null, serviceTime: 1 });
    expect(r.out.map((o) => [o.start, o.end, o.refused])).toEqual([
      [0, 1, false],
      [0, 1, false],
      [1, 2, false],
      [NaN, NaN, true],
    ]);
  });
});
