/** Plans for tests: read a plan and its scenarios from disk, and load it (or fail the test). */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPlan, scenarioFilesOf } from "../../src/planner/index.js";
import type { LoadedPlan, PlanSource } from "../../src/planner/index.js";
import type { TraceIo } from "../../src/sim/index.js";
import { fileTraceIo } from "../../workers/file-traces.js";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

export function planSource(file: string, text = readFileSync(file, "utf8")): PlanSource {
  const scenarios: PlanSource["scenarios"] = Object.fromEntries(
    scenarioFilesOf(text).map((name) => {
      try {
        return [name, { text: readFileSync(resolve(dirname(file), name), "utf8") }];
      } catch (e) {
        return [name, { error: (e as NodeJS.ErrnoException).code ?? String(e) }];
      }
    }),
  );
  return { file, text, scenarios };
}

export function loadPlanFile(file: string, edit: (text: string) => string = (t) => t): LoadedPlan {
  const r = loadPlan(planSource(file, edit(readFileSync(file, "utf8"))));
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.line}:${i.column} ${i.message}`).join("\n"));
  return r.plan;
}

/** Trace files of each scenario, relative to the scenario file. */
export const traceIoOf = (file: string, plan: LoadedPlan) => (i: number): TraceIo => fileTraceIo(dirname(resolve(dirname(file), plan.scenarios[i]!.file)));

export const classifierPlan = join(repoRoot, "test/planner/classifier-plan.yaml");
