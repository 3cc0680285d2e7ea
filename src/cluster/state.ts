/**
 * Cluster state as struct-of-arrays: nodes with allocatable resources and what is bound to
 * them, pods with their requests. Only the functions here change it, and each checks its
 * invariants (a node is never over-committed; a pod is bound at most once).
 */
import { InvariantError } from "../engine/index.js";

/** A node shape shared by every node of a pool. */
export interface PoolShape {
  readonly name: string;
  readonly count: number;
  readonly cpuMilli: number;
  readonly memBytes: number;
  readonly gpus: number;
  readonly gpuType: string | null;
  readonly maxPods: number;
}

/** What a pod asks for. */
export interface PodSpec {
  readonly name: string;
  /** Index of the owning service (a dense id of the simulation). */
  readonly service: number;
  readonly cpuMilli: number;
  readonly memBytes: number;
  readonly gpus: number;
}

export interface ClusterState {
  readonly pools: readonly PoolShape[];
  readonly nodeNames: readonly string[];
  readonly podNames: readonly string[];
  readonly node: {
    readonly pool: Int32Array;
    readonly cpuMilli: Float64Array;
    readonly memBytes: Float64Array;
    readonly gpus: Int32Array;
    readonly maxPods: Int32Array;
    readonly usedCpuMilli: Float64Array;
    readonly usedMemBytes: Float64Array;
    readonly usedGpus: Int32Array;
    readonly usedPods: Int32Array;
  };
  readonly pod: {
    readonly service: Int32Array;
    readonly cpuMilli: Float64Array;
    readonly memBytes: Float64Array;
    readonly gpus: Int32Array;
    /** Node the pod is bound to, or -1 while Pending. */
    readonly node: Int32Array;
  };
}

export function createCluster(pools: readonly PoolShape[], pods: readonly PodSpec[]): ClusterState {
  const nodeNames: string[] = [];
  const nodePool: number[] = [];
  pools.forEach((p, pi) => {
    for (let i = 0; i < p.count; i++) {
      nodeNames.push(`${p.name}-${i}`);
      nodePool.push(pi);
    }
  });
  const n = nodeNames.length;
  const shape = (f: (p: PoolShape) => number) => nodePool.map((pi) => f(pools[pi]!));
  return {
    pools,
    nodeNames,
    podNames: pods.map((p) => p.name),
    node: {
      pool: Int32Array.from(nodePool),
      cpuMilli: Float64Array.from(shape((p) => p.cpuMilli)),
      memBytes: Float64Array.from(shape((p) => p.memBytes)),
      gpus: Int32Array.from(shape((p) => p.gpus)),
      maxPods: Int32Array.from(shape((p) => p.maxPods)),
      usedCpuMilli: new Float64Array(n),
      usedMemBytes: new Float64Array(n),
      usedGpus: new Int32Array(n),
      usedPods: new Int32Array(n),
    },
    pod: {
      service: Int32Array.from(pods.map((p) => p.service)),
      cpuMilli: Float64Array.from(pods.map((p) => p.cpuMilli)),
      memBytes: Float64Array.from(pods.map((p) => p.memBytes)),
      gpus: Int32Array.from(pods.map((p) => p.gpus)),
      node: new Int32Array(pods.length).fill(-1),
    },
  };
}

/** Whether the pod's requests fit in what the node has left. */
export function fits(s: ClusterState, pod: number, node: number): boolean {
  const n = s.node;
  const p = s.pod;
  return (
    n.usedCpuMilli[node]! + p.cpuMilli[pod]! <= n.cpuMilli[node]! &&
    n.usedMemBytes[node]! + p.memBytes[pod]! <= n.memBytes[node]! &&
    n.usedGpus[node]! + p.gpus[pod]! <= n.gpus[node]! &&
    n.usedPods[node]! + 1 <= n.maxPods[node]!
  );
}

/** Binds a Pending pod to a node; throws InvariantError if it is already bound or does not fit. */
export function bindPod(s: ClusterState, pod: number, node: number, now: number): void {
  if (s.pod.node[pod] !== -1) throw new InvariantError(`pod ${s.podNames[pod]} is already bound`, now);
  if (!fits(s, pod, node)) throw new InvariantError(`binding pod ${s.podNames[pod]} would over-commit node ${s.nodeNames[node]}`, now);
  s.pod.node[pod] = node;
  s.node.usedCpuMilli[node]! += s.pod.cpuMilli[pod]!;
  s.node.usedMemBytes[node]! += s.pod.memBytes[pod]!;
  s.node.usedGpus[node]! += s.pod.gpus[pod]!;
  s.node.usedPods[node]! += 1;
}

/** Releases a bound pod's resources; throws InvariantError if it is not bound. */
export function releasePod(s: ClusterState, pod: number, now: number): void {
  const node = s.pod.node[pod]!;
  if (node === -1) throw new InvariantError(`pod ${s.podNames[pod]} is not bound`, now);
  s.pod.node[pod] = -1;
  s.node.usedCpuMilli[node]! -= s.pod.cpuMilli[pod]!;
  s.node.usedMemBytes[node]! -= s.pod.memBytes[pod]!;
  s.node.usedGpus[node]! -= s.pod.gpus[pod]!;
  s.node.usedPods[node]! -= 1;
}
