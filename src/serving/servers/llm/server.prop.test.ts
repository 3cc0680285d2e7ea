import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { createEngine, Priority } from "../../../engine/index.js";
import type { KindCodes } from "../../../engine/index.js";
import { simulateReference } from "../../../../test/support/llm-reference.js";
import type { RefRequest } from "../../../../test/support/llm-reference.js";
import type { LlmPerfModel } from "../../perf/llm.js";
import { createRequestTable } from "../../requests.js";
import type { LlmServerConfig } from "./config.js";
import { createLlmServers } from "./server.js";
import { llmTestPerfs } from "../../../../test/support/llm-perfs.js";

const config = fc
  .record({
    maxNumSeqs: fc.integer({ min: 1, max: 8 }),
    extraTokens: fc.integer({ min: 0, max: 400 }),
    chunkedPrefill: fc.boolean(),
    kvBlocks: fc.integer({ min: 20, max: 120 }),
    blockSize: fc.constantFrom(4, 8, 16),
    prefixBlockTokens: fc.constantFrom(0, 0, 16, 32),
    kvReservation: fc.constantFrom("prompt" as const, "full" as const),
  })
  .map((c): LlmServerConfig => ({ ...c, maxNumBatchedTokens: c.maxNumSeqs + c.extraTokens }));

const request = fc.record({
  arrival: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 2, noNaN: true }), fc.integer({ min: 0, max: 20 }).map((k) => k * 0.05)),
  prompt: fc.integer({ min: 1, max: 260 }),
  output: fc.integer({ min: 1, max: 120 }),
  hashes: fc.option(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 8 }), { nil: undefined }),
});

/** Runs the requests through the real server on an engine and returns the same outcome shape as the reference. */
function simulateServer(reqs: readonly RefRequest[], cfg: LlmServerConfig, perf: LlmPerfModel) {
  const engine = createEngine();
  const table = createRequestTable(1 << 20);
  const firstToken = reqs.map(() => NaN);
  const finish = reqs.map(() => NaN);
  const refused = reqs.map(() => false);
  const idOf: number[] = [];
  const ignore = () => undefined;
  const servers = createLlmServers(engine, table, [{ config: cfg, kvBlocks: () => cfg.kvBlocks, maxContext: Infinity, queueLimit: Infinity, timeout: Infinity }], {
    started: ignore,
    firstToken: (req, now) => (firstToken[idOf[req]!] = now),
    finished: (req, now) => (finish[idOf[req]!] = now),
    failed: ignore,
    timedOut: ignore,
    drained: ignore,
  });
  servers.addPod(0, 0, perf, 0);
  const codes: KindCodes<"test.arrived"> = engine.on(
    {
      "test.arrived": (i, now) => {
        const r = reqs[i]!;
        const req = table.alloc(0, 0, now);
        table.inputTokens[req] = r.prompt;
        table.outputTokens[req] = r.output;
        table.hashIds[req] = r.hashIds ?? null;
        idOf[req] = i;
        if (servers.admit(req, now) >= 0) {
          refused[i] = true;
          table.release(req);
        }
      },
    },
    { "test.arrived": Priority.Arrival },
  );
  reqs.forEach((r, i) => engine.schedule(r.arrival, codes["test.arrived"], i));
  engine.runUntil(Infinity);
  return { firstToken, finish, refused, preemptions: servers.stats(0).preemptions, iterations: servers.stats(0).iterations };
}

const close = (a: number, b: number) => (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

test.prop([config, fc.array(request, { minLength: 1, maxLength: 40 }), fc.constantFrom(0, 1)], { numRuns: 300 })(
  "skipping decode iterations gives the timestamps of the per-iteration reference (relative 1e-9)",
  (cfg, raw, which) => {
    const perf = llmTestPerfs[which]!;
    const reqs: RefRequest[] = raw.map((r) => ({ arrival: r.arrival, prompt: r.prompt, output: r.output, ...(r.hashes ? { hashIds: Int32Array.from(r.hashes) } : {}) }));
    const ref = simulateReference(reqs, cfg, perf.stepTime);
    const got = simulateServer(reqs, cfg, perf);
    expect(got.refused).toEqual(ref.refused);
    const mismatch = reqs.findIndex((_, i) => !close(got.firstToken[i]!, ref.firstToken[i]!) || !close(got.finish[i]!, ref.finish[i]!));
    expect(mismatch === -1 ? "agree" : { i: mismatch, got: [got.firstToken[mismatch], got.finish[mismatch]], ref: [ref.firstToken[mismatch], ref.finish[mismatch]] }).toBe("agree");
    expect(got.preemptions).toBe(ref.preemptions);
    expect(got.iterations).toBe(ref.iterations);
  },
);
