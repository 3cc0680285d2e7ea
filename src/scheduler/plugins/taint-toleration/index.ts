/**
 * TaintToleration (pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go): Filter
 * rejects a node with a NoSchedule or NoExecute taint the pod does not tolerate; Score counts the
 * node's PreferNoSchedule taints the pod does not tolerate, normalised in reverse (fewest best).
 */
import type { Taint, Toleration } from "../../../cluster/index.js";
import { findUntoleratedTaint, isDoNotSchedule, toleratesAny } from "../../../cluster/index.js";
import { strict } from "../../args.js";
import { cycleKey } from "../../cycle.js";
import { Code, status } from "../../framework.js";
import type { PluginModule } from "../../framework.js";
import { defaultNormalization } from "../../normalize.js";
import { Depends } from "../../cache.js";

export const TAINT_TOLERATION = "TaintToleration";
export const ERR_REASON_UNTOLERATED = "node(s) had untolerated taint(s)";

const REJECTED = status(Code.UnschedulableAndUnresolvable, ERR_REASON_UNTOLERATED);
/** The pod's tolerations whose effect is PreferNoSchedule or empty (getAllTolerationPreferNoSchedule). */
const preferKey = cycleKey<readonly Toleration[]>("TaintToleration/preScore");

const preferNoSchedule = (tolerations: readonly Toleration[]) => tolerations.filter((t) => t.effect === undefined || t.effect === "" || t.effect === "PreferNoSchedule");

/** countIntolerableTaintsPreferNoSchedule. */
function intolerable(taints: readonly Taint[], prefer: readonly Toleration[]): number {
  let n = 0;
  for (const taint of taints) if (taint.effect === "PreferNoSchedule" && !toleratesAny(prefer, taint)) n++;
  return n;
}

export const taintToleration = {
  name: TAINT_TOLERATION,
  args: strict({}),
  points: ["filter", "preScore", "score"],
  cache: { filter: Depends.NodeSpec, score: Depends.NodeSpec, filterKey: (t) => JSON.stringify(t.spec.tolerations ?? []) },
  create: () => ({
    name: TAINT_TOLERATION,
    filter: (_cx, pod, node) =>
      node.taints.length === 0 || findUntoleratedTaint(node.taints, pod.template.spec.tolerations ?? [], isDoNotSchedule) === undefined ? undefined : REJECTED,
    preScore(cx, pod) {
      cx.state.write(preferKey, preferNoSchedule(pod.template.spec.tolerations ?? []));
      return undefined;
    },
    score: (cx, _pod, node) => (node.taints.length === 0 ? 0 : intolerable(node.taints, cx.state.read(preferKey) ?? [])),
    ...defaultNormalization(true),
  }),
} satisfies PluginModule<Record<string, never>>;
