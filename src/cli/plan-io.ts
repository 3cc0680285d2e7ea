/** Reading a plan and its scenario files from disk, and the pool of worker threads that runs its trials. */
import { availableParallelism } from "node:os";
import { dirname, resolve } from "node:path";
import { loadPlan, scenarioFilesOf } from "../planner/index.js";
import type { LoadedPlan, PlanSource, ScenarioText } from "../planner/index.js";
import { formatIssue } from "../scenario/index.js";
import { createPlannerPool } from "../../workers/planner-pool.js";
import type { PlannerPool, PoolEvent } from "../../workers/planner-pool.js";
import { startPlannerThread } from "../../workers/planner-node.js";
import { readTextFile, UserError } from "./io.js";

export interface PlanOnDisk {
  readonly source: PlanSource;
  readonly plan: LoadedPlan;
  /** Directory of each scenario file: its trace files resolve there. */
  readonly traceBases: readonly string[];
}

/** Reads a plan and every scenario it names (relative to the plan file), then validates them together. */
export async function readPlan(file: string): Promise<PlanOnDisk> {
  const text = await readTextFile(file);
  const scenarios: Record<string, ScenarioText> = {};
  for (const name of scenarioFilesOf(text)) {
    try {
      scenarios[name] = { text: await readTextFile(resolve(dirname(file), name)) };
    } catch (e) {
      scenarios[name] = { error: e instanceof Error ? e.message : String(e) };
    }
  }
  const source: PlanSource = { file, text, scenarios };
  const loaded = loadPlan(source);
  if (!loaded.ok) throw new UserError(loaded.issues.map(formatIssue).join("\n"));
  const traceBases = loaded.plan.scenarios.map((s) => dirname(resolve(dirname(file), s.file)));
  return { source, plan: loaded.plan, traceBases };
}

/** Worker threads by default: the cores this process may use. */
export const defaultWorkers = (): number => availableParallelism();

/** A pool of planner threads for a plan read from disk. */
export function startPool(disk: PlanOnDisk, size: number, onEvent?: (e: PoolEvent) => void, extra: { hangMs?: number; faults?: { exitOn?: number[]; hangOn?: number[]; exitOnScreen?: number[] } } = {}): PlannerPool {
  return createPlannerPool({
    size,
    start: startPlannerThread,
    setup: { source: disk.source, traceBases: disk.traceBases, ...(extra.faults ? { faults: extra.faults } : {}) },
    ...(extra.hangMs !== undefined ? { hangMs: extra.hangMs } : {}),
    ...(onEvent ? { onEvent } : {}),
  });
}
