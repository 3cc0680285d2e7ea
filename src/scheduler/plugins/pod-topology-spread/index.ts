/**
 * PodTopologySpread (pkg/scheduler/framework/plugins/podtopologyspread): DoNotSchedule constraints
 * filter, ScheduleAnyway constraints score. Pods without constraints that belong to a workload get
 * the profile's defaults: the system defaults (hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway)
 * unless `defaultingType: List` gives `defaultConstraints`.
 */
import * as z from "zod";
import { topologySpreadConstraintSchema } from "../../../cluster/index.js";
import type { PodTemplate } from "../../../cluster/index.js";
import { strict } from "../../args.js";
import { cycleKey } from "../../cycle.js";
import { Code, status } from "../../framework.js";
import type { PluginModule } from "../../framework.js";
import type { Constraint, Defaulting } from "./constraints.js";
import { constraintsFor, createAffinityMemo } from "./constraints.js";
import { createDomainCounter, createEligibleMemo, createTopologyIndex } from "./eligible.js";
import type { Counting } from "./eligible.js";
import { computePreFilter, ERR_REASON_CONSTRAINTS_NOT_MATCH, ERR_REASON_NODE_LABEL_NOT_MATCH, fitsSpread } from "./filtering.js";
import type { PreFilterState } from "./filtering.js";
import { computePreScore, normalizeSpread, spreadScore, spreadScores } from "./scoring.js";
import type { PreScoreState } from "./scoring.js";

export const POD_TOPOLOGY_SPREAD = "PodTopologySpread";

const args = strict({
  /** Constraints for pods that set none (without labelSelector: the selector is the pod's workload). */
  defaultConstraints: z.array(topologySpreadConstraintSchema).max(16).default([]),
  defaultingType: z.enum(["System", "List"]).default("System"),
}).superRefine((a, ctx) => {
  if (a.defaultingType === "System" && a.defaultConstraints.length > 0) {
    ctx.addIssue({ code: "custom", path: ["defaultConstraints"], message: "expected no defaultConstraints with defaultingType System" });
  }
  a.defaultConstraints.forEach((c, i) => {
    if (c.labelSelector !== undefined) ctx.addIssue({ code: "custom", path: ["defaultConstraints", i, "labelSelector"], message: "expected no labelSelector in a default constraint" });
  });
});

export type PodTopologySpreadArgs = z.output<typeof args>;

const preFilterKey = cycleKey<PreFilterState>("PodTopologySpread/preFilter");
const preScoreKey = cycleKey<PreScoreState>("PodTopologySpread/preScore");
const SKIP = status(Code.Skip);
const REJECTED_SKEW = status(Code.Unschedulable, ERR_REASON_CONSTRAINTS_NOT_MATCH);
const REJECTED_LABEL = status(Code.UnschedulableAndUnresolvable, ERR_REASON_NODE_LABEL_NOT_MATCH);

export const podTopologySpread = {
  name: POD_TOPOLOGY_SPREAD,
  args,
  points: ["preFilter", "filter", "preScore", "score"],
  create(a, h) {
    const defaulting: Defaulting = a.defaultingType === "System" ? { type: "System" } : { type: "List", constraints: a.defaultConstraints };
    const affinityOf = createAffinityMemo(h.cluster);
    const topology = createTopologyIndex(h);
    const eligibleOf = createEligibleMemo(h, affinityOf, topology);
    const counting: Counting = { eligibleOf, topology, countsById: createDomainCounter(h, topology) };
    // Compiled constraints per template, recompiled when templates are added (selectors may match them).
    const compiled = new Map<number, { templates: number; constraints: Constraint[] }>();
    const constraints = (t: PodTemplate, when: "DoNotSchedule" | "ScheduleAnyway") => {
      const id = 2 * t.id + (when === "DoNotSchedule" ? 0 : 1);
      let c = compiled.get(id);
      if (!c || c.templates !== h.cluster.templates.length) {
        c = { templates: h.cluster.templates.length, constraints: constraintsFor(h.cluster, t, when, defaulting) };
        compiled.set(id, c);
      }
      return c.constraints;
    };
    let last: { cycle: unknown; state: PreScoreState | undefined } = { cycle: null, state: undefined };
    let lastFilter: { cycle: unknown; state: PreFilterState | undefined } = { cycle: null, state: undefined };
    return {
      name: POD_TOPOLOGY_SPREAD,
      preFilter(cx, pod) {
        const cs = constraints(pod.template, "DoNotSchedule");
        if (cs.length === 0) return SKIP;
        const t = pod.template;
        const state = computePreFilter(h, cx, t, cs, affinityOf(t), counting);
        cx.state.write(preFilterKey, state);
        lastFilter = { cycle: cx.state, state };
        return undefined;
      },
      filter(cx, _pod, node) {
        // Called for many nodes per cycle: keep the cycle's state at hand, as score does.
        if (lastFilter.cycle !== cx.state) lastFilter = { cycle: cx.state, state: cx.state.read(preFilterKey)! };
        const verdict = fitsSpread(lastFilter.state!, node);
        return verdict === "fits" ? undefined : verdict === "skew" ? REJECTED_SKEW : REJECTED_LABEL;
      },
      preScore(cx, pod, nodes, live) {
        const t = pod.template;
        const cs = constraints(t, "ScheduleAnyway");
        if (cs.length === 0) return SKIP;
        // Only the system defaults tolerate nodes that lack one of the keys.
        const requireAll = (t.spec.topologySpreadConstraints?.length ?? 0) > 0 || defaulting.type !== "System";
        const state = computePreScore(h, cx, t, cs, nodes, requireAll, affinityOf(t), counting, live);
        cx.state.write(preScoreKey, state);
        last = { cycle: cx.state, state };
        return undefined;
      },
      score(cx, _pod, node) {
        // Called for every feasible node: keep the cycle's state at hand instead of looking it up each time.
        if (last.cycle !== cx.state) last = { cycle: cx.state, state: cx.state.read(preScoreKey)! };
        return spreadScore(last.state!, node);
      },
      scoreNodes: (cx, _pod, nodes, scores, live) => spreadScores(cx.state.read(preScoreKey)!, nodes, scores, live),
      normalizeScores: (cx, _pod, nodes, scores) => normalizeSpread(cx.state.read(preScoreKey)!, nodes, scores),
    };
  },
} satisfies PluginModule<PodTopologySpreadArgs>;
