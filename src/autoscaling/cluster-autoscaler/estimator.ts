/**
 * The binpacking estimator (cluster-autoscaler/estimator/binpacking_estimator.go): how many new
 * nodes of a group the pending pods need. Pods are taken largest first (their share of the template
 * node's cpu plus memory); each goes on the first new node where the scheduler's filters accept
 * it, else on a further new node while the limit allows; a pod that does not fit an empty template
 * node is left out.
 */
import type { ClusterState, NodeView, PodIx } from "../../cluster/index.js";
import { Res, whatIfView } from "../../cluster/index.js";

/** Whether the scheduler's Filter plugins accept the pod on the (possibly what-if) node. */
export type FitsOracle = (pod: PodIx, node: NodeView) => boolean;

export interface Estimate {
  readonly nodeCount: number;
  readonly pods: readonly PodIx[];
}

/** Pods ordered as the estimator takes them: largest share of the template first, then by id. */
export function byTemplateShare(s: ClusterState, template: NodeView, pods: readonly PodIx[]): PodIx[] {
  const share = (p: PodIx) => {
    const row = s.templates[s.pod.template[p]!]!.request;
    const cpu = template.allocatable[Res.cpu]! || 1;
    const mem = template.allocatable[Res.memory]! || 1;
    return row[Res.cpu]! / cpu + row[Res.memory]! / mem;
  };
  return [...pods].sort((a, b) => share(b) - share(a) || a - b);
}

/**
 * Places pods on `open` nodes (what-if views, updated in place as pods land) or on new ones made
 * from `template` (at most `limit` new nodes); returns the new nodes used and the pods placed.
 */
export function binpack(s: ClusterState, pods: readonly PodIx[], template: NodeView | null, limit: number, fits: FitsOracle, open: NodeView[] = []): Estimate {
  const placedOn: PodIx[][] = open.map(() => []);
  const bases = [...open];
  const placed: PodIx[] = [];
  let fresh = 0;
  const ordered = template === null ? [...pods] : byTemplateShare(s, template, pods);
  for (const pod of ordered) {
    let done = false;
    for (let i = 0; i < open.length && !done; i++) {
      if (fits(pod, open[i]!)) {
        placedOn[i]!.push(pod);
        open[i] = whatIfView(s, bases[i]!, [], placedOn[i]!);
        done = true;
      }
    }
    if (!done && template !== null && fresh < limit && fits(pod, template)) {
      bases.push(template);
      placedOn.push([pod]);
      open.push(whatIfView(s, template, [], [pod]));
      fresh++;
      done = true;
    }
    if (done) placed.push(pod);
  }
  return { nodeCount: fresh, pods: placed };
}
