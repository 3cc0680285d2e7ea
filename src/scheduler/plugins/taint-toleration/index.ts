/**
 * TaintToleration (pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go): Filter
 * rejects a node with a NoSchedule or NoExecute taint the pod does not tolerate; Score counts the
 * node's PreferNoSchedule taints the pod does not tolerate, normalised in reverse (fewest best).
 */
import type { Toleration } from "../../../cluster/index.js";
import { findUntoleratedTaint, isDoNotSchedule, toleratesAny } from "../../../cluster/index.js";
import { strict } from "../../args.js";
import { cycleKey } from "../../cycle.js";
import { Code, status } from "../../framework.js";
import type { PluginModule } from "../../framework.js";
import { defaultNormalizeScore } from "../../normalize.js";

export const TAINT_TOLERATION = "TaintToleration";
export const ERR_REASON_UNTOLERATED = "node(s) had untolerated taint(s)";

const REJECTED = status(Code.UnschedulableAndUnresolvable, ERR_REASON_UNTOLERATED);
/** The pod's tolerations whose effect is PreferNoSchedule or empty (getAllTolerationPreferNoSchedule). */
const preferKey = cycleKey<readonly Toleration[]>("TaintToleration/preScore");

export const taintToleration = {
  name: TAINT_TOLERATION,
  args: strict({}),
  points: ["filter", "preScore", "score"],
  create: () => ({
    name: TAINT_TOLERATION,
    filter(_cx, pod, node) {
      if (node.taints.length === 0) return undefined;
      return findUntoleratedTaint(node.taints, pod.template.spec.tolerations ?? [], isDoNotSchedule) === undefined ? undefined : REJECTED;
    },
    preScore(cx, pod) {
      const prefer = (pod.template.spec.tolerations ?? []).filter((t) => t.effect === undefined || t.effect === "" || t.effect === "PreferNoSchedule");
      cx.state.write(preferKey, prefer);
      return undefined;
    },
    score(cx, _pod, node) {
      const prefer = cx.state.read(preferKey) ?? [];
      let intolerable = 0;
      for (const taint of node.taints) if (taint.effect === "PreferNoSchedule" && !toleratesAny(prefer, taint)) intolerable++;
      return intolerable;
    },
    normalizeScores: (_cx, _pod, _nodes, scores) => defaultNormalizeScore(scores, true),
  }),
} satisfies PluginModule<Record<string, never>>;
