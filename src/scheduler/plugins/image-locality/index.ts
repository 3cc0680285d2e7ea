/**
 * ImageLocality (pkg/scheduler/framework/plugins/imagelocality/image_locality.go): favours nodes
 * that already hold the pod's images, each weighted by its size and by the share of nodes that
 * hold it (so an image present everywhere does not pull every pod to one node). No normalisation.
 */
import type { NodeView, PodTemplate } from "../../../cluster/index.js";
import { strict } from "../../args.js";
import { MAX_NODE_SCORE } from "../../framework.js";
import type { PluginHandle, PluginModule } from "../../framework.js";
import { idiv } from "../../normalize.js";
import { Depends } from "../../cache.js";

export const IMAGE_LOCALITY = "ImageLocality";

const MB = 1024 * 1024;
/** Below this sum the score is 0 (minThreshold). */
export const MIN_THRESHOLD = 23 * MB;
/** Per container, the sum at which the score reaches 100 (maxContainerThreshold). */
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** calculatePriority: the clamped sum mapped linearly onto 0..100. */
export function imageScore(sum: number, containers: number): number {
  const max = MAX_CONTAINER_THRESHOLD * containers;
  const clamped = Math.min(Math.max(sum, MIN_THRESHOLD), max);
  return idiv(MAX_NODE_SCORE * (clamped - MIN_THRESHOLD), max - MIN_THRESHOLD);
}

const containersOf = (t: PodTemplate): number => t.spec.containers.length + (t.spec.initContainers?.length ?? 0);

/** sumImageScores: Σ over the pod's images on the node of trunc(size × nodesHaving / totalNodes). */
function sumImageScores(h: PluginHandle, images: readonly number[], node: NodeView, totalNodes: number): number {
  let sum = 0;
  const store = h.cluster.images;
  for (const image of images) if (store.has(node.ix, image)) sum += Math.trunc((store.size(image) * store.nodesHaving(image)) / totalNodes);
  return sum;
}

export const imageLocality = {
  name: IMAGE_LOCALITY,
  args: strict({}),
  points: ["score"],
  cache: { score: Depends.Images },
  create: (_a, h) => ({
    name: IMAGE_LOCALITY,
    score(_cx, pod, node) {
      return imageScore(sumImageScores(h, pod.template.images, node, h.nodes().length), containersOf(pod.template));
    },
    // No node holds any of the pod's images: every sum is 0, and so is every score.
    scoresZero: (_cx, pod) => pod.template.images.every((image) => h.cluster.images.nodesHaving(image) === 0) && imageScore(0, containersOf(pod.template)) === 0,
  }),
} satisfies PluginModule<Record<string, never>>;
