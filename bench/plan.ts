/**
 * The planner benchmark: the bundled Vidur-Search-like plan (plans/vidur-search.yaml: 2,304
 * candidates × 2 scenarios × 2 seeds) searched with 2 worker threads and with 1, each in a fresh
 * child process, in `--runs` pairs side by side (default 2). Prints one JSON line: candidates,
 * pruned, simulations, simulated hours, the median wall seconds with 2 workers and with 1, the
 * median of the pairs' speedups, peak RSS, CPU seconds of each run
 * (on a shared machine, the wall time an idle one would show), the cores the 1-worker run kept
 * busy and the speedup ceiling that sets (cores ÷ those), whether both gave the same results,
 * how the workers' simulation rate held up from their first runs to their last, the same
 * reference trial timed on a worker that ran the whole search beside a fresh one
 * (`usedVsFreshWorker`: above 1 when a long-lived worker slows down), and the load average
 * before and after.
 */
import { execFileSync } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { planResultsToJson, runPlan, sha256Hex } from "../src/planner/index.js";
import type { TrialSpec } from "../src/planner/index.js";
import { readPlan, startPool } from "../src/cli/plan-io.js";
import type { PlannerPool } from "../workers/planner-pool.js";
import { fileTraceIo } from "../workers/file-traces.js";

const here = dirname(fileURLToPath(import.meta.url));
/** V8's interrupt budget `servesim` runs every command with (bin/servesim.js): the child processes get the same. */
const INTERRUPT_BUDGET = 540672;
const repo = join(here, "..", "..");
const DEFAULT_PLAN = join(repo, "plans", "vidur-search.yaml");

interface ChildReport {
  readonly wallSeconds: number;
  readonly peakRssMiB: number;
  /** CPU seconds of the whole process (every thread): on a shared machine, what the wall time would be without other load. */
  readonly cpuSeconds: number;
  readonly digest: string;
  readonly candidates: number;
  readonly pruned: number;
  readonly simulations: number;
  readonly simulatedHours: number;
  readonly winner: string | null;
  /** Simulated events per wall second of each worker's first and last quarter of runs. */
  readonly eventsPerSecondFirst: number;
  readonly eventsPerSecondLast: number;
  /** Runs of the busiest worker. */
  readonly runsPerWorker: number;
  /** Milliseconds of one reference trial on a worker that ran the whole search, and on a fresh (warmed-up) one, alternately. */
  readonly referenceUsedMs: readonly number[];
  readonly referenceFreshMs: readonly number[];
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Reference samples on each side, each the same trial run REFERENCE_REPEATS times (after as many warm-up runs of the fresh worker). */
const REFERENCE_RUNS = 5;
const REFERENCE_REPEATS = 10;

/**
 * The same trial, one at a time, alternately on a worker that has run the whole search and on a
 * fresh one: a worker slowing down run after run (a growing heap, caches, deoptimised code)
 * shows as a ratio above 1, measured side by side so that the machine's load weighs on both.
 */
async function reference(disk: Awaited<ReturnType<typeof readPlan>>, used: PlannerPool, trial: TrialSpec): Promise<{ used: number[]; fresh: number[] }> {
  const fresh = startPool(disk, 1);
  try {
    const time = async (pool: PlannerPool): Promise<number> => {
      const t0 = performance.now();
      for (let i = 0; i < REFERENCE_REPEATS; i++) {
        const [o] = await pool.run([trial]);
        if (!o || o.status === "error") throw new Error(`reference trial failed: ${JSON.stringify(o?.misses ?? null)}`);
      }
      return Math.round(performance.now() - t0);
    };
    await time(fresh);
    const out = { used: [] as number[], fresh: [] as number[] };
    for (let i = 0; i < REFERENCE_RUNS; i++) {
      out.used.push(await time(used));
      out.fresh.push(await time(fresh));
    }
    return out;
  } finally {
    await fresh.close();
  }
}

async function child(file: string, workers: number): Promise<void> {
  const t0 = performance.now();
  const disk = await readPlan(file);
  const pool = startPool(disk, workers);
  const results = await runPlan(disk.plan, { evaluator: pool, io: (i) => fileTraceIo(disk.traceBases[i]!) });
  const wallSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage();
  const stats = await pool.stats();
  // The reference: the winner's (else the first candidate's) full run on the first scenario and seed.
  const ref = await reference(disk, pool, { candidate: results.winner?.index ?? 0, scenario: 0, seed: 0, horizon: 1 });
  await pool.close();
  const rate = (part: "first" | "last") => {
    let events = 0;
    let ms = 0;
    for (const s of stats) {
      const q = Math.max(1, Math.floor(s.events.length / 4));
      const range = part === "first" ? [0, q] : [s.events.length - q, s.events.length];
      for (let i = range[0]!; i < range[1]!; i++) {
        events += s.events[i]!;
        ms += s.millis[i]!;
      }
    }
    return ms > 0 ? Math.round(events / (ms / 1000)) : 0;
  };
  const report: ChildReport = {
    wallSeconds: Math.round(wallSeconds * 10) / 10,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    cpuSeconds: Math.round(((cpu.user + cpu.system) / 1e6) * 10) / 10,
    digest: sha256Hex(planResultsToJson(results)),
    candidates: results.plan.candidates,
    pruned: results.counts.pruned,
    simulations: results.counts.simulations,
    simulatedHours: results.counts.simulatedHours,
    winner: results.winner?.id ?? null,
    eventsPerSecondFirst: rate("first"),
    eventsPerSecondLast: rate("last"),
    runsPerWorker: Math.max(...stats.map((s) => s.runs)),
    referenceUsedMs: ref.used,
    referenceFreshMs: ref.fresh,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

const round2 = (v: number): number => Math.round(v * 100) / 100;

export async function planBench(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({ args: [...args], options: { child: { type: "string" }, plan: { type: "string" }, workers: { type: "string" }, runs: { type: "string" } } });
  const file = values.plan ?? DEFAULT_PLAN;
  if (values.child !== undefined) return child(file, Number(values.child));
  const run = (workers: number): ChildReport =>
    JSON.parse(
      execFileSync(process.execPath, [`--interrupt-budget=${INTERRUPT_BUDGET}`, fileURLToPath(new URL("./main.js", import.meta.url)), "plan", "--child", String(workers), "--plan", file], {
        encoding: "utf8",
        maxBuffer: 1 << 26,
      }),
    ) as ChildReport;
  const runs = Math.max(1, Number(values.runs ?? 2));
  const before = loadavg().map(round2);
  // Pairs side by side (2 workers, then 1), so that the machine's changing load weighs on both.
  const twos: ChildReport[] = [];
  const ones: ChildReport[] = [];
  for (let i = 0; i < runs; i++) {
    twos.push(run(Number(values.workers ?? 2)));
    ones.push(run(1));
  }
  const two = twos[0]!;
  const coresUsed1 = median(ones.map((r) => r.cpuSeconds / r.wallSeconds));
  const used = twos.flatMap((r) => r.referenceUsedMs);
  const fresh = twos.flatMap((r) => r.referenceFreshMs);
  process.stdout.write(
    `${JSON.stringify({
      bench: "plan",
      plan: file.slice(repo.length + 1),
      candidates: two.candidates,
      scenarios: 2,
      pruned: two.pruned,
      simulations: two.simulations,
      simulatedHours: two.simulatedHours,
      winner: two.winner,
      wallSeconds: median(twos.map((r) => r.wallSeconds)),
      wallSeconds1: median(ones.map((r) => r.wallSeconds)),
      speedup: round2(median(twos.map((r, i) => ones[i]!.wallSeconds / r.wallSeconds))),
      peakRssMiB: Math.max(...[...twos, ...ones].map((r) => r.peakRssMiB)),
      cpuSeconds: median(twos.map((r) => r.cpuSeconds)),
      cpuSeconds1: median(ones.map((r) => r.cpuSeconds)),
      // The 1-worker run already keeps more than one core busy (its main thread, V8's compiler and GC threads):
      // with at most `workers` cores and no less CPU work, the speedup cannot exceed cores ÷ the cores it used.
      coresUsed1: round2(coresUsed1),
      speedupCeiling: round2(Math.min(Number(values.workers ?? 2), availableParallelism()) / coresUsed1),
      sameResults: [...twos, ...ones].every((r) => r.digest === two.digest),
      eachWallSeconds: twos.map((r) => r.wallSeconds),
      eachWallSeconds1: ones.map((r) => r.wallSeconds),
      eventsPerSecondFirstRuns: median(twos.map((r) => r.eventsPerSecondFirst)),
      eventsPerSecondLastRuns: median(twos.map((r) => r.eventsPerSecondLast)),
      runsPerWorker: two.runsPerWorker,
      referenceUsedMs: used,
      referenceFreshMs: fresh,
      usedVsFreshWorker: round2(median(used) / median(fresh)),
      loadAverageBefore: before,
      loadAverageAfter: loadavg().map(round2),
    })}\n`,
  );
}
