/**
 * The engine benchmark: M/M/c with c = 8 servers in one pod, λ = 7.2/s, μ = 1/s (ρ = 0.9),
 * N customers, no queue limit, run through the normal scenario path, again and again in one
 * process (as a planner's worker does). Each timed run follows a run of the limit script on the
 * same model (reference/peers/limit_mmc.mjs), so the ratio of the two is measured side by side.
 * Reports events per second (median over runs, and each run's), the ratio to the limit, how the
 * runs after the first compare with the first, wall seconds, peak RSS, and the error of the mean
 * wait against Erlang C averaged over seeds; with Debian's python3-simpy, the SimPy 2 peer.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { mmcMeanWait } from "../src/metrics/index.js";
import { validateScenario } from "../src/scenario/index.js";
import type { Scenario } from "../src/scenario/index.js";
import { runScenario } from "../src/sim/index.js";
import { limitSummary, median, round, runLimit, timed } from "./limit.js";
import type { LimitRun } from "./limit.js";

const LAMBDA = 7.2;
const MU = 1;
const C = 8;

export function mmcScenario(customers: number): Scenario {
  const outcome = validateScenario({
    apiVersion: "servesim/v1",
    kind: "Scenario",
    metadata: { name: "bench-mmc" },
    duration: Math.ceil((customers / LAMBDA) * 1.2),
    cluster: { nodePools: [{ name: "cpu", cpu: 8, memory: "16Gi", count: 1, pricePerHour: 0 }] },
    services: [
      {
        name: "mmc",
        model: { kind: "classic", concurrency: C, serviceTime: { distribution: "exponential", mean: 1 / MU } },
        // Ready at time 0 (no image, no weights, no start time): every customer is served.
        pod: { containerStartTime: 0 },
        traffic: [{ poisson: { rate: LAMBDA, maxArrivals: customers } }],
      },
    ],
  });
  if (!outcome.ok) throw new Error(`bench scenario is invalid: ${JSON.stringify(outcome.issues)}`);
  return outcome.scenario;
}

function simpyPeer(customers: number, seed: number): { eventsPerSec: number; wallSeconds: number } | { skipped: string } {
  const script = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "reference", "peers", "simpy_mmc.py");
  if (!existsSync(script)) return { skipped: `${script} not found` };
  try {
    execFileSync("python3", ["-c", "import sys; sys.path.append('/usr/lib/python3/dist-packages'); import SimPy"], { stdio: "ignore" });
  } catch {
    return { skipped: "python3-simpy is not installed (apt-get install -y python3-simpy)" };
  }
  const out = execFileSync("python3", [script, String(customers), String(seed)], { encoding: "utf8" });
  const field = (k: string) => Number(new RegExp(`\\b${k}=([0-9.e+-]+)`).exec(out)?.[1]);
  return { eventsPerSec: field("events_per_s"), wallSeconds: field("wall_s") };
}

export async function engineBench(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      customers: { type: "string", default: "2000000" },
      runs: { type: "string", default: "5" },
      seeds: { type: "string", default: "10" },
      "no-peer": { type: "boolean", default: false },
      "no-limit": { type: "boolean", default: false },
    },
  });
  const customers = Number(values.customers);
  const runs = Number(values.runs);
  const seeds = Math.max(runs, Number(values.seeds));
  const scenario = mmcScenario(customers);
  const wq = mmcMeanWait(C, LAMBDA, MU);
  const eventsPerSec: number[] = [];
  const eventsPerCpuSec: number[] = [];
  const cpu: number[] = [];
  const wall: number[] = [];
  const waits: number[] = [];
  const limits: LimitRun[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    if (seed <= runs && !values["no-limit"]) limits.push(runLimit());
    const { value: r, wallSeconds: seconds, cpuSeconds } = timed(() => runScenario(scenario, { seed }));
    const svc = r.services[0]!;
    if (svc.requests.completed !== customers) throw new Error(`seed ${seed}: ${svc.requests.completed} of ${customers} customers completed`);
    waits.push(svc.wait.mean!);
    if (seed <= runs) {
      eventsPerSec.push(r.events / seconds);
      eventsPerCpuSec.push(r.events / cpuSeconds);
      cpu.push(cpuSeconds);
      wall.push(seconds);
    }
  }
  const meanWait = waits.reduce((a, b) => a + b, 0) / waits.length;
  const engine = median(eventsPerSec);
  // Each run against the limit run just before it: the machine's load drifts less within a pair.
  const ratioRuns = limits.map((l, i) => eventsPerSec[i]! / l.eventsPerSec);
  const cpuRatioRuns = limits.map((l, i) => eventsPerCpuSec[i]! / l.eventsPerCpuSec);
  const later = (xs: readonly number[]) => (xs.length > 1 ? round(median(xs.slice(1)) / xs[0]!) : null);
  const peer = values["no-peer"] ? { skipped: "--no-peer" } : simpyPeer(customers, 12345);
  const line = {
    bench: "engine",
    model: { c: C, lambda: LAMBDA, mu: MU, rho: LAMBDA / (C * MU), customers },
    runs,
    eventsPerSec: Math.round(engine),
    eventsPerSecRuns: eventsPerSec.map(Math.round),
    // Median of the runs after the first over the first (1: every run as fast as the first).
    laterVsFirst: later(eventsPerSec),
    // The same by CPU time, which other processes on a shared machine disturb less than the wall clock.
    eventsPerCpuSec: Math.round(median(eventsPerCpuSec)),
    eventsPerCpuSecRuns: eventsPerCpuSec.map(Math.round),
    laterVsFirstCpu: later(eventsPerCpuSec),
    // The same on each run's ratio to the limit run just before it, which cancels the machine's drift
    // (the limit is a fresh process each time: every one of its runs is a first run).
    laterVsFirstCpuRatio: later(cpuRatioRuns),
    // CPU seconds of each run, and what the first spent beyond the median of the others (JIT warm-up:
    // compiling to bytecode, running unoptimised, optimising; later runs reuse the optimised code).
    cpuSecondsRuns: cpu.map((x) => round(x)),
    firstRunExtraCpuSeconds: cpu.length > 1 ? round(cpu[0]! - median(cpu.slice(1))) : null,
    wallSeconds: round(median(wall)),
    limit: limits.length > 0 ? limitSummary(limits) : { skipped: "--no-limit" },
    // servesim's events per second over the limit's, each run paired with the limit run just before it.
    ratio: limits.length > 0 ? round(median(ratioRuns)) : null,
    ratioRuns: ratioRuns.map((x) => round(x)),
    cpuRatio: limits.length > 0 ? round(median(cpuRatioRuns)) : null,
    cpuRatioRuns: cpuRatioRuns.map((x) => round(x)),
    peakRssMiB: round(process.resourceUsage().maxRSS / 1024, 1),
    erlangC: { seeds, wq: round(wq, 6), meanWait: round(meanWait, 6), relError: round((meanWait - wq) / wq, 5) },
    simpy: "eventsPerSec" in peer ? { ...peer, ratio: round(engine / peer.eventsPerSec, 1) } : peer,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
