/** `servesim plan merge <results…>`: the slices of a sharded plan, checked to come from one plan and cover it, merged into one result. */
import { mergeResults, planResultsToJson } from "../../planner/index.js";
import type { PlanResults } from "../../planner/index.js";
import type { CliIo } from "../io.js";
import { Exit, readTextFile, UserError } from "../io.js";
import { formatPlanResults } from "../plan-table.js";
import { PLAN_INFEASIBLE, writeText } from "./plan.js";

/** Largest results file read (a plan of a million candidates writes about this much). */
const RESULTS_BYTES = 512 * 1024 * 1024;

export interface PlanMergeOptions {
  readonly out?: string;
  readonly format: "table" | "json";
}

export async function planMergeCommand(files: readonly string[], opts: PlanMergeOptions, io: CliIo): Promise<number> {
  const slices: PlanResults[] = [];
  for (const f of files) {
    const text = await readTextFile(f, RESULTS_BYTES);
    try {
      slices.push(JSON.parse(text) as PlanResults);
    } catch (e) {
      throw new UserError(`${f}: not JSON (${e instanceof Error ? e.message : String(e)})`);
    }
    const r = slices.at(-1)!;
    if (r === null || typeof r !== "object" || !Array.isArray(r.candidates) || typeof r.plan !== "object") throw new UserError(`${f}: not plan results (no plan or candidates)`);
  }
  const merged = mergeResults(slices, files);
  if (!merged.ok) throw new UserError(merged.message);
  const json = planResultsToJson(merged.results);
  if (opts.out !== undefined) await writeText(opts.out, json);
  io.stdout(opts.format === "json" ? json : formatPlanResults(merged.results));
  return merged.results.winner === null ? PLAN_INFEASIBLE : Exit.Ok;
}
