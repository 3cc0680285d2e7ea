/** NodeName (pkg/scheduler/framework/plugins/nodename): a pod that names its node fits only that node. */
import { strict } from "../../args.js";
import { Code, status } from "../../framework.js";
import type { PluginModule } from "../../framework.js";
import { Depends } from "../../cache.js";

export const NODE_NAME = "NodeName";
export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

const SKIP = status(Code.Skip);
const REJECTED = status(Code.UnschedulableAndUnresolvable, ERR_REASON_NODE_NAME);

export const nodeName = {
  name: NODE_NAME,
  args: strict({}),
  points: ["preFilter", "filter"],
  cache: { filter: Depends.NodeSpec, filterKey: (t) => t.spec.nodeName ?? "" },
  create: () => ({
    name: NODE_NAME,
    // Most pods name no node: skipping Filter for them changes nothing but the work done.
    preFilter: (_cx, pod) => (pod.template.spec.nodeName ? undefined : SKIP),
    filter: (_cx, pod, node) => (node.name === pod.template.spec.nodeName ? undefined : REJECTED),
  }),
} satisfies PluginModule<Record<string, never>>;
