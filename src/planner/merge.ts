/**
 * Merging the results of the slices of a sharded plan: they must come from the same plan (same
 * hash of the plan and its scenarios) and cover every slice once; the merged winner and Pareto
 * fronts are those a single process finds (each family is searched whole in one slice).
 */
import { PLAN_RESULTS_FORMAT, summarizeCandidates } from "./results.js";
import type { PlanResults } from "./results.js";

export type MergeOutcome = { readonly ok: true; readonly results: PlanResults } | { readonly ok: false; readonly message: string };

export function mergeResults(slices: readonly PlanResults[], names: readonly string[] = slices.map((_, i) => `#${i + 1}`)): MergeOutcome {
  const first = slices[0];
  if (first === undefined) return { ok: false, message: "no results to merge" };
  for (const [i, r] of slices.entries()) {
    if (r.format !== PLAN_RESULTS_FORMAT) return { ok: false, message: `${names[i]}: expected plan results (format ${PLAN_RESULTS_FORMAT}), got ${JSON.stringify(r.format)}` };
    if (r.plan.hash !== first.plan.hash) return { ok: false, message: `${names[i]}: from another plan (hash ${r.plan.hash.slice(0, 12)}…, ${names[0]} has ${first.plan.hash.slice(0, 12)}…): the plan or a scenario differs` };
    if (r.plan.shard === null) return { ok: false, message: `${names[i]}: not a slice (run with --shard i/N)` };
  }
  const count = first.plan.shard!.count;
  const seen = new Map<number, string>();
  for (const [i, r] of slices.entries()) {
    const s = r.plan.shard!;
    if (s.count !== count) return { ok: false, message: `${names[i]}: slice ${s.index}/${s.count}, but ${names[0]} is one of ${count}` };
    if (seen.has(s.index)) return { ok: false, message: `${names[i]}: slice ${s.index}/${count} is also in ${seen.get(s.index)}` };
    seen.set(s.index, names[i]!);
  }
  const missing = Array.from({ length: count }, (_, k) => k).filter((k) => !seen.has(k));
  if (missing.length > 0) return { ok: false, message: `missing slice(s) ${missing.map((k) => `${k}/${count}`).join(", ")}` };
  const candidates = slices.flatMap((r) => r.candidates);
  const simulations = slices.reduce((n, r) => n + r.counts.simulations, 0);
  const hours = slices.reduce((n, r) => n + r.counts.simulatedHours, 0);
  const merged = summarizeCandidates({ ...first.plan, shard: null }, candidates, simulations, hours * 3600, slices.some((r) => r.status === "partial"), []);
  const owner = merged.winner ? slices.find((r) => r.winner?.id === merged.winner!.id) : undefined;
  return { ok: true, results: { ...merged, ruleOfThumb: owner?.ruleOfThumb ?? [] } };
}
