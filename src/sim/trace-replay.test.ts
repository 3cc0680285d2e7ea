/** Acceptance of trace replay through whole runs: the shipped Azure conversation trace, read from disk in 64 KiB chunks. */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { memoryIo } from "../../test/support/memory-io.js";
import { fileTraceIo } from "../../workers/file-traces.js";
import { formatIssue, parseScenario } from "../scenario/index.js";
import type { Scenario } from "../scenario/index.js";
import { resultsToJson } from "./results.js";
import { runScenarioAsync } from "./run-async.js";
import { runScenario } from "./run.js";
import { createSimulation } from "./build.js";
import { prepareTraffic } from "./traffic-prepare.js";
import { TraceError } from "../traffic/index.js";

const scenarios = fileURLToPath(new URL("../../scenarios/", import.meta.url));
const CONV = "../traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv";
const ROWS = 19_366;
/** Seconds from the conversation trace's first request to its last (traces README). */
const SPAN = 3501.721937;

/** The bundled conversation-trace scenario with its trace entry and duration replaced. */
function scenario(trace: string, duration = "1h", file = CONV): Scenario {
  const text = readFileSync(`${scenarios}azure-conv-trace.yaml`, "utf8")
    .replace(/^duration: .*$/m, `duration: ${duration}`)
    .replace(/^warmup: .*$/m, "warmup: 0s")
    .replace(/- trace: \{.*\}$/m, `- trace: { file: ${file}, format: azure${trace} }`);
  const r = parseScenario(text, { file: "azure-conv-trace.yaml" });
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
  return r.scenario;
}

const run = (s: Scenario, options: Parameters<typeof runScenarioAsync>[1] = {}) => runScenarioAsync(s, { io: fileTraceIo(scenarios), ...options });
const arrived = async (trace: string, duration?: string) => (await run(scenario(trace, duration))).services[0]!.total.arrived;

describe("replaying the Azure conversation trace", () => {
  test("delivers every row once", async () => {
    expect(await arrived("")).toBe(ROWS);
  });

  test("rateScale 3 delivers exactly 3 × 19,366 requests", async () => {
    expect(await arrived(", rateScale: 3")).toBe(3 * ROWS);
  });

  test.each([0.5, 2.5])("rateScale %f thins one copy: 19,366 × scale within 4 standard deviations", async (scale) => {
    const p = scale - Math.floor(scale);
    expect(Math.abs((await arrived(`, rateScale: ${scale}`)) - scale * ROWS)).toBeLessThan(4 * Math.sqrt(ROWS * p * (1 - p)));
  });

  test("speedup 2 finishes in half the span", async () => {
    const half = SPAN / 2;
    expect(await arrived(", speedup: 2", `${Math.ceil(half * 1000 + 1)}ms`)).toBe(ROWS);
    expect(await arrived(", speedup: 2", `${Math.floor(half * 1000 - 1)}ms`)).toBe(ROWS - 1);
    expect(await arrived("", `${Math.ceil(half * 1000 + 1)}ms`)).toBeLessThan(0.6 * ROWS);
  });

  test("a 10-minute window looped over an hour replays it six times", async () => {
    const once = await arrived(", offset: 20m, window: 10m", "10m");
    expect(once).toBeGreaterThan(2000);
    expect(await arrived(", offset: 20m, window: 10m, loop: true", "1h")).toBe(6 * once);
  });

  test("a filter keeps only matching rows", async () => {
    const long = (await arrived(", filter: [{ column: ContextTokens, min: 2048 }]")) as number;
    const short = (await arrived(", filter: [{ column: ContextTokens, max: 2047 }]")) as number;
    expect(long + short).toBe(ROWS);
    expect(long).toBeGreaterThan(0);
  });

  test("results do not depend on the simulation's chunk size nor on the size of the text chunks", async () => {
    const s = scenario(", rateScale: 1.5", "20m");
    const digest = async (options: Parameters<typeof runScenarioAsync>[1]) => createHash("sha256").update(resultsToJson(await run(s, options))).digest("hex");
    const reference = await digest({});
    expect(await digest({})).toBe(reference);
    expect(await digest({ chunkEvents: 977 })).toBe(reference);
    const text = readFileSync(`${scenarios}${CONV}`, "utf8");
    expect(await digest({ io: memoryIo({ [CONV]: text }, 333), chunkEvents: 1 << 30 })).toBe(reference);
    expect(await digest({ io: memoryIo({ [CONV]: text }, 333), traceRowsInMemory: 0 })).toBe(reference);
  });

  test("a simulation whose streamed trace feeds were never refilled refuses to advance instead of spinning", async () => {
    const s = scenario("", "10m");
    const sim = createSimulation(s, { prepared: await prepareTraffic(s, fileTraceIo(scenarios), 0) });
    expect(sim.feeds).toHaveLength(1);
    expect(() => sim.advance(100)).toThrow("trace feeds are empty: refill them between chunks (runScenarioAsync does) before advancing");
  });

  test("the synchronous runner refuses a scenario that reads trace files", () => {
    expect(() => runScenario(scenario(""))).toThrow('scenario "azure-conv-trace" reads trace files: run it with runScenarioAsync');
  });
});

describe("bad trace input", () => {
  const text = readFileSync(`${scenarios}${CONV}`, "utf8").split("\n");
  const broken = [...text.slice(0, 1233), text[1233]!.replace(/,(\d+),/, ",$1x,"), ...text.slice(1234)].join("\n");
  const io = memoryIo({ "broken.csv": broken });

  test("a malformed row on line 1234 stops the run with the file and line 1234", async () => {
    const error = await runScenarioAsync(scenario("", "1h", "broken.csv"), { io }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TraceError);
    expect((error as TraceError).message).toMatch(/^broken\.csv:1234: expected a token count in column "ContextTokens", got "\d+x"$/);
  });

  test("with onBadLine skip the row is counted in the results' warnings", async () => {
    const r = await runScenarioAsync(scenario(", onBadLine: skip", "1h", "broken.csv"), { io });
    expect(r.services[0]!.total.arrived).toBe(ROWS - 1);
    expect(r.warnings).toEqual([{ message: expect.stringMatching(/^trace broken\.csv: skipped 1 bad line \(line 1234\): expected a token count/), count: 1 }]);
  });

  test("a missing file is an error naming it", async () => {
    await expect(runScenarioAsync(scenario("", "1h", "nope.csv"), { io })).rejects.toThrow("nope.csv: cannot read (ENOENT)");
  });
});

describe("the expected-work bound on file-driven traffic", () => {
  test("a looped replay that would make more than 10⁹ arrivals is refused before the run, naming the file, the field and the figures", async () => {
    const s = scenario(", loop: true, rateScale: 64, speedup: 10", "30d");
    const opened: string[] = [];
    const io = fileTraceIo(scenarios);
    const error = await runScenarioAsync(s, { io: { open: (f) => (opened.push(f), io.open(f)) } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TraceError);
    expect((error as TraceError).message).toBe(
      `${CONV}: services[0].traffic[0].trace.rateScale: expected at most 1.00e9 arrivals in a run (each traffic source's highest rate × its active time, summed over every source), got 9.17e9 from this source (19366 rows × rateScale 64 × 7400 passes (loop, speedup 10)): lower rateScale or speedup, replay a shorter window without loop or shorten the run`,
    );
    // Refused after one scan of the file, not after running.
    expect(opened).toEqual([CONV]);
  });

  test("a piecewise rate file whose peak × duration exceeds the bound is refused the same way", async () => {
    const text = readFileSync(`${scenarios}quickstart.yaml`, "utf8").replace("      - poisson: { rate: 240/s }", "      - piecewise: { file: rates.csv }").replace("duration: 1h", "duration: 30d");
    const parsed = parseScenario(text, { file: "quickstart.yaml" });
    if (!parsed.ok) throw new Error(parsed.issues.map(formatIssue).join("\n"));
    const error = await runScenarioAsync(parsed.scenario, { io: memoryIo({ "rates.csv": "time,rate\n0s,1/s\n1h,1000/s\n" }) }).catch((e: unknown) => e);
    expect((error as TraceError).message).toBe(
      "rates.csv: services[0].traffic[0].piecewise.file: expected at most 1.00e9 arrivals in a run (each traffic source's highest rate × its active time, summed over every source), got 2.59e9 from this source (1000/s at its peak × 30d): lower the file's rates or the duration, or set maxArrivals",
    );
  });
});
