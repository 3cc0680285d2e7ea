import { describe, expect, test } from "vitest";
import { createEngine } from "../engine/index.js";
import type { PodSpec } from "./api.js";
import { createNodeLifecycle } from "./node-lifecycle.js";
import type { NodePoolSpec } from "./node-lifecycle.js";
import { createPodLifecycle, PodStage } from "./pod-lifecycle.js";
import type { PodLifecycleHooks, StartupSpec } from "./pod-lifecycle.js";
import { createImagePulls } from "./pulls.js";
import { createResourceIndex } from "./resources.js";
import type { NodeIx, PodIx } from "./state.js";
import { createClusterState } from "./state.js";
import { bindPod, createPod } from "./pods.js";
import { PodPhase } from "./phases.js";
import { addTemplate } from "./template.js";

const GB = 1e9;

interface Options {
  readonly pool?: Partial<NodePoolSpec>;
  readonly startups: readonly Partial<StartupSpec>[];
  readonly images?: readonly { readonly name: string; readonly size: number }[];
  readonly hooks?: Partial<PodLifecycleHooks>;
}

/** One pool of one node (4 cpu, 1 GPU), templates per startup, an engine with event log, and the pod lifecycle. */
function harness(o: Options) {
  const engine = createEngine({ log: { capacity: 10_000 } });
  const s = createClusterState(createResourceIndex(["nvidia.com/gpu"]));
  const images = (o.images ?? []).map((i) => s.images.intern(i.name, i.size));
  const allocatable = new Float64Array(s.resources.width);
  allocatable[s.resources.id("cpu")] = 4000;
  allocatable[s.resources.id("memory")] = 16 * GB;
  allocatable[s.resources.id("nvidia.com/gpu")] = 1;
  const pool: NodePoolSpec = {
    name: "p",
    allocatable,
    deviceColumns: [s.resources.id("nvidia.com/gpu")],
    maxPods: 110,
    labels: {},
    zones: [],
    region: undefined,
    taints: [],
    bootSeconds: 100,
    devicePluginSeconds: 50,
    pull: { bandwidth: 100e6, maxParallel: Infinity, diskBytes: 100 * GB },
    modelLoadBandwidth: 1e9,
    modelCache: null,
    preloadedImages: [],
    ...o.pool,
  };
  const changes: number[] = [];
  const nodes = createNodeLifecycle(engine, s, [pool], (now) => changes.push(now));
  const pulls = createImagePulls(engine, s.images, (n) => nodes.pool(n).pull);
  const startups: StartupSpec[] = o.startups.map((st) => ({
    initContainers: [],
    image: -1,
    containerStartSeconds: 0,
    modelBytes: 0,
    modelKey: "m",
    probe: { initialDelaySeconds: 0, periodSeconds: 1, successThreshold: 1 },
    terminationGraceSeconds: 30,
    ...st,
  }));
  const spec: PodSpec = { containers: [{ requests: { cpu: 100 } }] };
  startups.forEach((_, i) => addTemplate(s, `t${i}`, i, spec));
  const events: string[] = [];
  const hooks: PodLifecycleHooks = {
    ready: (pod, now) => events.push(`ready ${pod}@${now}`),
    terminating: () => false,
    abort: (pod, now) => events.push(`abort ${pod}@${now}`),
    deleted: (pod, now) => events.push(`deleted ${pod}@${now}`),
    ...o.hooks,
  };
  const pods = createPodLifecycle(engine, s, nodes, pulls, (t) => startups[t]!, hooks);
  const start = (template: number, node: NodeIx, at: number): PodIx => {
    const pod = createPod(s, template, `pod-${s.pod.count}`, at);
    bindPod(s, pod, node, at);
    pods.bound(pod, at);
    return pod;
  };
  return { engine, s, nodes, pods, images, start, events, changes };
}

describe("image pulls", () => {
  test("a pull takes the image size over the node's pull bandwidth", () => {
    const h = harness({ images: [{ name: "a", size: GB }], startups: [{ image: 0 }] });
    const node = h.nodes.addReady(0, 0);
    const pod = h.start(0, node, 0);
    h.engine.runUntil(100);
    expect(h.pods.timeline.imageReadyAt[pod]).toBeCloseTo(10, 9);
    expect(h.pods.timeline.pullSeconds[pod]).toBeCloseTo(10, 9);
  });

  test("two concurrent pulls on one node each take about twice as long", () => {
    const h = harness({ images: [{ name: "a", size: GB }, { name: "b", size: GB }], startups: [{ image: 0 }, { image: 1 }] });
    const node = h.nodes.addReady(0, 0);
    const a = h.start(0, node, 0);
    const b = h.start(1, node, 0);
    h.engine.runUntil(100);
    expect(h.pods.timeline.pullSeconds[a]).toBeCloseTo(20, 9);
    expect(h.pods.timeline.pullSeconds[b]).toBeCloseTo(20, 9);
  });

  test("a pull that joins later shares the bandwidth from then on", () => {
    const h = harness({ images: [{ name: "a", size: GB }, { name: "b", size: GB }], startups: [{ image: 0 }, { image: 1 }] });
    const node = h.nodes.addReady(0, 0);
    const a = h.start(0, node, 0);
    h.engine.runUntil(5);
    const b = h.start(1, node, 5);
    h.engine.runUntil(100);
    // a: 0.5 GB alone in 5 s, then 0.5 GB at half speed (10 s); b: 0.5 GB at half speed, then 0.5 GB alone (5 s).
    expect(h.pods.timeline.imageReadyAt[a]).toBeCloseTo(15, 9);
    expect(h.pods.timeline.imageReadyAt[b]).toBeCloseTo(20, 9);
  });

  test("with maxParallelImagePulls 1 the second pull waits for the first", () => {
    const h = harness({ pool: { pull: { bandwidth: 100e6, maxParallel: 1, diskBytes: 100 * GB } }, images: [{ name: "a", size: GB }, { name: "b", size: GB }], startups: [{ image: 0 }, { image: 1 }] });
    const node = h.nodes.addReady(0, 0);
    const a = h.start(0, node, 0);
    const b = h.start(1, node, 0);
    h.engine.runUntil(100);
    expect(h.pods.timeline.imageReadyAt[a]).toBeCloseTo(10, 9);
    expect(h.pods.timeline.imageReadyAt[b]).toBeCloseTo(20, 9);
  });

  test("two pods wanting the same image share one pull", () => {
    const h = harness({ images: [{ name: "a", size: GB }], startups: [{ image: 0 }] });
    const node = h.nodes.addReady(0, 0);
    const a = h.start(0, node, 0);
    const b = h.start(0, node, 0);
    h.engine.runUntil(100);
    expect([h.pods.timeline.imageReadyAt[a], h.pods.timeline.imageReadyAt[b]]).toEqual([10, 10]);
  });

  test("image locality shortens the second cold start on a node", () => {
    const h = harness({ images: [{ name: "a", size: 2 * GB }], startups: [{ image: 0, containerStartSeconds: 2, modelBytes: GB }] });
    const node = h.nodes.addReady(0, 0);
    const first = h.start(0, node, 0);
    h.engine.runUntil(100);
    const second = h.start(0, node, 100);
    h.engine.runUntil(200);
    const coldStart = (p: number) => h.pods.timeline.readyAt[p]! - h.s.pod.createdAt[p]!;
    expect(h.s.images.has(node, h.images[0]!)).toBe(true);
    expect(h.pods.timeline.pullSeconds[second]).toBe(0);
    expect(coldStart(first) - coldStart(second)).toBeCloseTo(20, 6);
  });

  test("a full image disk evicts the least recently used image no container uses", () => {
    const sizes = [{ name: "a", size: 40 * GB }, { name: "b", size: 40 * GB }, { name: "c", size: 40 * GB }];
    const h = harness({ pool: { pull: { bandwidth: 1e12, maxParallel: Infinity, diskBytes: 100 * GB } }, images: sizes, startups: [{ image: 0 }, { image: 1 }, { image: 2 }] });
    const node = h.nodes.addReady(0, 0);
    const a = h.start(0, node, 0);
    h.start(1, node, 1);
    h.engine.runUntil(2);
    // a is pinned by its running pod: once it is gone, a is the oldest and goes when c arrives.
    h.pods.terminate(a, 3);
    h.start(2, node, 4);
    h.engine.runUntil(10);
    expect(h.s.images.imagesOn(node).map((i) => h.s.images.name(i))).toEqual(["b:latest", "c:latest"]);
    expect(h.s.images.usedBytes(node)).toBe(80 * GB);
  });
});

describe("pod start-up", () => {
  test("init containers run in order after their pulls, then the main container starts", () => {
    const h = harness({
      images: [{ name: "init", size: GB }, { name: "main", size: GB }],
      startups: [{ initContainers: [{ image: 0, seconds: 5 }, { image: -1, seconds: 3 }], image: 1, containerStartSeconds: 2 }],
    });
    const node = h.nodes.addReady(0, 0);
    const pod = h.start(0, node, 0);
    h.engine.runUntil(100);
    const t = h.pods.timeline;
    // init pull 10 s, init 5 s + 3 s, main pull 10 s, start 2 s.
    expect([t.pullSeconds[pod], t.initSeconds[pod], t.imageReadyAt[pod], t.startedAt[pod]]).toEqual([20, 8, 28, 30]);
  });

  test("the readiness probe ticks every period from the bind and needs successThreshold successes after the initial delay", () => {
    const h = harness({ startups: [{ containerStartSeconds: 3, modelBytes: 4e9, probe: { initialDelaySeconds: 15, periodSeconds: 10, successThreshold: 2 } }] });
    const node = h.nodes.addReady(0, 0);
    const pod = h.start(0, node, 1);
    h.engine.runUntil(100);
    // Started at 4, loaded at 8; ticks at 1, 11, 21, …; the first at or after 4 + 15 = 19 is 21; the second success is at 31.
    expect(h.pods.timeline.modelLoadedAt[pod]).toBe(8);
    expect(h.pods.timeline.readyAt[pod]).toBe(31);
    expect(h.events).toContain(`ready ${pod}@31`);
  });

  test("a node-local model cache serves the second load on the node at its own bandwidth", () => {
    const h = harness({ pool: { modelCache: { bytes: 100 * GB, bandwidth: 4e9 } }, startups: [{ modelBytes: 8e9 }] });
    const node = h.nodes.addReady(0, 0);
    const a = h.start(0, node, 0);
    h.engine.runUntil(50);
    const b = h.start(0, node, 50);
    h.engine.runUntil(100);
    const load = (p: number) => h.pods.timeline.modelLoadedAt[p]! - h.pods.timeline.startedAt[p]!;
    expect(load(a)).toBe(8);
    expect(load(b)).toBe(2);
  });
});

describe("nodes", () => {
  test("a provisioned node registers after its boot delay and advertises GPUs only after the device plugin delay", () => {
    const h = harness({ startups: [{}] });
    const node = h.nodes.provision(0, 0);
    const gpu = h.s.resources.id("nvidia.com/gpu");
    const gpus = () => h.s.node.allocatable[node * h.s.resources.width + gpu];
    expect(h.s.order.list()).toEqual([]);
    h.engine.runUntil(100);
    expect(h.s.order.list()).toEqual([node]);
    expect(gpus()).toBe(0);
    h.engine.runUntil(150);
    expect(gpus()).toBe(1);
    expect(h.nodes.devicesReadyAt(node)).toBe(150);
    expect(h.changes).toEqual([100, 150]);
  });
});

describe("termination", () => {
  test("a pod not yet Ready stops at once and frees its node", () => {
    const h = harness({ images: [{ name: "a", size: GB }], startups: [{ image: 0 }] });
    const node = h.nodes.addReady(0, 0);
    const pod = h.start(0, node, 0);
    h.engine.runUntil(5);
    h.pods.terminate(pod, 5);
    h.engine.runUntil(100);
    expect(h.s.pod.phase[pod]).toBe(PodPhase.Deleted);
    expect(h.s.node.podCount[node]).toBe(0);
    expect(h.events).toEqual([`deleted ${pod}@5`]);
    expect(Number.isNaN(h.pods.timeline.readyAt[pod]!)).toBe(true);
  });

  test("a Ready pod drains: it is deleted when its last request finishes", () => {
    const h = harness({ startups: [{}], hooks: { terminating: () => true } });
    const node = h.nodes.addReady(0, 0);
    const pod = h.start(0, node, 0);
    h.engine.runUntil(1);
    h.pods.terminate(pod, 1);
    expect(h.pods.stage(pod)).toBe(PodStage.Terminating);
    expect(h.s.node.podCount[node]).toBe(1);
    h.pods.drained(pod, 4);
    expect(h.events).toEqual([`ready ${pod}@0`, `deleted ${pod}@4`]);
  });

  test("a Ready pod still draining when its grace period ends has its requests cut, then is deleted", () => {
    const h = harness({ startups: [{ terminationGraceSeconds: 30 }], hooks: { terminating: () => true } });
    const node = h.nodes.addReady(0, 0);
    const pod = h.start(0, node, 0);
    h.engine.runUntil(10);
    h.pods.terminate(pod, 10);
    h.engine.runUntil(100);
    expect(h.events).toEqual([`ready ${pod}@0`, `abort ${pod}@40`, `deleted ${pod}@40`]);
  });
});
