import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { createRequestTable } from "../../requests.js";
import { createBatchPolicy, SEQ_COLUMNS } from "./batch.js";
import type { LlmServerConfig } from "./config.js";
import { createPod } from "./pod.js";
import { llmTestPerfs } from "../../../../test/support/llm-perfs.js";

// A batch whose running sequences all decode (the state a cruise leaves), and a waiting queue.
const decoding = fc.record({ prompt: fc.integer({ min: 1, max: 300 }), generated: fc.integer({ min: 1, max: 200 }), left: fc.integer({ min: 1, max: 300 }), spare: fc.integer({ min: 0, max: 3 }) });
const waiting = fc.record({ prompt: fc.integer({ min: 1, max: 400 }), output: fc.integer({ min: 1, max: 300 }) });
const state = fc.record({
  maxNumSeqs: fc.integer({ min: 1, max: 16 }),
  extraTokens: fc.integer({ min: 0, max: 400 }),
  chunkedPrefill: fc.boolean(),
  blockSize: fc.constantFrom(4, 8, 16),
  kvReservation: fc.constantFrom("prompt" as const, "full" as const),
  running: fc.array(decoding, { maxLength: 16 }),
  waiting: fc.array(waiting, { maxLength: 3 }),
  // Free blocks: from none to plenty, so that the KV limit cuts some cruises short.
  free: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 3000 })),
});

test.prop([state], { numRuns: 2000 })("cruiseLengthOf, given the fewest tokens left and the context, is cruiseLength without its pass", (s) => {
  const requests = createRequestTable(1 << 10);
  const seqs = requests.columns(SEQ_COLUMNS);
  const policy = createBatchPolicy(requests, seqs, () => undefined);
  const cfg: LlmServerConfig = {
    maxNumSeqs: s.maxNumSeqs,
    maxNumBatchedTokens: s.maxNumSeqs + s.extraTokens,
    chunkedPrefill: s.chunkedPrefill,
    // A watermark of 2 blocks (1% of the cache); the free blocks are the state's own.
    kvBlocks: 200,
    blockSize: s.blockSize,
    prefixBlockTokens: 0,
    kvReservation: s.kvReservation,
  };
  const p = createPod(0, cfg, llmTestPerfs[0]!, undefined, 0);
  p.free = s.free;
  p.cruiseContext = -1;
  let left = Infinity;
  let context = 0;
  for (const r of s.running) {
    const req = requests.allocRequest(0, 0, 0, 0, 0, { inputTokens: r.prompt, outputTokens: r.generated + r.left, serviceTime: NaN, requestClass: -1, hashIds: null });
    // Decoding: every known token but the last is in the cache, and the blocks hold them (full reservations hold all).
    seqs.generated[req] = r.generated;
    seqs.computed[req] = r.prompt + r.generated - 1;
    const held = s.kvReservation === "full" ? r.prompt + r.generated + r.left - 1 : seqs.computed[req]!;
    seqs.blocks[req] = Math.ceil(held / s.blockSize) + r.spare;
    seqs.started[req] = 1;
    p.running.push(req);
    left = Math.min(left, r.left);
    context += seqs.computed[req]! + 1;
  }
  for (const w of s.waiting) {
    const req = requests.allocRequest(0, 0, 0, 0, 0, { inputTokens: w.prompt, outputTokens: w.output, serviceTime: NaN, requestClass: -1, hashIds: null });
    seqs.generated[req] = 0;
    seqs.computed[req] = 0;
    seqs.blocks[req] = 0;
    seqs.started[req] = 0;
    p.waiting.pushBack(req);
  }
  const expected = policy.cruiseLength(p);
  const expectedContext = p.cruiseContext;
  p.cruiseContext = -1;
  expect(policy.cruiseLengthOf(p, left, context)).toBe(expected);
  if (expected > 0) expect(p.cruiseContext).toBe(expectedContext);
  // The front waiting request may join exactly when cruiseLength refuses to cruise for it.
  if (p.running.length > 0 && policy.admitsFront(p)) expect(expected).toBe(0);
});
