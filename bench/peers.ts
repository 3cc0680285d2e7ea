/**
 * The peer workload, whole process: `node bin/servesim.js run` on bench/scenarios/
 * peers-azureconv-qps4.yaml (20,000 requests of reference/peers/azureconv_poisson_qps4_n20000.csv
 * on one Llama-2-7b replica on one A100, TP1, 512-token chunks, 128 sequences), the workload BLIS
 * and Vidur were measured on. Each run follows a run of the limit script, so the ratio of the
 * whole process's time to the limit's own run time is measured side by side, by the wall clock
 * and in CPU time (BLIS took about 33 times the limit's time on this machine; a hundredth of BLIS
 * is about 0.33).
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { limitSummary, median, REPO, round, runLimit, timeNode } from "./limit.js";
import type { LimitRun } from "./limit.js";

export const PEERS_SCENARIO = join("bench", "scenarios", "peers-azureconv-qps4.yaml");

interface RunFigures {
  readonly events: number;
  readonly services: readonly { readonly total: { readonly arrived: number; readonly completed: number } }[];
}

export async function peersBench(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({ args: [...argv], options: { runs: { type: "string", default: "5" } } });
  const runs = Number(values.runs);
  const limits: LimitRun[] = [];
  const wall: number[] = [];
  const cpu: number[] = [];
  const bare: number[] = [];
  let figures: RunFigures | undefined;
  for (let i = 0; i < runs; i++) {
    limits.push(runLimit());
    bare.push(timeNode(["-e", "0"]).seconds);
    const r = timeNode([join(REPO, "bin", "servesim.js"), "run", PEERS_SCENARIO, "--format", "json"]);
    wall.push(r.seconds);
    cpu.push(r.cpuSeconds);
    figures = JSON.parse(r.stdout) as RunFigures;
  }
  const svc = figures!.services[0]!.total;
  const ratioRuns = limits.map((l, i) => wall[i]! / l.wallSeconds);
  const cpuRatioRuns = limits.map((l, i) => cpu[i]! / l.cpuSeconds);
  process.stdout.write(
    `${JSON.stringify({
      bench: "peers",
      scenario: PEERS_SCENARIO,
      runs,
      wallSeconds: round(median(wall)),
      wallSecondsRuns: wall.map((x) => round(x)),
      cpuSeconds: round(median(cpu)),
      nodeStartSeconds: round(median(bare)),
      events: figures!.events,
      requests: svc.arrived,
      completed: svc.completed,
      eventsPerRequest: round(figures!.events / svc.arrived, 2),
      limit: limitSummary(limits),
      ratio: round(median(ratioRuns)),
      ratioRuns: ratioRuns.map((x) => round(x)),
      cpuRatio: round(median(cpuRatioRuns)),
      cpuRatioRuns: cpuRatioRuns.map((x) => round(x)),
    })}\n`,
  );
}
