/**
 * Nodes of each pool over a run. A node present at the start is Ready with its devices advertised;
 * a node provisioned later registers Ready after its pool's boot delay, and its device plugin
 * (the GPU driver and the NVIDIA device plugin) advertises GPUs and MIG devices only after a
 * further delay: until then the node's allocatable nvidia.com/gpu is 0 and no GPU pod lands there.
 */
import type { Engine, HandlerTable } from "../engine/index.js";
import { Priority } from "../engine/index.js";
import type { Taint } from "./api.js";
import { WellKnown } from "./api.js";
import type { NodePullSettings } from "./pulls.js";
import type { ClusterState, NodeIx } from "./state.js";
import { addNode, registerNode, removeNode, setAllocatable } from "./state.js";
import { NodePhase } from "./phases.js";
import { toLabels } from "./selectors.js";

/** Node events: registered Ready after booting; devices (GPUs) advertised by the device plugin. */
export const NodeEvent = { Ready: "node.ready", DevicesReady: "node.devices-ready" } as const;
export type NodeEvent = (typeof NodeEvent)[keyof typeof NodeEvent];

/** What every node of a pool shares. */
export interface NodePoolSpec {
  readonly name: string;
  /** Allocatable per resource column with the devices advertised. */
  readonly allocatable: Float64Array;
  /** Columns a device plugin advertises (GPUs, MIG devices): 0 until the plugin is ready. */
  readonly deviceColumns: readonly number[];
  readonly maxPods: number;
  readonly labels: Readonly<Record<string, string>>;
  /** Zones the pool's nodes are spread over, round-robin (empty: no zone label). */
  readonly zones: readonly string[];
  readonly region: string | undefined;
  readonly taints: readonly Taint[];
  /** From provisioning to Ready (nodes added during a run). */
  readonly bootSeconds: number;
  /** From Ready to devices advertised. */
  readonly devicePluginSeconds: number;
  readonly pull: NodePullSettings;
  /** Bytes per second at which model weights load from remote storage. */
  readonly modelLoadBandwidth: number;
  /** Node-local cache of model weights (bytes kept, read bandwidth), or null. */
  readonly modelCache: { readonly bytes: number; readonly bandwidth: number } | null;
  /** Image ids present on a new node (its machine image). */
  readonly preloadedImages: readonly number[];
}

/** Adds, provisions and removes nodes of the run's pools. */
export interface NodeLifecycle {
  /** A node up from the start: Ready with its devices advertised. */
  addReady(pool: number, now: number): NodeIx;
  /** A node being provisioned: Ready after the boot delay, devices after the device-plugin delay. */
  provision(pool: number, now: number): NodeIx;
  /** Removes an empty node. */
  remove(node: NodeIx, now: number): void;
  pool(node: number): NodePoolSpec;
  /** When each node's devices were advertised (NaN before). */
  devicesReadyAt(node: number): number;
  /** No node of the zone registers before `until` (a zone outage): booting nodes wait. */
  blockZone(zone: string, until: number): void;
}

/** `changed` hears every change that may let pending pods fit (a node Ready, GPUs advertised, a node gone). */
export function createNodeLifecycle(engine: Engine, s: ClusterState, pools: readonly NodePoolSpec[], changed: (now: number) => void): NodeLifecycle {
  const ordinal = pools.map(() => 0);
  const devicesAt: number[] = [];
  const zoneBlocked = new Map<string, number>();

  const create = (pool: number, now: number, devices: boolean): NodeIx => {
    const p = pools[pool]!;
    const i = ordinal[pool]!++;
    const name = `${p.name}-${i}`;
    const labels: Record<string, string> = { ...p.labels, [WellKnown.hostname]: name };
    if (p.zones.length > 0) labels[WellKnown.zone] = p.zones[i % p.zones.length]!;
    if (p.region !== undefined) labels[WellKnown.region] = p.region;
    const allocatable = Float64Array.from(p.allocatable);
    if (!devices) for (const c of p.deviceColumns) allocatable[c] = 0;
    const node = addNode(s, { name, pool, allocatable, maxPods: p.maxPods, labels: toLabels(labels), taints: p.taints }, now);
    for (const image of p.preloadedImages) s.images.store(node, image, now, p.pull.diskBytes);
    return node;
  };

  const advertise = (node: NodeIx, now: number) => {
    const p = pools[s.node.pool[node]!]!;
    for (const c of p.deviceColumns) setAllocatable(s, node, c, p.allocatable[c]!, now);
    devicesAt[node] = now;
  };

  const handlers = {
    [NodeEvent.Ready]: (node: number, now: number) => {
      if (s.node.phase[node] !== NodePhase.Provisioning) return;
      const until = zoneBlocked.get(s.node.labels[node]!.get(WellKnown.zone) ?? "") ?? -Infinity;
      if (until > now) return engine.schedule(until, codes[NodeEvent.Ready], node);
      registerNode(s, node as NodeIx, now);
      const p = pools[s.node.pool[node]!]!;
      if (p.deviceColumns.length === 0) devicesAt[node] = now;
      else engine.schedule(now + p.devicePluginSeconds, codes[NodeEvent.DevicesReady], node);
      changed(now);
    },
    [NodeEvent.DevicesReady]: (node: number, now: number) => {
      if (s.node.phase[node] !== NodePhase.Ready) return;
      advertise(node as NodeIx, now);
      changed(now);
    },
  } satisfies HandlerTable<NodeEvent>;
  const codes = engine.on(handlers, { [NodeEvent.Ready]: Priority.Normal, [NodeEvent.DevicesReady]: Priority.Normal });

  return {
    addReady(pool, now) {
      const node = create(pool, now, true);
      registerNode(s, node, now);
      devicesAt[node] = now;
      return node;
    },
    provision(pool, now) {
      const node = create(pool, now, false);
      engine.schedule(now + pools[pool]!.bootSeconds, codes[NodeEvent.Ready], node);
      return node;
    },
    remove(node, now) {
      removeNode(s, node, now);
      changed(now);
    },
    pool: (node) => pools[s.node.pool[node]!]!,
    devicesReadyAt: (node) => devicesAt[node] ?? NaN,
    blockZone(zone, until) {
      zoneBlocked.set(zone, Math.max(until, zoneBlocked.get(zone) ?? -Infinity));
    },
  };
}
