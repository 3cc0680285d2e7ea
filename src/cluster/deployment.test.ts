import { describe, expect, test } from "vitest";
import { createEngine } from "../engine/index.js";
import { createDeploymentController } from "./deployment.js";
import { createNodeLifecycle } from "./node-lifecycle.js";
import { createPodLifecycle, PodStage } from "./pod-lifecycle.js";
import { createImagePulls } from "./pulls.js";
import { createResourceIndex } from "./resources.js";
import type { NodeIx, PodIx } from "./state.js";
import { createClusterState } from "./state.js";
import { bindPod } from "./pods.js";
import { PodPhase } from "./phases.js";
import { addTemplate } from "./template.js";

function setup() {
  const engine = createEngine();
  const s = createClusterState(createResourceIndex([]));
  const row = new Float64Array(s.resources.width).fill(1e12);
  const nodes = createNodeLifecycle(engine, s, [{
    name: "p", allocatable: row, deviceColumns: [], maxPods: 100, labels: {}, zones: [], region: undefined, taints: [], bootSeconds: 0,
    devicePluginSeconds: 0, pull: { bandwidth: 1, maxParallel: 1, diskBytes: 1 }, modelLoadBandwidth: 1, modelCache: null, preloadedImages: [],
  }], () => undefined);
  const node = nodes.addReady(0, 0);
  const startup = { initContainers: [], image: -1, containerStartSeconds: 1, modelBytes: 0, modelKey: "m", probe: { initialDelaySeconds: 0, periodSeconds: 1, successThreshold: 1 }, terminationGraceSeconds: 0 };
  const pods = createPodLifecycle(engine, s, nodes, createImagePulls(engine, s.images, () => nodes.pool(node).pull), () => startup, {
    ready: () => undefined, terminating: () => false, abort: () => undefined, deleted: (_p, now) => d.reconcile(0, now),
  });
  addTemplate(s, "web", 0, { containers: [{}] });
  const created: PodIx[] = [];
  const d = createDeploymentController(s, [{ name: "web", template: 0 }], pods, (pod) => created.push(pod));
  const bind = (pod: PodIx, at: number) => {
    bindPod(s, pod, node as NodeIx, at);
    pods.bound(pod, at);
  };
  return { engine, s, pods, d, created, bind };
}

describe("deployment controller", () => {
  test("setReplicas creates pods named after the workload, and a terminating pod is replaced", () => {
    const h = setup();
    h.d.setReplicas(0, 3, 0);
    expect(h.created.map((p) => h.s.pod.name[p])).toEqual(["web-0", "web-1", "web-2"]);
    h.pods.terminate(h.created[1]!, 1);
    expect(h.d.activePods(0).map((p) => h.s.pod.name[p])).toEqual(["web-0", "web-2", "web-3"]);
  });

  test("scaling down deletes unscheduled pods first, then not-ready ones, then the most recently ready", () => {
    const h = setup();
    h.d.setReplicas(0, 5, 0);
    const [a, b, c, d] = h.created;
    h.bind(a!, 0);
    h.bind(b!, 0);
    h.engine.runUntil(10);
    h.bind(c!, 10);
    h.bind(d!, 20);
    h.engine.runUntil(20.5);
    // a, b Ready at 1, c Ready at 11, d started but not Ready yet, e unscheduled.
    expect([a, b, c].map((p) => h.pods.stage(p!))).toEqual([PodStage.Ready, PodStage.Ready, PodStage.Ready]);
    h.d.setReplicas(0, 4, 21);
    expect(h.s.pod.phase[h.created[4]!]).toBe(PodPhase.Deleted);
    h.d.setReplicas(0, 3, 21);
    expect(h.s.pod.phase[d!]).toBe(PodPhase.Deleted);
    h.d.setReplicas(0, 2, 22);
    expect(h.s.pod.phase[c!]).toBe(PodPhase.Deleted);
    expect(h.d.activePods(0)).toEqual([a, b]);
    expect(h.d.allPods(0).length).toBe(5);
  });
});
