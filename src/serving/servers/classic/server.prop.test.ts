import { fc, test } from "@fast-check/vitest";
import { describe, expect, test as unit } from "vitest";
import { createEngine, Priority } from "../../../engine/index.js";
import type { KindCodes } from "../../../engine/index.js";
import { createClassicServers } from "./server.js";
import type { ClassicPodSpec } from "./server.js";
import { createRequestTable } from "../../requests.js";
import { aloneTime } from "../../perf/gpu-share.js";
import type { GpuWork } from "../../perf/gpu-share.js";

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

/** A batch's work on the pod's shared GPU: fixed seconds, perItem GPU-seconds per item, and the batch size that fills the GPU. */
interface GpuSpec {
  readonly fixed: number;
  readonly perItem: number;
  readonly fill: number;
}

const workOf = (g: GpuSpec, n: number): GpuWork => ({ fixed: g.fixed, work: n * g.perItem, cap: n / Math.max(n, g.fill), flops: n, bytes: n });

/** Runs arrivals through one classic pod to quiescence; records every request's fate and every batch. */
function serve(arrivals: readonly number[], spec: { concurrency: number; queueLimit: number; timeout: number; batching: Batching | null; serviceTime?: number; gpu?: GpuSpec | undefined }) {
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
    serviceTime: { draw: () => spec.serviceTime ?? 1 },
    batching: b && {
      maxBatchSize: b.maxBatchSize,
      maxQueueDelay: b.maxQueueDelay,
      batchTime: (n) => {
        const t = b.fixed + n * b.perItem;
        batches.push({ start: engine.now, size: n, end: engine.now + t });
        return t;
      },
    },
    gpuWork: spec.gpu
      ? (n) => {
          batches.push({ start: engine.now, size: n, end: NaN });
          return workOf(spec.gpu!, n);
        }
      : null,
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
  if (spec.gpu) {
    // Batches take the queue's requests in order (FCFS): the k-th batch holds the next `size` served requests.
    const served = out.filter((o) => !Number.isNaN(o.end)).sort((a, b) => a.start - b.start);
    let i = 0;
    for (const b of batches) {
      const members = served.slice(i, (i += b.size));
      b.end = members[0]?.end ?? NaN;
      for (const o of members) expect([o.start, o.end]).toEqual([b.start, b.end]);
    }
  }
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
const gpuSpec = fc.record({
  fixed: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.3, noNaN: true })),
  perItem: fc.double({ min: 1e-3, max: 0.2, noNaN: true }),
  fill: fc.integer({ min: 1, max: 6 }),
});
const settings = fc.record({
  concurrency: fc.integer({ min: 1, max: 3 }),
  queueLimit: fc.oneof(fc.constant(Infinity), fc.integer({ min: 0, max: 10 })),
  timeout: fc.oneof(fc.constant(Infinity), fc.double({ min: 0.05, max: 5, noNaN: true })),
  batching,
  // Batches timed by their work on the pod's shared GPU instead of batchTime.
  gpu: fc.option(gpuSpec, { nil: undefined }),
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

describe("a classic pod's instances on one shared GPU", () => {
  const gpuSettings = fc.record({
    concurrency: fc.integer({ min: 1, max: 4 }),
    queueLimit: fc.constant(Infinity),
    timeout: fc.constant(Infinity),
    batching: fc.option(batching, { nil: null }),
    gpu: gpuSpec,
  });

  test.prop([arrivals, gpuSettings], { numRuns: 300 })(
    "never serves GPU work faster than the GPU (over any interval), no batch beats its time alone, and one instance runs each batch exactly alone",
    (ts, s) => {
      const r = serve(ts, s);
      const g = s.gpu;
      const runs = r.batches.map((b) => ({ ...b, enter: b.start + g.fixed, work: workOf(g, b.size).work, alone: aloneTime(workOf(g, b.size)) }));
      for (const b of runs) {
        expect(b.end - b.start).toBeGreaterThanOrEqual(b.alone * (1 - 1e-9) - 1e-12);
        if (s.concurrency === 1) expect(b.end - b.start).toBeCloseTo(b.alone, 9);
      }
      // The GPU-seconds of the batches whose GPU phase lies within [a, b] fit in b − a: FLOP/s and
      // bytes/s (proportional to the work at the model's efficiencies) stay within the datasheet.
      for (const first of runs) {
        for (const last of runs) {
          if (last.end < first.enter) continue;
          const inside = runs.filter((x) => x.enter >= first.enter && x.end <= last.end).reduce((sum, x) => sum + x.work, 0);
          expect(inside).toBeLessThanOrEqual((last.end - first.enter) * (1 + 1e-9) + 1e-12);
        }
      }
    },
  );

  const gpu = { fixed: 0.1, perItem: 0.1, fill: 1 };
  const plain = { queueLimit: Infinity, timeout: Infinity, batching: null };

  unit("two requests on a GPU each fills share it: the first runs alone until the second's fixed time ends, then both at half speed", () => {
    const r = serve([0, 0.05], { ...plain, concurrency: 2, gpu });
    // First: GPU work from 0.1, alone until 0.15 (half done), then half speed: done at 0.25. Second: from 0.15, half speed to 0.25 (half done), then alone: 0.30.
    expect(r.out[0]!.end).toBeCloseTo(0.25, 12);
    expect(r.out[1]!.end).toBeCloseTo(0.3, 12);
  });

  unit("small batches that leave the GPU idle run side by side at no cost, up to the fill level", () => {
    const small = { fixed: 0.1, perItem: 0.1, fill: 4 };
    // A batch of 1 uses a quarter of the GPU: alone it takes 0.1 + 0.1 ÷ 0.25 = 0.5 s.
    expect(serve([0, 0, 0, 0], { ...plain, concurrency: 4, gpu: small }).out.map((o) => o.end)).toEqual([0.5, 0.5, 0.5, 0.5].map((x) => expect.closeTo(x, 12)));
    // Eight share it at an eighth each: 0.1 + 0.1 ÷ 0.125 = 0.9 s; together they never beat 1 ÷ 0.1 items/s of GPU work.
    const eight = serve(Array(8).fill(0), { ...plain, concurrency: 8, gpu: small });
    for (const o of eight.out) expect(o.end).toBeCloseTo(0.9, 12);
  });

  unit("a lone request on a pod with many instances takes its time alone (the GPU is not split among idle instances)", () => {
    const r = serve([0, 10], { ...plain, concurrency: 8, gpu: { fixed: 0.1, perItem: 0.1, fill: 4 } });
    expect(r.out.map((o) => o.end - o.arrival)).toEqual([expect.closeTo(0.5, 12), expect.closeTo(0.5, 12)]);
  });

  unit("an aborted pod fails the batches in their fixed time and on the GPU, frees their slots, and serves again when it rejoins", () => {
    const engine = createEngine();
    const table = createRequestTable(64);
    const failed: number[] = [];
    const finished: number[] = [];
    const servers = createClassicServers(engine, table, {
      finished: (_req, now) => finished.push(now),
      failed: (req) => failed.push(req),
      timedOut: () => {
        throw new Error("no timeout here");
      },
      drained: () => {},
    });
    const spec: ClassicPodSpec = { service: 0, concurrency: 2, queueLimit: Infinity, timeout: Infinity, serviceTime: { draw: () => 1 }, batching: null, gpuWork: (n) => workOf(gpu, n) };
    servers.addPod(0, spec, 0);
    const admit = (now: number) => servers.admit(table.alloc(0, 0, now), now);
    admit(0); // on the GPU from 0.1
    engine.runUntil(0.12);
    admit(0.12); // in its fixed time until 0.22
    engine.runUntil(0.15);
    servers.abort(0, 0.15);
    expect(failed.length).toBe(2);
    engine.runUntil(1);
    expect([table.inUse, finished.length]).toEqual([0, 0]);
    servers.addPod(0, spec, 1);
    admit(1);
    engine.runUntil(Infinity);
    expect(finished).toEqual([expect.closeTo(1.2, 12)]);
    expect(table.inUse).toBe(0);
  });
});
