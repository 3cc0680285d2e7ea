/**
 * Cluster state as struct-of-arrays: nodes (allocatable and requested resource rows, pods,
 * labels, taints, phase) and pods (template, node, phase, priority, times), with dense ids given
 * by a per-run counter and never reused. Rows are added during a run (tables grow by doubling).
 * Only the functions here and in pods.ts change it; each checks its invariants and throws InvariantError when
 * one breaks (a node over-committed, a pod bound twice, a node removed with pods on it).
 */
import { InvariantError } from "../engine/index.js";
import type { Taint } from "./api.js";
import { WellKnown } from "./api.js";
import { grown } from "./grow.js";
import { createImageStore } from "./images.js";
import type { ImageStore } from "./images.js";
import { createNodeOrder, zoneKey } from "./node-order.js";
import type { NodeOrder } from "./node-order.js";
import type { ResourceIndex } from "./resources.js";
import type { NodeView } from "./node-view.js";
import type { Labels } from "./selectors.js";
import { NodePhase } from "./phases.js";
import { COUNT_LOG_SIZE } from "./template-counts.js";
import type { PodTemplate } from "./template.js";


export type NodeIx = number & { readonly __brand: "NodeIx" };
export type PodIx = number & { readonly __brand: "PodIx" };

export interface NodeSpec {
  readonly name: string;
  /** Index of the node's pool (or -1). */
  readonly pool: number;
  /** Allocatable by resource column (`resources.width` long). */
  readonly allocatable: Float64Array;
  readonly maxPods: number;
  readonly labels: Labels;
  readonly taints: readonly Taint[];
}

export interface ClusterState {
  readonly resources: ResourceIndex;
  readonly images: ImageStore;
  readonly templates: PodTemplate[];
  readonly order: NodeOrder;
  /** Bumped whenever nodes join, leave or change labels: caches keyed on node sets check it. */
  generation: number;
  readonly node: {
    count: number;
    readonly name: string[];
    readonly labels: Labels[];
    readonly taints: (readonly Taint[])[];
    readonly zoneKey: string[];
    pool: Int32Array;
    phase: Uint8Array;
    unschedulable: Uint8Array;
    maxPods: Int32Array;
    podCount: Int32Array;
    /** Bumped on every change to the node (see NodeView.version). */
    version: Int32Array;
    firstPod: Int32Array;
    lastPod: Int32Array;
    /** Row-major, `resources.width` columns per node. */
    allocatable: Float64Array;
    requested: Float64Array;
    createdAt: Float64Array;
    readyAt: Float64Array;
    removedAt: Float64Array;
  };
  readonly pod: {
    count: number;
    readonly name: string[];
    template: Int32Array;
    node: Int32Array;
    nominated: Int32Array;
    phase: Uint8Array;
    priority: Int32Array;
    nextOnNode: Int32Array;
    prevOnNode: Int32Array;
    createdAt: Float64Array;
    boundAt: Float64Array;
    terminatingAt: Float64Array;
    deletedAt: Float64Array;
  };
  /** Non-terminating bound pods of each template per node, built on first use (see podsOfTemplate). */
  readonly templateCounts: (Int32Array | undefined)[];
  /** The same per value of a node label (a topology domain), per template and label key (see podsOfTemplateByDomain). */
  readonly templateDomains: (Map<string, Map<string, number>> | undefined)[];
  /** Recent changes to those counts, so that a consumer can catch up incrementally (see readCountLog). */
  readonly countLog: { seq: number; readonly node: Int32Array; readonly template: Int32Array; readonly delta: Int8Array };
  /** Live node views, valid while the node rows they point into have not grown (see nodeView). */
  readonly viewCache: { rows: ArrayBufferLike | null; readonly views: NodeView[] };
}

export function createClusterState(resources: ResourceIndex): ClusterState {
  const f = () => new Float64Array(0);
  return {
    resources,
    images: createImageStore(),
    templates: [],
    order: createNodeOrder(),
    generation: 0,
    node: {
      count: 0, name: [], labels: [], taints: [], zoneKey: [],
      pool: new Int32Array(0), phase: new Uint8Array(0), unschedulable: new Uint8Array(0), maxPods: new Int32Array(0),
      podCount: new Int32Array(0), version: new Int32Array(0), firstPod: new Int32Array(0), lastPod: new Int32Array(0),
      allocatable: f(), requested: f(), createdAt: f(), readyAt: f(), removedAt: f(),
    },
    pod: {
      count: 0, name: [], template: new Int32Array(0), node: new Int32Array(0), nominated: new Int32Array(0),
      phase: new Uint8Array(0), priority: new Int32Array(0), nextOnNode: new Int32Array(0), prevOnNode: new Int32Array(0),
      createdAt: f(), boundAt: f(), terminatingAt: f(), deletedAt: f(),
    },
    templateCounts: [],
    templateDomains: [],
    countLog: { seq: 0, node: new Int32Array(COUNT_LOG_SIZE), template: new Int32Array(COUNT_LOG_SIZE), delta: new Int8Array(COUNT_LOG_SIZE) },
    viewCache: { rows: null, views: [] },
  };
}

/** Adds a node in phase Provisioning (not visible to the scheduler until `registerNode`). */
export function addNode(s: ClusterState, spec: NodeSpec, now: number): NodeIx {
  const n = s.node;
  const i = n.count++;
  const w = s.resources.width;
  if (spec.allocatable.length !== w) throw new InvariantError(`node ${spec.name}: allocatable row has ${spec.allocatable.length} columns, expected ${w}`, now);
  n.pool = grown(n.pool, i + 1);
  n.phase = grown(n.phase, i + 1);
  n.unschedulable = grown(n.unschedulable, i + 1);
  n.maxPods = grown(n.maxPods, i + 1);
  n.podCount = grown(n.podCount, i + 1);
  n.version = grown(n.version, i + 1);
  n.firstPod = grown(n.firstPod, i + 1, -1);
  n.lastPod = grown(n.lastPod, i + 1, -1);
  n.allocatable = grown(n.allocatable, (i + 1) * w);
  n.requested = grown(n.requested, (i + 1) * w);
  n.createdAt = grown(n.createdAt, i + 1, NaN);
  n.readyAt = grown(n.readyAt, i + 1, NaN);
  n.removedAt = grown(n.removedAt, i + 1, NaN);
  n.name.push(spec.name);
  n.labels.push(spec.labels);
  n.taints.push(spec.taints);
  n.zoneKey.push(zoneKey(spec.labels.get(WellKnown.region), spec.labels.get(WellKnown.zone)));
  n.pool[i] = spec.pool;
  n.phase[i] = NodePhase.Provisioning;
  n.maxPods[i] = spec.maxPods;
  n.allocatable.set(spec.allocatable, i * w);
  n.createdAt[i] = now;
  s.generation++;
  return i as NodeIx;
}

/** The node registers Ready with the API server: the scheduler sees it from now on. */
export function registerNode(s: ClusterState, node: NodeIx, now: number): void {
  if (s.node.phase[node] !== NodePhase.Provisioning) throw new InvariantError(`node ${s.node.name[node]} registered twice`, now);
  s.node.phase[node] = NodePhase.Ready;
  s.node.readyAt[node] = now;
  s.order.add(node, s.node.zoneKey[node]!);
  s.generation++;
}

/** Sets the allocatable amount of one resource (a device plugin advertising its devices); never below what is requested. */
export function setAllocatable(s: ClusterState, node: NodeIx, column: number, value: number, now: number): void {
  const at = node * s.resources.width + column;
  if (value < s.node.requested[at]!) throw new InvariantError(`node ${s.node.name[node]}: allocatable ${s.resources.names[column]} ${value} below its requests ${s.node.requested[at]}`, now);
  s.node.allocatable[at] = value;
  s.generation++;
  touch(s, node);
}

/** Removes an empty node. */
export function removeNode(s: ClusterState, node: NodeIx, now: number): void {
  const n = s.node;
  if (n.phase[node] === NodePhase.Removed) throw new InvariantError(`node ${n.name[node]} removed twice`, now);
  if (n.podCount[node] !== 0) throw new InvariantError(`node ${n.name[node]} removed with ${n.podCount[node]} pods on it`, now);
  if (n.phase[node] === NodePhase.Ready) s.order.remove(node, n.zoneKey[node]!);
  n.phase[node] = NodePhase.Removed;
  n.removedAt[node] = now;
  s.images.clear(node);
  s.generation++;
}

/** Marks a node (un)schedulable, as `kubectl cordon` does. */
export function setUnschedulable(s: ClusterState, node: NodeIx, value: boolean): void {
  s.node.unschedulable[node] = value ? 1 : 0;
  s.generation++;
  touch(s, node);
}

/** A live view's fields that follow the node (node-view.ts creates them as plain data). */
interface LiveFields {
  podCount: number;
  unschedulable: boolean;
  taints: readonly Taint[];
  version: number;
}

/** Records a change to a node: bumps its version and brings its live view (if any) up to date (for pods.ts and this file). */
export function touch(s: ClusterState, node: NodeIx): void {
  const n = s.node;
  n.version[node]! += 1;
  const v = s.viewCache.views[node] as LiveFields | undefined;
  if (v && s.viewCache.rows === n.requested.buffer) {
    v.podCount = n.podCount[node]!;
    v.unschedulable = n.unschedulable[node] === 1;
    v.taints = n.taints[node]!;
    v.version = n.version[node]!;
  }
}
