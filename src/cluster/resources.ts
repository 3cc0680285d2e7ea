/**
 * Resources: dense column ids per run, the names Kubernetes gives them, and a pod's effective
 * request (k8s.io/component-helpers/resource/helpers.go PodRequests: containers plus sidecars,
 * the largest init-container need, pod-level requests, overhead).
 */
import type { Container, PodSpec, ResourceList } from "./api.js";

/** Fixed columns of every resource row; scalar resources (extended, hugepages, MIG) follow. */
export const Res = { cpu: 0, memory: 1, ephemeralStorage: 2, nonZeroCpu: 3, nonZeroMemory: 4 } as const;
export const FIXED_RESOURCES = 5;

/**
 * What the scheduler counts for a container that sets no cpu (memory) request when it scores
 * (pkg/scheduler/util/pod_resources.go DefaultMilliCPURequest, DefaultMemoryRequest).
 */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

const NATIVE = new Set(["cpu", "memory", "ephemeral-storage", "pods", "storage"]);

/** Resources that are neither cpu, memory, ephemeral-storage nor pods: extended, hugepages-*, kubernetes.io/… (schedutil.IsScalarResourceName). */
export const isScalarResource = (name: string): boolean => !NATIVE.has(name);

/** Extended resources: qualified names outside the kubernetes.io domain (v1helper.IsExtendedResourceName). */
export const isExtendedResource = (name: string): boolean =>
  name.includes("/") && !name.includes("kubernetes.io/") && !name.startsWith("requests.");

const isPodLevelResource = (name: string): boolean => name === "cpu" || name === "memory" || name.startsWith("hugepages-");

/** Dense ids of the resources of one run: the fixed columns, then scalar names in sorted order. */
export interface ResourceIndex {
  /** Column names; the non-zero columns are named `(non-zero cpu)` and `(non-zero memory)`. */
  readonly names: readonly string[];
  /** Row width (columns per node or pod). */
  readonly width: number;
  /** Column of a resource name, or -1 when the run has no such resource. */
  id(name: string): number;
}

export function createResourceIndex(scalarNames: Iterable<string>): ResourceIndex {
  const scalars = [...new Set([...scalarNames].filter(isScalarResource))].sort();
  const names = ["cpu", "memory", "ephemeral-storage", "(non-zero cpu)", "(non-zero memory)", ...scalars];
  const ids = new Map(names.slice(0, 3).concat(scalars).map((n) => [n, names.indexOf(n)]));
  return { names, width: names.length, id: (name) => ids.get(name) ?? -1 };
}

type Mutable = Map<string, number>;
const add = (into: Mutable, list: ReadonlyMap<string, number>) => list.forEach((v, k) => into.set(k, (into.get(k) ?? 0) + v));
const maxInto = (into: Mutable, list: ReadonlyMap<string, number>) => list.forEach((v, k) => into.set(k, Math.max(into.get(k) ?? 0, v)));

function containerRequests(c: Container, nonMissing: boolean): Mutable {
  const out: Mutable = new Map();
  for (const [k, v] of Object.entries(c.requests ?? {})) if (k !== "pods") out.set(k, v);
  if (nonMissing) {
    if (!out.has("cpu")) out.set("cpu", DEFAULT_MILLI_CPU_REQUEST);
    if (!out.has("memory")) out.set("memory", DEFAULT_MEMORY_REQUEST);
  }
  return out;
}

/** PodRequests with or without the non-missing defaults (the scorer's "non-zero" requests). */
function aggregate(spec: PodRequestInput, nonMissing: boolean): Mutable {
  const reqs: Mutable = new Map();
  for (const c of spec.containers) add(reqs, containerRequests(c, nonMissing));
  const sidecars: Mutable = new Map();
  const initMax: Mutable = new Map();
  for (const c of spec.initContainers ?? []) {
    const r = containerRequests(c, nonMissing);
    if (c.restartPolicy === "Always") {
      // A sidecar runs for the pod's whole life, and alongside every init container after it.
      add(reqs, r);
      add(sidecars, r);
      maxInto(initMax, sidecars);
    } else {
      add(r, sidecars);
      maxInto(initMax, r);
    }
  }
  maxInto(reqs, initMax);
  for (const [k, v] of Object.entries(spec.resources?.requests ?? {})) if (isPodLevelResource(k)) reqs.set(k, v);
  add(reqs, new Map(Object.entries(spec.overhead ?? {})));
  return reqs;
}

export type PodRequestInput = Pick<PodSpec, "containers" | "initContainers" | "overhead" | "resources">;

/** A pod's effective requests: actual ones (what Fit filters on) and the cpu/memory the Fit scorer counts. */
export interface PodRequests {
  readonly actual: ReadonlyMap<string, number>;
  readonly nonZeroCpu: number;
  readonly nonZeroMemory: number;
}

export function podRequests(spec: PodRequestInput): PodRequests {
  const nz = aggregate(spec, true);
  return { actual: aggregate(spec, false), nonZeroCpu: nz.get("cpu") ?? 0, nonZeroMemory: nz.get("memory") ?? 0 };
}

/** A request row of `index.width` columns (names the run does not know are reported through `unknown`). */
export function requestRow(index: ResourceIndex, r: PodRequests, unknown?: (name: string) => void): Float64Array {
  const row = new Float64Array(index.width);
  r.actual.forEach((v, k) => {
    const id = index.id(k);
    if (id >= 0) row[id] = v;
    else if (v !== 0) unknown?.(k);
  });
  row[Res.nonZeroCpu] = r.nonZeroCpu;
  row[Res.nonZeroMemory] = r.nonZeroMemory;
  return row;
}

/** API defaulting (pkg/apis/core/v1/defaults.go SetDefaults_Pod): a limit without a request sets the request. */
export function defaultRequests(c: Container): Container {
  if (!c.limits) return c;
  const requests: Record<string, number> = { ...c.requests };
  for (const [k, v] of Object.entries(c.limits)) if (!(k in requests)) requests[k] = v;
  return { ...c, requests };
}

export const resourceListOf = (m: ReadonlyMap<string, number>): ResourceList => Object.fromEntries(m);
