/** NodeUnschedulable (pkg/scheduler/framework/plugins/nodeunschedulable): keeps pods off cordoned nodes. */
import { toleratesAny, WellKnown } from "../../../cluster/index.js";
import { strict } from "../../args.js";
import { Code, status } from "../../framework.js";
import type { PluginModule } from "../../framework.js";
import { Depends } from "../../cache.js";

export const NODE_UNSCHEDULABLE = "NodeUnschedulable";
export const ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable";

const args = strict({});
const UNSCHEDULABLE_TAINT = { key: WellKnown.unschedulableTaint, effect: "NoSchedule" } as const;
const REJECTED = status(Code.UnschedulableAndUnresolvable, ERR_REASON_UNSCHEDULABLE);

export const nodeUnschedulable = {
  name: NODE_UNSCHEDULABLE,
  args,
  points: ["filter"],
  cache: { filter: Depends.NodeSpec, filterKey: (t) => JSON.stringify(t.spec.tolerations ?? []) },
  create: () => ({
    name: NODE_UNSCHEDULABLE,
    filter(_cx, pod, node) {
      if (!node.unschedulable) return undefined;
      // A pod that tolerates the unschedulable taint tolerates a cordoned node.
      return toleratesAny(pod.template.spec.tolerations ?? [], UNSCHEDULABLE_TAINT) ? undefined : REJECTED;
    },
  }),
} satisfies PluginModule<Record<string, never>>;
