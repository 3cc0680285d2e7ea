/**
 * The framework's per-template cache of Filter verdicts and raw Score values. A plugin declares
 * what its result depends on; the framework then reuses the result for another pod of the same
 * template on the same node for as long as that input is unchanged. This changes how often plugins
 * run, never what they decide: a pod's template fixes everything a plugin reads of the pod.
 */
import type { ClusterState, NodeView } from "../cluster/index.js";

export const Depends = {
  /** The node's labels, taints, name, cordon and the set of nodes: stable until the cluster's node generation changes. */
  NodeSpec: "node-spec",
  /** Also the node's requests, allocatable and pods: stable while the node's version is unchanged. */
  NodeState: "node-state",
  /** Also which nodes hold which images (ImageLocality): stable until an image is stored or evicted anywhere, or nodes change. */
  Images: "images",
} as const;
export type Depends = (typeof Depends)[keyof typeof Depends];

/** Cache entries of one template for one plugin. */
export interface CacheEntry<V> {
  generation: number;
  images: number;
  /** Node version per cell (NodeState), -1 when empty (so a version match alone tells a live node's cell is valid). */
  versions: Int32Array;
  /** Filter verdicts. */
  values: V[];
  /** Raw scores (score entries only). */
  numbers: Float64Array;
  /** Cells are valid (set) when marked. */
  set: Uint8Array;
}

/** Cells (template × node) cached at most, across plugins: beyond it new templates are not cached. */
const MAX_CELLS = 16_000_000;

export interface VerdictCache {
  /** The entry for `template` under `plugin`, fresh for the current cluster state (null: not cached). */
  entry<V>(plugin: number, point: "filter" | "score", depends: Depends, template: number): CacheEntry<V> | null;
}

export function createVerdictCache(s: Readonly<ClusterState>): VerdictCache {
  // entries[point][plugin][template]
  const entries: Record<"filter" | "score", (CacheEntry<unknown> | undefined)[][]> = { filter: [], score: [] };
  let cells = 0;
  const make = (n: number, point: "filter" | "score"): CacheEntry<unknown> => ({
    generation: s.generation,
    images: s.images.version,
    versions: new Int32Array(n).fill(-1),
    values: point === "filter" ? new Array<unknown>(n) : [],
    numbers: new Float64Array(point === "score" ? n : 0),
    set: new Uint8Array(n),
  });
  return {
    entry<V>(plugin: number, point: "filter" | "score", depends: Depends, template: number): CacheEntry<V> | null {
      const byTemplate = (entries[point][plugin] ??= []);
      let e = byTemplate[template];
      const size = s.node.count;
      if (!e) {
        if (cells + size > MAX_CELLS) return null;
        cells += size;
        byTemplate[template] = e = make(size, point);
      }
      const stale = (depends !== Depends.NodeState && e.generation !== s.generation) || (depends === Depends.Images && e.images !== s.images.version);
      if (stale || e.set.length < size) {
        // Node-spec and image results start over; node-state cells carry over (their versions still tell).
        const next = make(Math.max(size, e.set.length), point);
        if (!stale) {
          next.versions.set(e.versions);
          next.set.set(e.set);
          next.numbers.set(e.numbers);
          e.values.forEach((v, i) => (next.values[i] = v));
        }
        cells += next.set.length - e.set.length;
        byTemplate[template] = e = next;
      }
      return e as CacheEntry<V>;
    },
  };
}

/** Whether the cell of `node` holds a value valid for it. */
export function hit<V>(e: CacheEntry<V>, depends: Depends, node: NodeView): boolean {
  return e.set[node.ix] === 1 && (depends !== Depends.NodeState || e.versions[node.ix] === node.version);
}

export function store<V>(e: CacheEntry<V>, node: NodeView, value: V): void {
  e.set[node.ix] = 1;
  e.versions[node.ix] = node.version;
  e.values[node.ix] = value;
}

export function storeNumber(e: CacheEntry<number>, node: NodeView, value: number): void {
  e.set[node.ix] = 1;
  e.versions[node.ix] = node.version;
  e.numbers[node.ix] = value;
}

/** Whether a node's result may be cached at all: NodeState results of what-if views (version -1) never are. */
export const cacheable = (depends: Depends, node: NodeView): boolean => depends !== Depends.NodeState || node.version >= 0;
