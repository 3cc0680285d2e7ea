/**
 * NodeAffinity (pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go): Filter on the
 * pod's nodeSelector and required node affinity, plus the profile's `addedAffinity`; Score sums
 * the weights of the matching preferred terms (the pod's and the profile's), normalised so the
 * best node gets 100.
 */
import type { NodeAffinity } from "../../../cluster/index.js";
import { matchesAnyTerm, matchesRequiredAffinity, nodeAffinitySchema, preferredWeight } from "../../../cluster/index.js";
import { strict } from "../../args.js";
import { Code, status } from "../../framework.js";
import type { PluginModule } from "../../framework.js";
import { defaultNormalization } from "../../normalize.js";
import { Depends } from "../../cache.js";

export const NODE_AFFINITY = "NodeAffinity";
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
export const ERR_REASON_ENFORCED = "node(s) didn't match scheduler-enforced node affinity";

export interface NodeAffinityArgs {
  /** Affinity the profile adds to every pod it schedules. */
  readonly addedAffinity?: NodeAffinity | undefined;
}

const args = strict({ addedAffinity: nodeAffinitySchema.optional() });
const SKIP = status(Code.Skip);
const REJECTED_POD = status(Code.UnschedulableAndUnresolvable, ERR_REASON_POD);
const REJECTED_ENFORCED = status(Code.UnschedulableAndUnresolvable, ERR_REASON_ENFORCED);

export const nodeAffinity = {
  name: NODE_AFFINITY,
  args,
  points: ["preFilter", "filter", "preScore", "score"],
  cache: {
    filter: Depends.NodeSpec,
    score: Depends.NodeSpec,
    filterKey: (t) => JSON.stringify([t.spec.nodeSelector ?? null, t.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? null]),
  },
  create(a) {
    const addedRequired = a.addedAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
    const addedPreferred = a.addedAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    return {
      name: NODE_AFFINITY,
      preFilter(_cx, pod) {
        const spec = pod.template.spec;
        const has = spec.nodeSelector !== undefined || spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution !== undefined;
        return has || addedRequired !== undefined ? undefined : SKIP;
      },
      filter(_cx, pod, node) {
        if (addedRequired !== undefined && !matchesAnyTerm(addedRequired, node.labels, node.name)) return REJECTED_ENFORCED;
        const spec = pod.template.spec;
        return matchesRequiredAffinity(spec.nodeSelector, spec.affinity?.nodeAffinity, node.labels, node.name) ? undefined : REJECTED_POD;
      },
      preScore(_cx, pod) {
        const preferred = pod.template.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
        return preferred.length === 0 && addedPreferred.length === 0 ? SKIP : undefined;
      },
      score(_cx, pod, node) {
        const preferred = pod.template.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
        return preferredWeight(preferred, node.labels, node.name) + preferredWeight(addedPreferred, node.labels, node.name);
      },
      ...defaultNormalization(false),
    };
  },
} satisfies PluginModule<NodeAffinityArgs>;
