import { fc, test } from "@fast-check/vitest";
import { expect, test as unit } from "vitest";
import { memoryIo } from "../../test/support/memory-io.js";
import { formatIssue, validateScenario } from "../scenario/index.js";
import type { Scenario } from "../scenario/index.js";
import { resultsToJson } from "./results.js";
import { runScenarioAsync } from "./run-async.js";

/** A small Vidur-style trace: `rows` requests with random gaps. */
const traceText = fc
  .array(fc.double({ min: 0, max: 3, noNaN: true }), { minLength: 2, maxLength: 120 })
  .map((gaps) => {
    let t = 0;
    return `arrived_at,num_prefill_tokens,num_decode_tokens\n${gaps.map((g, i) => `${(t += g).toFixed(3)},${i + 1},1`).join("\n")}\n`;
  });

const replay = fc.record({
  offset: fc.integer({ min: 0, max: 30 }),
  window: fc.option(fc.integer({ min: 5, max: 200 }), { nil: undefined }),
  speedup: fc.double({ min: 0.25, max: 4, noNaN: true }),
  rateScale: fc.double({ min: 0.1, max: 4, noNaN: true }),
  copyShift: fc.integer({ min: 0, max: 40 }),
  loop: fc.boolean(),
  start: fc.integer({ min: 0, max: 20 }),
});

const scenarioOf = (trace: object, seed: number, duration: number): Scenario => {
  const r = validateScenario({
    apiVersion: "servesim/v1",
    kind: "Scenario",
    metadata: { name: "prop-trace" },
    seed,
    duration,
    cluster: { nodePools: [{ name: "p", cpu: 8, memory: "8Gi", count: 1, pricePerHour: 1 }] },
    services: [{ name: "s", model: { kind: "classic", concurrency: 2, serviceTime: { distribution: "exponential", mean: 0.5 }, queueLimit: 10 }, traffic: [{ trace: { file: "t.csv", format: "vidur", ...trace } }] }],
  });
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
  return r.scenario;
};

test.prop([traceText, replay, fc.nat(), fc.integer({ min: 10, max: 400 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 5000 })], { numRuns: 40 })(
  "a replay gives the same results whatever the text and simulation chunks, streamed or from memory, and loses no request",
  async (text, trace, seed, duration, textChunk, chunkEvents) => {
    // A looped replay re-reads the whole text at every pass: keep the passes few enough that a
    // streamed run in tiny text chunks stays cheap (a trace spanning milliseconds looped for
    // minutes would mean millions of chunks; the property is the same at 200 passes).
    const lines = text.trim().split("\n");
    const span = Number(lines.at(-1)!.split(",")[0]) - Number(lines[1]!.split(",")[0]);
    const period = trace.window ?? span;
    fc.pre(!trace.loop || (duration * trace.speedup) / Math.max(period, 1e-9) <= 200);
    const s = scenarioOf(trace, seed, duration);
    const run = (options: Parameters<typeof runScenarioAsync>[1]) =>
      runScenarioAsync(s, options).then(
        (r) => ({ json: resultsToJson(r), results: r }),
        // Some random replays are refused (e.g. looping rows that all share one time): both runs must refuse alike.
        (e: unknown) => ({ json: `refused: ${e instanceof Error ? e.message : String(e)}`, results: null }),
      );
    const a = await run({ io: memoryIo({ "t.csv": text }, 1 << 20) });
    const b = await run({ io: memoryIo({ "t.csv": text }, textChunk), chunkEvents, traceRowsInMemory: 0 });
    expect(b.json).toBe(a.json);
    if (a.results === null) {
      expect(a.json).toMatch(/^refused: t\.csv: cannot loop a replay whose rows all have one time/);
      return;
    }
    const r = a.results;
    const t = r.services[0]!.total;
    expect(t.arrived).toBe(t.completed + t.rejected + t.failed + t.timedOut + t.inFlight);
  },
);

test.prop([traceText, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 40 }), fc.double({ min: 0.25, max: 4, noNaN: true })], { numRuns: 40 })(
  "an integer rate scale delivers every row once per copy within one pass",
  async (text, k, copyShift, speedup) => {
    const rows = text.trim().split("\n").length - 1;
    const s = scenarioOf({ rateScale: k, copyShift, speedup }, 1, 1e5);
    const r = await runScenarioAsync(s, { io: memoryIo({ "t.csv": text }) });
    expect(r.services[0]!.total.arrived).toBe(k * rows);
  },
);

unit("a looping replay whose rows all share one time is refused, naming the file (found by the property above)", async () => {
  const s = scenarioOf({ speedup: 0.25, rateScale: 0.1, copyShift: 0, loop: true }, 0, 10);
  await expect(runScenarioAsync(s, { io: memoryIo({ "t.csv": "arrived_at,num_prefill_tokens,num_decode_tokens\n0.000,1,1\n0.000,2,1\n" }) })).rejects.toThrow(
    "t.csv: cannot loop a replay whose rows all have one time: give it a window",
  );
});
