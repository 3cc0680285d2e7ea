/** `servesim plan <plan>`: searches a plan in a pool of worker threads; Ctrl-C ends it with the results so far. */
import { writeFile } from "node:fs/promises";
import { planResultsToJson, runPlan } from "../../planner/index.js";
import type { PlanResults } from "../../planner/index.js";
import { TraceError } from "../../sim/index.js";
import { fileTraceIo } from "../../../workers/file-traces.js";
import type { CliIo } from "../io.js";
import { Exit, UserError } from "../io.js";
import { defaultWorkers, readPlan, startPool } from "../plan-io.js";
import { createPlanProgressBar } from "../plan-progress.js";
import { formatPlanResults } from "../plan-table.js";
import { exportWinner } from "../plan-export.js";

export interface PlanCommandOptions {
  readonly workers?: string;
  readonly format: "table" | "json";
  readonly out?: string;
  readonly shard?: string;
  readonly export?: string;
}

/** Exit code when the plan ran but no configuration meets every constraint. */
export const PLAN_INFEASIBLE = Exit.SloFailed;
/** Exit code of a plan cancelled with Ctrl-C (its partial results are still written). */
export const PLAN_CANCELLED = 130;

/** `i/N` with 0 ≤ i < N ≤ 10,000. */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d{1,5})\/(\d{1,5})$/.exec(text.trim());
  if (!m || Number(m[2]) < 1 || Number(m[1]) >= Number(m[2])) throw new UserError(`invalid --shard ${JSON.stringify(text)}: expected i/N with 0 ≤ i < N (e.g. 0/4)`);
  return { index: Number(m[1]), count: Number(m[2]) };
}

export function parseWorkers(text: string | undefined): number {
  if (text === undefined) return defaultWorkers();
  if (!/^\d{1,3}$/.test(text) || Number(text) < 1 || Number(text) > 256) throw new UserError(`invalid --workers ${JSON.stringify(text)}: expected an integer from 1 to 256`);
  return Number(text);
}

export async function writeText(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (e) {
    throw new UserError(`${path}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

export async function planCommand(file: string, opts: PlanCommandOptions, io: CliIo): Promise<number> {
  const shard = opts.shard === undefined ? undefined : parseShard(opts.shard);
  const workers = parseWorkers(opts.workers);
  const disk = await readPlan(file);
  const pool = startPool(disk, workers, (e) => {
    if (e.kind === "lost") io.stderr(`warning: worker ${e.worker} lost while running trial ${e.trial}: ${e.why}; ${e.retry ? "retrying it once on a new worker" : "marking it error"}\n`);
  });
  const bar = createPlanProgressBar(io.isTTY);
  let cancelled = false;
  const onSigint = () => {
    if (cancelled) process.exit(PLAN_CANCELLED);
    cancelled = true;
    io.stderr("\ncancelling: writing the results so far (Ctrl-C again to quit at once)\n");
    pool.cancel();
  };
  process.on("SIGINT", onSigint);
  const { plan } = disk;
  io.stderr(`planning ${plan.spec.metadata.name}: ${plan.candidates} candidates${shard ? ` (slice ${shard.index}/${shard.count})` : ""}, ${plan.scenarios.length} scenario(s) × ${plan.seeds.length} seed(s), ${workers} worker(s)\n`);
  const started = performance.now();
  let results: PlanResults;
  try {
    results = await runPlan(disk.plan, {
      evaluator: pool,
      io: (i) => fileTraceIo(disk.traceBases[i]!),
      ...(shard ? { shard } : {}),
      onProgress: (p) => bar.update(p),
      shouldCancel: () => cancelled,
    });
  } catch (e) {
    if (e instanceof TraceError) throw new UserError(e.message);
    throw e;
  } finally {
    bar.stop();
    process.off("SIGINT", onSigint);
    await pool.close();
  }
  io.stderr(`planned in ${((performance.now() - started) / 1000).toFixed(1)} s with ${workers} worker(s)\n`);
  const json = planResultsToJson(results);
  if (opts.out !== undefined) await writeText(opts.out, json);
  io.stdout(opts.format === "json" ? json : formatPlanResults(results));
  if (opts.export !== undefined) {
    if (results.winner === null) throw new UserError("--export: no winner to export");
    await exportWinner(disk, results.winner.index, opts.export, io);
  }
  if (results.status === "partial") return PLAN_CANCELLED;
  // A slice without a winner is not a failure: the merge finds the winner among the slices.
  return results.winner === null && shard === undefined ? PLAN_INFEASIBLE : Exit.Ok;
}
