/**
 * The engine benchmark: M/M/c with c = 8 servers in one pod, λ = 7.2/s, μ = 1/s (ρ = 0.9),
 * N customers, no queue limit, run through the normal scenario path. Reports events per
 * second (median over runs), wall seconds, peak RSS, and the error of the mean wait against
 * Erlang C averaged over seeds; with Debian's python3-simpy, the SimPy 2 peer on the same model.
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

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

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
    },
  });
  const customers = Number(values.customers);
  const runs = Number(values.runs);
  const seeds = Math.max(runs, Number(values.seeds));
  const scenario = mmcScenario(customers);
  const wq = mmcMeanWait(C, LAMBDA, MU);
  const eventsPerSec: number[] = [];
  const wall: number[] = [];
  const waits: number[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const t0 = performance.now();
    const r = runScenario(scenario, { seed });
    const seconds = (performance.now() - t0) / 1000;
    const svc = r.services[0]!;
    if (svc.requests.completed !== customers) throw new Error(`seed ${seed}: ${svc.requests.completed} of ${customers} customers completed`);
    waits.push(svc.wait.mean!);
    if (seed <= runs) {
      eventsPerSec.push(r.events / seconds);
      wall.push(seconds);
    }
  }
  const meanWait = waits.reduce((a, b) => a + b, 0) / waits.length;
  const engine = median(eventsPerSec);
  const peer = values["no-peer"] ? { skipped: "--no-peer" } : simpyPeer(customers, 12345);
  const line = {
    bench: "engine",
    model: { c: C, lambda: LAMBDA, mu: MU, rho: LAMBDA / (C * MU), customers },
    runs,
    eventsPerSec: Math.round(engine),
    eventsPerSecRuns: eventsPerSec.map(Math.round),
    wallSeconds: Number(median(wall).toFixed(3)),
    peakRssMiB: Number((process.resourceUsage().maxRSS / 1024).toFixed(1)),
    erlangC: { seeds, wq: Number(wq.toFixed(6)), meanWait: Number(meanWait.toFixed(6)), relError: Number(((meanWait - wq) / wq).toFixed(5)) },
    simpy: "eventsPerSec" in peer ? { ...peer, ratio: Number((engine / peer.eventsPerSec).toFixed(1)) } : peer,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
