/**
 * The LLM serving benchmark: the Azure LLM inference 2023 conversation trace looped to 24
 * simulated hours at 20× its rate (20 shifted copies) onto 64 replicas of llama-3.1-8b on
 * h100-sxm. Each run is a fresh child process, so peaks and JIT state never mix; the figures
 * are medians over runs of simulated requests per wall second, events per request and peak RSS.
 * Beside each run, the engine bench's M/M/8 model runs in a fresh child of its own (as in the engine
 * bench) and again in the LLM run's child after it, so that the cost of an LLM event is given as a
 * ratio to an engine event's, by CPU time, measured side by side.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { validateScenario } from "../src/scenario/index.js";
import { runScenario, runScenarioAsync } from "../src/sim/index.js";
import { fileTraceIo } from "../workers/file-traces.js";
import { mmcScenario } from "./engine.js";
import { LIMIT_CUSTOMERS, limitSummary, median, round, runLimit, timed } from "./limit.js";
import type { LimitRun } from "./limit.js";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const AZURE_CONV = join(repo, "traces", "azure-llm-2023", "AzureLLMInferenceTrace_conv.csv");


/** The benchmark's scenario: 8 nodes of 8 H100s, one llama-3.1-8b replica per GPU. */
export function llmBenchScenario(file: string, hours: number) {
  const r = validateScenario({
    apiVersion: "servesim/v1",
    kind: "Scenario",
    metadata: { name: "bench-llm" },
    seed: 1,
    duration: `${hours}h`,
    warmup: "10m",
    cluster: { nodePools: [{ name: "h100", gpu: { type: "h100-sxm", count: 8 }, cpu: 192, memory: "2Ti", count: 8 }] },
    services: [
      {
        name: "chat",
        model: { kind: "llm", id: "llama-3.1-8b" },
        resources: { requests: { cpu: "8", memory: "64Gi", "nvidia.com/gpu": 1 } },
        replicas: 64,
        traffic: [{ trace: { file, format: "azure", rateScale: 20, loop: true } }],
      },
    ],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.scenario;
}

interface ChildResult {
  readonly requests: number;
  readonly completed: number;
  readonly events: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
  /** The engine bench's M/M/8 model run after it in the same process: its events and CPU seconds. */
  readonly engineEvents: number;
  readonly engineCpuSeconds: number;
  readonly maxRssKiB: number;
  readonly p99: number | null;
  readonly ttftP99: number | null;
}

/** Customers of the M/M/8 run beside each LLM run: as many as the engine bench's (4,000,000 events). */
const ENGINE_CUSTOMERS = LIMIT_CUSTOMERS;

/** The M/M/8 model alone in a fresh process (the engine bench's first run): its events and CPU seconds. */
function engineChild(): void {
  const r = timed(() => runScenario(mmcScenario(ENGINE_CUSTOMERS), { seed: 1 }));
  process.stdout.write(`${JSON.stringify({ events: r.value.events, cpuSeconds: r.cpuSeconds })}\n`);
}

async function child(hours: number): Promise<void> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await runScenarioAsync(llmBenchScenario(AZURE_CONV, hours), { io: fileTraceIo("/") });
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const svc = r.services[0]!;
  const maxRssKiB = process.resourceUsage().maxRSS;
  const engine = timed(() => runScenario(mmcScenario(ENGINE_CUSTOMERS), { seed: 1 }));
  const out: ChildResult = {
    requests: svc.total.arrived,
    completed: svc.total.completed,
    events: r.events,
    seconds,
    cpuSeconds: (c.user + c.system) / 1e6,
    engineEvents: engine.value.events,
    engineCpuSeconds: engine.cpuSeconds,
    maxRssKiB,
    p99: svc.latency.p99,
    ttftP99: svc.ttft?.p99 ?? null,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

export async function llmBench(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({ args: [...argv], options: { child: { type: "boolean", default: false }, "engine-child": { type: "boolean", default: false }, runs: { type: "string", default: "3" }, hours: { type: "string", default: "24" } } });
  const hours = Number(values.hours);
  if (values.child) return child(hours);
  if (values["engine-child"]) return engineChild();
  if (!existsSync(AZURE_CONV)) throw new Error(`${AZURE_CONV} not found`);
  const limits: LimitRun[] = [];
  const engines: { events: number; cpuSeconds: number }[] = [];
  const runs = Array.from({ length: Number(values.runs) }, () => {
    limits.push(runLimit());
    const e = execFileSync(process.execPath, [join(here, "main.js"), "llm", "--engine-child"], { encoding: "utf8" });
    engines.push(JSON.parse(e.trim().split("\n").at(-1)!) as { events: number; cpuSeconds: number });
    const out = execFileSync(process.execPath, [join(here, "main.js"), "llm", "--child", "--hours", String(hours)], { encoding: "utf8", maxBuffer: 1 << 20 });
    return JSON.parse(out.trim().split("\n").at(-1)!) as ChildResult;
  });
  const rps = runs.map((r) => r.requests / r.seconds);
  const rpc = runs.map((r) => r.requests / r.cpuSeconds);
  // CPU seconds per LLM event over CPU seconds per M/M/8 event: run alone in a fresh process just
  // before (as the engine bench does), and in the LLM run's process after it.
  const costRatio = runs.map((r, i) => r.cpuSeconds / r.events / (engines[i]!.cpuSeconds / engines[i]!.events));
  const costRatioSame = runs.map((r) => r.cpuSeconds / r.events / (r.engineCpuSeconds / r.engineEvents));
  const first = runs[0]!;
  process.stdout.write(
    `${JSON.stringify({
      bench: "llm",
      simulatedHours: hours,
      replicas: 64,
      requests: first.requests,
      completed: first.completed,
      runs: runs.length,
      requestsPerWallSecond: Math.round(median(rps)),
      requestsPerWallSecondRuns: rps.map(Math.round),
      requestsPerCpuSecond: Math.round(median(rpc)),
      requestsPerCpuSecondRuns: rpc.map(Math.round),
      eventsPerRequest: Number((first.events / first.requests).toFixed(2)),
      eventsPerCpuSecond: Math.round(median(runs.map((r) => r.events / r.cpuSeconds))),
      // The engine bench's M/M/8 model (as many customers as the engine bench): alone in a fresh
      // process, and after the LLM run in its process (where the engine's loop has seen every LLM kind).
      engineEventsPerCpuSecond: Math.round(median(engines.map((e) => e.events / e.cpuSeconds))),
      engineEventsPerCpuSecondSameProcess: Math.round(median(runs.map((r) => r.engineEvents / r.engineCpuSeconds))),
      // Cost of an LLM event over an engine event's (alone), by CPU time, side by side (goal ≤ 3).
      eventCostVsEngine: round(median(costRatio)),
      eventCostVsEngineRuns: costRatio.map((x) => round(x)),
      eventCostVsEngineSameProcess: round(median(costRatioSame)),
      peakRssMiB: Number((median(runs.map((r) => r.maxRssKiB)) / 1024).toFixed(1)),
      latencyP99: first.p99,
      ttftP99: first.ttftP99,
      limit: limitSummary(limits),
      // Simulated requests per wall second over the limit's events per wall second, each run paired with the limit run before it.
      ratio: round(median(rps.map((x, i) => x / limits[i]!.eventsPerSec))),
    })}\n`,
  );
}
