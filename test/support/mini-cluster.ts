/** A small cluster built by hand for scheduler tests: named nodes, templates, pods, and a framework over them. */
import type { NodeIx, NodeView, PodIx, PodSpec, PodTemplate, Taint } from "../../src/cluster/index.js";
import { addNode, addTemplate, bindPod, createClusterState, createPod, createResourceIndex, nodeView, registerNode, toLabels } from "../../src/cluster/index.js";
import { createStreams } from "../../src/engine/index.js";
import type { CycleResult, Framework, ProfileConfig } from "../../src/scheduler/index.js";
import { createCycleState, createFramework, inTreeRegistry, profileSchema, resolveProfile, scheduleOne } from "../../src/scheduler/index.js";

export interface MiniNode {
  readonly name: string;
  readonly zone?: string;
  readonly labels?: Record<string, string>;
  /** Defaults: cpu 4000m, memory 16 GiB, 110 pods. */
  readonly allocatable?: Record<string, number>;
  readonly taints?: readonly Taint[];
}

export function miniCluster(nodes: readonly MiniNode[], resources: readonly string[] = ["nvidia.com/gpu"]) {
  const s = createClusterState(createResourceIndex(resources));
  const ix = new Map<string, NodeIx>();
  for (const n of nodes) {
    const row = new Float64Array(s.resources.width);
    const alloc = { cpu: 4000, memory: 16 * 2 ** 30, ...n.allocatable };
    let maxPods = 110;
    for (const [k, v] of Object.entries(alloc)) {
      if (k === "pods") maxPods = v;
      else row[s.resources.id(k)] = v;
    }
    const labels = toLabels({ "kubernetes.io/hostname": n.name, ...(n.zone ? { "topology.kubernetes.io/zone": n.zone } : {}), ...n.labels });
    const node = addNode(s, { name: n.name, pool: 0, allocatable: row, maxPods, labels, taints: n.taints ?? [] }, 0);
    registerNode(s, node, 0);
    ix.set(n.name, node);
  }
  const streams = createStreams("mini");
  const views = (): NodeView[] => s.order.list().map((n) => nodeView(s, n as NodeIx));
  return {
    s,
    node: (name: string) => ix.get(name)!,
    template: (name: string, owner: number, spec: PodSpec): PodTemplate => addTemplate(s, name, owner, spec),
    pod(t: PodTemplate, name?: string): PodIx {
      return createPod(s, t.id, name ?? `${t.name}-${s.pod.count}`, 0);
    },
    /** Creates `count` pods of a template bound to a node. */
    place(t: PodTemplate, nodeName: string, count = 1): PodIx[] {
      return Array.from({ length: count }, () => {
        const p = createPod(s, t.id, `${t.name}-${s.pod.count}`, 0);
        bindPod(s, p, ix.get(nodeName)!, 0);
        return p;
      });
    },
    views,
    framework(config: Partial<ProfileConfig> = {}): Framework {
      const r = resolveProfile(profileSchema.parse(config), inTreeRegistry);
      if (!r.profile) throw new Error(r.issues.map((i) => i.message).join("; "));
      return createFramework(r.profile, inTreeRegistry, { cluster: s, nodes: views, nominatedPods: () => [], hasNominations: () => false, stream: streams });
    },
    cycle(fw: Framework, pod: PodIx, o: { percentage?: number; startIndex?: number; explain?: boolean; seed?: string } = {}): CycleResult {
      return scheduleOne(fw, { state: createCycleState() }, { ix: pod, template: s.templates[s.pod.template[pod]!]! }, views(), {
        percentageOfNodesToScore: o.percentage ?? 0,
        startIndex: o.startIndex ?? 0,
        nominated: undefined,
        selectHost: createStreams(o.seed ?? "host")("scheduler/select-host"),
        explain: o.explain ?? false,
      });
    },
  };
}
