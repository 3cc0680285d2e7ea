/**
 * Memory per request in flight: a service that cannot keep up (one slow instance, a queue without
 * a limit) piles up requests; the run's memory (V8 heap plus typed-array buffers, after a full
 * collection) is read at two times, and the difference over the difference in requests in flight
 * is what each one costs, with the storage's doubling growth included. Classic and LLM servers
 * are measured apart, each in a fresh process; the limit script runs beside them for the usual
 * ratio. Goal: at most 256 bytes per request in flight.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { parseArgs } from "node:util";
import { validateScenario } from "../src/scenario/index.js";
import { createSimulation } from "../src/sim/index.js";
import { limitSummary, round, runLimit } from "./limit.js";

const RATE = 1000;

function scenario(kind: "classic" | "llm") {
  const model =
    kind === "classic"
      ? { kind: "classic", concurrency: 1, serviceTime: { distribution: "deterministic", mean: 86_400 } }
      : { kind: "llm", id: "llama-2-7b", dtype: "fp16", maxNumSeqs: 1, weightsSize: 0 };
  const r = validateScenario({
    apiVersion: "servesim/v1",
    kind: "Scenario",
    metadata: { name: `bench-memory-${kind}` },
    duration: "1h",
    cluster: { nodePools: [{ name: "a100", gpu: { type: "a100-80gb-sxm", count: 1 }, cpu: 16, memory: "128Gi", count: 1 }] },
    services: [
      {
        name: "piled",
        model,
        resources: { requests: { cpu: "1", memory: "1Gi", ...(kind === "llm" ? { "nvidia.com/gpu": 1 } : {}) } },
        pod: { readinessProbe: { initialDelaySeconds: 0, periodSeconds: 1 } },
        traffic: [{ poisson: { rate: RATE }, ...(kind === "llm" ? { tokens: { input: { distribution: "fixed", value: 2000 }, output: { distribution: "fixed", value: 2000 } } } : {}) }],
      },
    ],
  });
  if (!r.ok) throw new Error(`bench scenario is invalid: ${JSON.stringify(r.issues)}`);
  return r.scenario;
}

function usedBytes(gc: () => void): number {
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Bytes per request in flight between `from` and `to` seconds of simulated time. */
function perRequest(kind: "classic" | "llm", from: number, to: number, gc: () => void) {
  const sim = createSimulation(scenario(kind));
  const inFlight = () => sim.results().services[0]!.requests.inFlight;
  sim.engine.runUntil(from);
  const n0 = inFlight();
  const m0 = usedBytes(gc);
  sim.engine.runUntil(to);
  const n1 = inFlight();
  const m1 = usedBytes(gc);
  return { inFlight: [n0, n1], bytesPerRequest: round((m1 - m0) / (n1 - n0), 1), requestSlots: sim.footprint().requestSlots, eventQueueCapacity: sim.footprint().eventQueueCapacity };
}

export async function memoryBench(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({ args: [...argv], options: { seconds: { type: "string", default: "200" }, child: { type: "string" } } });
  const seconds = Number(values.seconds);
  if (values.child === "classic" || values.child === "llm") {
    setFlagsFromString("--expose-gc");
    process.stdout.write(`${JSON.stringify(perRequest(values.child, 10, 10 + seconds, runInNewContext("gc") as () => void))}\n`);
    return;
  }
  // Each kind in a fresh process: freed typed-array storage of one run would blur the other's figures.
  const measure = (kind: string) => JSON.parse(execFileSync(process.execPath, [fileURLToPath(new URL("main.js", import.meta.url)), "memory", "--child", kind, "--seconds", String(seconds)], { encoding: "utf8" })) as unknown;
  const limit = limitSummary([runLimit()]);
  process.stdout.write(`${JSON.stringify({ bench: "memory", arrivalsPerSecond: RATE, classic: measure("classic"), llm: measure("llm"), limit })}\n`);
}
