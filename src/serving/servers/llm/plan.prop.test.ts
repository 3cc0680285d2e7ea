import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { createEngine, Priority } from "../../../engine/index.js";
import type { LlmPerfModel } from "../../perf/llm.js";
import { createRequestTable } from "../../requests.js";
import type { LlmServerConfig } from "./config.js";
import { createLlmServers } from "./server.js";
import { llmTestPerfs } from "../../../../test/support/llm-perfs.js";

// Planned cuts (the iteration formed where an arrival cuts a cruise has no event of its own, and is
// formed when something next looks at the pod) against every boundary handled as an event.

// Small caches (preemption, refused admissions) or roomy ones (long cruises, many planned cuts).
const config = fc
  .record({
    maxNumSeqs: fc.integer({ min: 1, max: 16 }),
    extraTokens: fc.integer({ min: 0, max: 400 }),
    chunkedPrefill: fc.boolean(),
    kvBlocks: fc.oneof(fc.integer({ min: 20, max: 120 }), fc.integer({ min: 500, max: 3000 })),
    blockSize: fc.constantFrom(4, 8, 16),
    prefixBlockTokens: fc.constantFrom(0, 0, 16, 32),
    kvReservation: fc.constantFrom("prompt" as const, "full" as const),
  })
  .map((c): LlmServerConfig => ({ ...c, maxNumBatchedTokens: c.maxNumSeqs + c.extraTokens }));

const time = fc.oneof(fc.double({ min: 0, max: 3, noNaN: true }), fc.integer({ min: 0, max: 60 }).map((k) => k * 0.05));

const request = fc.record({
  arrival: time,
  pod: fc.integer({ min: 0, max: 1 }),
  prompt: fc.integer({ min: 1, max: 260 }),
  output: fc.oneof(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 100, max: 400 })),
  hashes: fc.option(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 8 }), { nil: undefined }),
});

/** Something that looks at or acts on the servers between arrivals, as the plane, sampling and the cluster do. */
const probe = fc.record({ at: time, pod: fc.integer({ min: 0, max: 1 }), op: fc.constantFrom("route", "route", "sample", "sample", "drain", "abort") });

type Req = { arrival: number; pod: number; prompt: number; output: number; hashes?: number[] | undefined };
type Probe = { at: number; pod: number; op: string };

/** Runs requests and probes through two pods; returns every observation in order and the events handled. */
function run(cfg: LlmServerConfig, perf: LlmPerfModel, timeout: number, reqs: readonly Req[], probes: readonly Probe[], planCuts: boolean) {
  const engine = createEngine();
  const table = createRequestTable(1 << 16);
  const seen: unknown[] = [];
  // Told when the batch is formed: for a planned cut, possibly after other pods' later events.
  const started = new Map<number, number>();
  const idOf: number[] = [];
  const note = (kind: string) => (req: number, now: number) => seen.push([kind, idOf[req], now]);
  const servers = createLlmServers(
    engine,
    table,
    [{ config: cfg, kvBlocks: () => cfg.kvBlocks, maxContext: Infinity, queueLimit: Infinity, timeout }],
    {
      started: (req, now) => started.set(idOf[req]!, now),
      firstToken: note("firstToken"),
      finished: note("finished"),
      failed: note("failed"),
      timedOut: note("timedOut"),
      drained: (pod, now) => seen.push(["drained", pod, now]),
    },
    { planCuts },
  );
  const aborted = [false, false];
  for (const pod of [0, 1]) servers.addPod(pod, 0, perf, 0);
  const codes = engine.on(
    {
      "test.arrived": (i, now) => {
        const r = reqs[i]!;
        const pod = aborted[r.pod] ? 1 - r.pod : r.pod;
        if (aborted[pod]) return;
        // As the plane's routing does: read the pods' queues, then admit.
        seen.push(["queued", servers.stats(0).waiting, servers.stats(1).waiting]);
        const req = table.alloc(0, pod, now);
        table.arrival[req] = now;
        table.inputTokens[req] = r.prompt;
        table.outputTokens[req] = r.output;
        table.hashIds[req] = r.hashes ? Int32Array.from(r.hashes) : null;
        idOf[req] = i;
        const verdict = servers.admit(req, now);
        seen.push(["admit", i, verdict]);
        if (verdict >= 0) table.release(req);
      },
      "test.route": (i) => seen.push(["route", servers.stats(probes[i]!.pod), servers.prefixMatch(probes[i]!.pod, Int32Array.of(0, 1, 2))]),
      "test.sample": (_, now) => {
        servers.flush(now);
        seen.push(["sample", servers.stats(0), servers.stats(1)]);
      },
      "test.drain": (i, now) => seen.push(["drain", servers.drain(probes[i]!.pod, now)]),
      "test.abort": (i, now) => {
        aborted[probes[i]!.pod] = true;
        servers.abort(probes[i]!.pod, now);
      },
    },
    { "test.arrived": Priority.Arrival, "test.route": Priority.Arrival, "test.sample": Priority.Sample, "test.drain": Priority.Sample, "test.abort": Priority.Sample },
  );
  reqs.forEach((r, i) => engine.schedule(r.arrival, codes["test.arrived"], i));
  probes.forEach((p, i) => engine.schedule(p.at, codes[p.op === "route" ? "test.route" : p.op === "sample" ? "test.sample" : p.op === "drain" ? "test.drain" : "test.abort"], i));
  engine.runUntil(4);
  servers.flush(4);
  seen.push(["end", servers.stats(0), servers.stats(1)]);
  engine.runUntil(Infinity);
  servers.flush(engine.now);
  seen.push(["final", servers.stats(0), servers.stats(1)]);
  return { seen, started: [...started].sort((a, b) => a[0] - b[0]), events: engine.processed };
}

test.prop(
  [
    config,
    fc.constantFrom(0, 1),
    fc.oneof(fc.constant(Infinity), fc.double({ min: 0.001, max: 1, noNaN: true })),
    fc.array(request, { minLength: 1, maxLength: 40 }),
    fc.array(probe, { maxLength: 40 }),
  ],
  { numRuns: 300 },
)("planned cuts give exactly what handling every iteration boundary as an event gives, with fewer events", (cfg, which, timeout, reqs, probes) => {
  const perf = llmTestPerfs[which]!;
  const planned = run(cfg, perf, timeout, reqs, probes, true);
  const each = run(cfg, perf, timeout, reqs, probes, false);
  expect(planned.seen).toEqual(each.seen);
  expect(planned.started).toEqual(each.started);
  expect(planned.events).toBeLessThanOrEqual(each.events);
});

test("a cut cruise's iteration is planned: one event fewer per cut, same completions", () => {
  // Two long decodes cruise; three arrivals, each well inside a cruise, cut it.
  const cfg: LlmServerConfig = { maxNumSeqs: 8, maxNumBatchedTokens: 512, chunkedPrefill: true, kvBlocks: 4000, blockSize: 16, prefixBlockTokens: 0, kvReservation: "prompt" };
  const reqs: Req[] = [
    { arrival: 0, pod: 0, prompt: 100, output: 2000 },
    { arrival: 0, pod: 0, prompt: 100, output: 2000 },
    { arrival: 1.001, pod: 0, prompt: 50, output: 10 },
    { arrival: 2.002, pod: 0, prompt: 50, output: 10 },
    { arrival: 3.003, pod: 0, prompt: 50, output: 10 },
  ];
  const planned = run(cfg, llmTestPerfs[0]!, Infinity, reqs, [], true);
  const each = run(cfg, llmTestPerfs[0]!, Infinity, reqs, [], false);
  expect(planned.seen).toEqual(each.seen);
  expect(planned.started).toEqual(each.started);
  expect(planned.seen.filter((s) => (s as unknown[])[0] === "finished")).toHaveLength(5);
  expect(each.events - planned.events).toBe(3);
});
