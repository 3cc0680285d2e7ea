/**
 * The cluster of a run: nodes of each pool, one Deployment per service, the scheduler, the pod and
 * node lifecycles, wired to serving (Ready pods join their service; terminating pods drain).
 * At time 0 the pools' nodes are up (or start booting), and each Deployment creates its pods.
 */
import type { ClusterRuntime, NodeIx, PodIx, StartupSpec } from "../cluster/index.js";
import {
  addTemplate,
  bindPod,
  forEachPodOn,
  NodePhase,
  PodPhase,
  setUnschedulable,
  createClusterState,
  createDeploymentController,
  createImagePulls,
  createNodeLifecycle,
  createPodLifecycle,
  createResourceIndex,
} from "../cluster/index.js";
import { InvariantError } from "../engine/index.js";
import type { Scheduler } from "../scheduler/index.js";
import { createScheduler, inTreeRegistry } from "../scheduler/index.js";
import { Limits } from "../scenario/index.js";
import type { SimContext } from "./context.js";
import { nodePoolSpecs, poolResourceNames } from "./node-pools.js";
import { podSpecOf, serviceResourceNames, startupOf } from "./pod-templates.js";
import type { ServingPlane } from "../serving/index.js";

export interface ClusterSetup extends ClusterRuntime {
  readonly scheduler: Scheduler;
  readonly startup: readonly StartupSpec[];
  /** A terminating pod drained its last request (serving calls this). */
  drained(pod: number, now: number): void;
}

/** `*` and `?` wildcards, anchored: `chat-*` matches every pod of service chat. */
export function globMatcher(pattern: string | undefined): (name: string) => boolean {
  if (pattern === undefined) return () => false;
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
  return (name) => re.test(name);
}

export function setupCluster(cx: SimContext, serving: ServingPlane, options: { readonly explainPods?: string | undefined } = {}): ClusterSetup {
  const { scenario, engine } = cx;
  const names = [...scenario.cluster.nodePools.flatMap(poolResourceNames), ...scenario.services.flatMap(serviceResourceNames)];
  const state = createClusterState(createResourceIndex(names));
  const pools = nodePoolSpecs(scenario.cluster.nodePools, state);
  const startup = scenario.services.map((svc) => startupOf(svc, state, cx.warn));
  // Template id = service index.
  scenario.services.forEach((svc, s) => addTemplate(state, svc.name, s, podSpecOf(scenario, svc), () => 0));

  const serviceOf = (pod: number) => state.pod.template[pod]!;
  /** GPU type of the pool of the node a pod is bound to (null without GPUs). */
  const gpuTypeOf = (pod: number): string | null => scenario.cluster.nodePools[state.node.pool[state.pod.node[pod]!]!]?.gpu?.type ?? null;
  const changed = (now: number) => scheduler.clusterChanged(now);
  const nodes = createNodeLifecycle(engine, state, pools, changed);
  const pulls = createImagePulls(engine, state.images, (node) => nodes.pool(node).pull);
  const pods = createPodLifecycle(engine, state, nodes, pulls, (t) => startup[t]!, {
    ready: (pod, now) => serving.podReady(pod, serviceOf(pod), gpuTypeOf(pod), now),
    startFailure: (pod) => serving.startFailure(serviceOf(pod), gpuTypeOf(pod)),
    terminating: (pod, now) => serving.podTerminating(pod, serviceOf(pod), now),
    abort: (pod, now) => serving.abortPod(pod, serviceOf(pod), now),
    deleted: (pod, now) => {
      scheduler.forget(pod);
      scheduler.clusterChanged(now);
    },
  });
  const deployments = createDeploymentController(
    state,
    scenario.services.map((svc, s) => ({ name: svc.name, template: s })),
    pods,
    (pod, now) => scheduler.enqueue(pod, now),
  );
  const explain = scenario.output.explain;
  const scheduler = createScheduler({
    engine,
    cluster: state,
    config: scenario.cluster.scheduler,
    registry: inTreeRegistry,
    stream: cx.stream,
    explain: { first: explain.firstDecisions, matches: globMatcher(options.explainPods ?? explain.pods), limit: Limits.explainRecords },
    warn: cx.warn,
    hooks: {
      bind(pod, node, now) {
        bindPod(state, pod, node, now);
        pods.bound(pod, now);
      },
      evict(victim: PodIx, _preemptor, now) {
        pods.terminate(victim, now);
        deployments.reconcile(serviceOf(victim), now);
      },
    },
  });

  scenario.cluster.nodePools.forEach((p, i) => {
    for (let n = 0; n < p.count; n++) {
      if (p.bootAtStart) nodes.provision(i, 0);
      else nodes.addReady(i, 0);
    }
  });
  scenario.services.forEach((svc, s) => deployments.setReplicas(s, svc.replicas, 0));
  const drainNode = (node: NodeIx, now: number) => {
    if (state.node.phase[node] !== NodePhase.Ready) throw new InvariantError(`node ${state.node.name[node]} drained while not Ready`, now);
    setUnschedulable(state, node, true);
    const victims: PodIx[] = [];
    forEachPodOn(state, node, (pod) => state.pod.phase[pod] === PodPhase.Bound && victims.push(pod));
    for (const pod of victims) pods.terminate(pod, now);
    for (const s of new Set(victims.map(serviceOf))) deployments.reconcile(s, now);
    scheduler.clusterChanged(now);
  };
  return { state, pools, nodes, pods, pulls, deployments, scheduler, startup, serviceOf, drained: (pod, now) => pods.drained(pod as PodIx, now), drainNode };
}
