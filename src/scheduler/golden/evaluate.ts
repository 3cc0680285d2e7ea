/**
 * Evaluates one scheduler golden case through the real plugin: a Filter case gives the feasible
 * nodes, the status and reasons (and NodeResourcesFit's insufficient resources); a Score case the
 * plugin's scores after its NormalizeScore; a brokenLinearFunction case the shape function's values.
 */
import { Code } from "../framework.js";
import { DEFAULT_PREEMPTION } from "../plugins/default-preemption/index.js";
import { IMAGE_LOCALITY } from "../plugins/image-locality/index.js";
import { NODE_AFFINITY } from "../plugins/node-affinity/index.js";
import { NODE_NAME } from "../plugins/node-name/index.js";
import { NODE_RESOURCES_BALANCED_ALLOCATION } from "../plugins/node-resources-balanced-allocation/index.js";
import { checkedColumns, insufficientResources, NODE_RESOURCES_FIT } from "../plugins/node-resources-fit/index.js";
import type { NodeResourcesFitArgs } from "../plugins/node-resources-fit/index.js";
import { brokenLinear } from "../plugins/node-resources-fit/scoring.js";
import { NODE_UNSCHEDULABLE } from "../plugins/node-unschedulable/index.js";
import { POD_TOPOLOGY_SPREAD } from "../plugins/pod-topology-spread/index.js";
import { TAINT_TOLERATION } from "../plugins/taint-toleration/index.js";
import { inTreeRegistry } from "../registry.js";
import type { Registry } from "../registry.js";
import { buildGoldenCluster, goldenCycle, goldenFramework } from "./build.js";
import { goldenSchedulerCaseSchema } from "./case-schema.js";
import type { GoldenSchedulerCase } from "./case-schema.js";

/** The plugin an upstream test file exercises, from its path (kubernetes/kubernetes pkg/scheduler/framework/plugins/<dir>/<file>). */
const SOURCES: readonly (readonly [RegExp, string])[] = [
  [/\/plugins\/noderesources\/balanced_allocation/, NODE_RESOURCES_BALANCED_ALLOCATION],
  [/\/plugins\/noderesources\//, NODE_RESOURCES_FIT],
  [/\/plugins\/tainttoleration\//, TAINT_TOLERATION],
  [/\/plugins\/nodeaffinity\//, NODE_AFFINITY],
  [/\/plugins\/imagelocality\//, IMAGE_LOCALITY],
  [/\/plugins\/podtopologyspread\//, POD_TOPOLOGY_SPREAD],
  [/\/plugins\/nodename\//, NODE_NAME],
  [/\/plugins\/nodeunschedulable\//, NODE_UNSCHEDULABLE],
  [/\/plugins\/defaultpreemption\//, DEFAULT_PREEMPTION],
];

/** The scheduler plugin a golden file's `source` names, or undefined when the file is not a scheduler table. */
export function pluginOfSource(source: string): string | undefined {
  return SOURCES.find(([re]) => re.test(source))?.[1];
}

/** A case the evaluator cannot run: names the case and what is wrong. */
export class GoldenCaseError extends Error {
  override readonly name = "GoldenCaseError";
}

export function evaluateSchedulerCase(plugin: string, input: unknown, registry: Registry = inTreeRegistry): unknown {
  const parsed = goldenSchedulerCaseSchema.safeParse(input);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new GoldenCaseError(`${i.path.map(String).join(".") || "(case)"}: ${i.message}`);
  }
  const c = parsed.data;
  if (!registry[plugin]) throw new GoldenCaseError(`plugin ${plugin} is not modelled`);
  if (c.kind === "brokenLinearFunction") return brokenLinearCase(c);
  if (c.kind !== undefined) throw new GoldenCaseError(`unknown case kind "${c.kind}"`);
  if ("scores" in c.expected || "preScoreStatus" in c.expected) return scoreCase(c, plugin, registry);
  if ("status" in c.expected || "feasible" in c.expected) return filterCase(c, plugin, registry);
  throw new GoldenCaseError("expected holds neither scores, preScoreStatus, status nor feasible");
}

function brokenLinearCase(c: GoldenSchedulerCase): unknown {
  if (!c.points || c.points.length === 0) throw new GoldenCaseError("a brokenLinearFunction case needs points");
  const f = brokenLinear(c.points);
  const values = c.expected["values"];
  if (!Array.isArray(values)) throw new GoldenCaseError("expected.values must list { p, value }");
  return { values: values.map((v: { p?: unknown }) => ({ p: v.p, value: f(Number(v.p)) })) };
}

function args(c: GoldenSchedulerCase, plugin: string, registry: Registry): unknown {
  const r = registry[plugin]!.args.safeParse(c.args ?? {});
  if (!r.success) throw new GoldenCaseError(`args: ${r.error.issues.map((i) => `${i.path.map(String).join(".")} ${i.message}`).join("; ")}`);
  return r.data;
}

function scoreCase(c: GoldenSchedulerCase, plugin: string, registry: Registry): unknown {
  const g = buildGoldenCluster(c);
  const fw = goldenFramework(g, registry, plugin, args(c, plugin, registry));
  const cx = goldenCycle();
  const zeros = () => Object.fromEntries(g.nodes.map((n) => [n.name, 0]));
  for (const p of fw.preScore) {
    const s = p.preScore!(cx, g.pod, g.nodes);
    if (s?.code === Code.Skip) return { preScoreStatus: "Skip", scores: zeros() };
    if (s !== undefined) return { preScoreStatus: s.code, reasons: s.reasons };
  }
  const sp = fw.score[0];
  if (!sp) throw new GoldenCaseError(`plugin ${plugin} does not score`);
  const scores = Float64Array.from(g.nodes, (n) => sp.plugin.score!(cx, g.pod, n));
  if (sp.plugin.scoreNodes) {
    // The batch form the framework prefers must give the very same raw scores.
    const batch = new Float64Array(g.nodes.length);
    sp.plugin.scoreNodes(cx, g.pod, g.nodes, batch);
    if (batch.some((v, i) => !Object.is(v, scores[i]))) throw new Error(`${plugin} scoreNodes gives ${[...batch].join(", ")} where score gives ${[...scores].join(", ")}`);
  }
  if (sp.plugin.scoresZero?.(cx, g.pod) === true && scores.some((v) => v !== 0)) throw new Error(`${plugin} says every score is 0 but scores ${[...scores].join(", ")}`);
  sp.plugin.normalizeScores?.(cx, g.pod, g.nodes, scores);
  return { scores: Object.fromEntries(g.nodes.map((n, i) => [n.name, scores[i]!])) };
}

function filterCase(c: GoldenSchedulerCase, plugin: string, registry: Registry): unknown {
  const g = buildGoldenCluster(c);
  const a = args(c, plugin, registry);
  const fw = goldenFramework(g, registry, plugin, a);
  const cx = goldenCycle();
  const pre = fw.preFilterPod(cx, g.pod);
  const verdicts = g.nodes.map((n) => ("rejected" in pre ? pre.rejected : fw.filterNode(cx, g.pod, n, pre.filters)));
  const first = verdicts[0]?.status;
  const out: Record<string, unknown> = {
    feasible: g.nodes.filter((_, i) => verdicts[i] === undefined).map((n) => n.name),
    status: first === undefined ? "Success" : first.code,
  };
  if (first !== undefined) out["reasons"] = first.reasons;
  if (plugin === NODE_RESOURCES_FIT && g.nodes.length > 0) {
    const fitArgs = a as NodeResourcesFitArgs;
    const columns = checkedColumns(g.state.resources, fitArgs.ignoredResources, fitArgs.ignoredResourceGroups);
    out["insufficientResources"] = insufficientResources(g.state.resources, columns, g.pod.template.request, g.nodes[0]!)
      .filter((r) => r.resource !== "pods")
      .map(({ unresolvable, ...r }) => (unresolvable ? { ...r, unresolvable } : r));
  }
  return out;
}
