/**
 * A pod's life after it is bound, as the kubelet drives it: each init container's image pulled
 * then the container run, the main image pulled, the container started, the model weights loaded
 * (from remote storage, or from the node's model cache), then the readiness probe — the kubelet's
 * prober ticks every `period` from the moment it takes the pod, skips ticks within `initialDelay`
 * of the container start, and marks the pod Ready after `successThreshold` consecutive successes
 * (pkg/kubelet/prober/worker.go). Deletion: a pod not yet Ready stops at once; a Ready one leaves
 * its endpoints and drains its requests, cut at `terminationGracePeriodSeconds`.
 *
 * A server container that cannot start where it landed (its model does not fit the node's GPU
 * memory: OOMKilled; a data type the GPU lacks: Error) exits once its weights are loaded, and the
 * kubelet restarts it after CrashLoopBackOff (10 s doubling to 5 min): the pod is never Ready and
 * its restart count grows, as `kubectl get pods` shows it.
 */
import type { Engine, HandlerTable } from "../engine/index.js";
import { Priority } from "../engine/index.js";
import { crashBackoff } from "./backoff.js";
import { grown } from "./grow.js";
import { createImageStore } from "./images.js";
import type { ImagePulls } from "./pulls.js";
import type { NodeLifecycle } from "./node-lifecycle.js";
import type { ClusterState, NodeIx, PodIx } from "./state.js";
import { deletePod, markTerminating } from "./pods.js";
import { PodPhase } from "./phases.js";

/** Pod events from bind to Ready, and the end of a termination grace period. */
export const PodEvent = {
  InitFinished: "pod.init-finished",
  Started: "pod.started",
  ModelLoaded: "pod.model-loaded",
  Ready: "pod.ready",
  GraceExpired: "pod.grace-expired",
} as const;
export type PodEvent = (typeof PodEvent)[keyof typeof PodEvent];

/** Where a pod is in its life, as the kubelet drives it. */
export const PodStage = { Pending: 0, Pulling: 1, Init: 2, Starting: 3, Loading: 4, Probing: 5, Ready: 6, Terminating: 7, Deleted: 8 } as const;
export type PodStage = (typeof PodStage)[keyof typeof PodStage];

const EXITS: readonly ContainerExit[] = ["OOMKilled", "Error"];

/** How pods of a template start and stop. */
export interface StartupSpec {
  /** Init containers in order: image id (-1: none) and run time. */
  readonly initContainers: readonly { readonly image: number; readonly seconds: number }[];
  /** Main container image id, or -1. */
  readonly image: number;
  /** From image ready to container running. */
  readonly containerStartSeconds: number;
  /** Model weights loaded after the container starts, and the key they are cached under. */
  readonly modelBytes: number;
  readonly modelKey: string;
  readonly probe: { readonly initialDelaySeconds: number; readonly periodSeconds: number; readonly successThreshold: number };
  readonly terminationGraceSeconds: number;
  /** Pods bound at time 0 start Ready (images on the node, container started, model loaded, probe passed): a pre-warmed start. */
  readonly readyAtStart?: boolean;
}

/** What the rest of the run hears from pod lifecycles (serving joins and drains pods; the scheduler retries). */
export interface PodLifecycleHooks {
  /** The pod passed its readiness probe: it may receive requests. */
  ready(pod: PodIx, now: number): void;
  /** A Ready pod starts terminating: stop routing to it; true when it still has requests to drain. */
  terminating(pod: PodIx, now: number): boolean;
  /** The grace period ran out: cut the pod's remaining requests. */
  abort(pod: PodIx, now: number): void;
  /** The pod is gone and its resources are free. */
  deleted(pod: PodIx, now: number): void;
  /**
   * Why the pod's server container exits once its model is loaded on the node's GPUs (OOMKilled:
   * the model does not fit their memory; Error: they cannot run it), or null when it runs.
   */
  startFailure?(pod: PodIx): ContainerExit | null;
}

/** Why a container last terminated, as the pod's `lastState.terminated.reason` says. */
export type ContainerExit = "OOMKilled" | "Error";

/** When each pod passed each step (NaN before), by pod id. */
export interface PodTimeline {
  /** Seconds spent waiting for images (init and main), running init containers, starting, loading, probing. */
  readonly pullSeconds: Float64Array;
  readonly initSeconds: Float64Array;
  readonly imageReadyAt: Float64Array;
  readonly startedAt: Float64Array;
  readonly modelLoadedAt: Float64Array;
  readonly readyAt: Float64Array;
  /** Restarts of the server container (its restartCount). */
  readonly restarts: Int32Array;
}

/** The kubelet's side of every pod: start-up after the bind, graceful deletion. */
export interface PodLifecycle {
  readonly timeline: PodTimeline;
  stage(pod: number): PodStage;
  /** The scheduler bound the pod: the kubelet starts it. */
  bound(pod: PodIx, now: number): void;
  /** Deletes the pod (graceful for a Ready pod). */
  terminate(pod: PodIx, now: number): void;
  /** A terminating pod finished its last request. */
  drained(pod: PodIx, now: number): void;
  /** Deletes the pod at once (grace period 0, or its machine is gone): a Ready pod leaves its endpoints and its requests are cut. */
  kill(pod: PodIx, now: number): void;
  /**
   * The Ready pod's server container exits: the pod leaves its endpoints, its requests are cut, and
   * the kubelet starts the container again after `restartDelay` (CrashLoopBackOff). False when the pod is not Ready.
   */
  crash(pod: PodIx, now: number, restartDelay: number): boolean;
  /** Why the pod's server container last terminated (null: it never did). */
  lastExit(pod: number): ContainerExit | null;
  /** The container exited and waits for its restart (CrashLoopBackOff). */
  backingOff(pod: number): boolean;
}

/** `startup(template)` gives how pods of a template start and stop. */
export function createPodLifecycle(
  engine: Engine,
  s: ClusterState,
  nodes: NodeLifecycle,
  pulls: ImagePulls,
  startup: (template: number) => StartupSpec,
  hooks: PodLifecycleHooks,
): PodLifecycle {
  let stage = new Uint8Array(0);
  let initIndex = new Int32Array(0);
  let pullStart = new Float64Array(0);
  const f = () => new Float64Array(0);
  const t = { pullSeconds: f(), initSeconds: f(), imageReadyAt: f(), startedAt: f(), modelLoadedAt: f(), readyAt: f(), restarts: new Int32Array(0) };
  /** Last exit of each pod's server container (0: none, then EXITS[k − 1]) and whether it waits for a restart. */
  let exit = new Uint8Array(0);
  let backoff = new Uint8Array(0);
  const models = createImageStore((name) => name);
  const pinned: number[][] = [];

  const ensure = (pod: number) => {
    const n = pod + 1;
    stage = grown(stage, n);
    initIndex = grown(initIndex, n);
    pullStart = grown(pullStart, n);
    t.pullSeconds = grown(t.pullSeconds, n);
    t.initSeconds = grown(t.initSeconds, n);
    t.imageReadyAt = grown(t.imageReadyAt, n, NaN);
    t.startedAt = grown(t.startedAt, n, NaN);
    t.modelLoadedAt = grown(t.modelLoadedAt, n, NaN);
    t.readyAt = grown(t.readyAt, n, NaN);
    t.restarts = grown(t.restarts, n);
    exit = grown(exit, n);
    backoff = grown(backoff, n);
  };

  /** The server container exited (`why`): the kubelet starts it again after `delay` (restartCount counts it then). */
  const restartAfter = (pod: number, why: ContainerExit, delay: number, now: number) => {
    exit[pod] = EXITS.indexOf(why) + 1;
    backoff[pod] = 1;
    stage[pod] = PodStage.Starting;
    engine.schedule(now + delay + spec(pod).containerStartSeconds, codes[PodEvent.Started], pod);
  };
  const spec = (pod: number) => startup(s.pod.template[pod]!);
  const node = (pod: number) => s.pod.node[pod]! as NodeIx;

  /** Pulls `image` (if any) for the pod, then continues with `then` unless the pod moved on meanwhile. */
  const withImage = (pod: number, image: number, now: number, then: (now: number) => void) => {
    stage[pod] = PodStage.Pulling;
    if (image < 0) return then(now);
    pullStart[pod] = now;
    pulls.ensure(node(pod), image, now, (at) => {
      if (stage[pod] !== PodStage.Pulling) return;
      t.pullSeconds[pod]! += at - pullStart[pod]!;
      s.images.pin(node(pod), image, at);
      (pinned[pod] ??= []).push(image);
      then(at);
    });
  };

  const nextContainer = (pod: number, now: number) => {
    const sp = spec(pod);
    const i = initIndex[pod]!;
    if (i < sp.initContainers.length) {
      const c = sp.initContainers[i]!;
      return withImage(pod, c.image, now, (at) => {
        stage[pod] = PodStage.Init;
        t.initSeconds[pod]! += c.seconds;
        engine.schedule(at + c.seconds, codes[PodEvent.InitFinished], pod);
      });
    }
    withImage(pod, sp.image, now, (at) => {
      stage[pod] = PodStage.Starting;
      t.imageReadyAt[pod] = at;
      engine.schedule(at + sp.containerStartSeconds, codes[PodEvent.Started], pod);
    });
  };

  /** A pre-warmed pod: its images are on the node (pinned), every start-up step took no time, and it is Ready now. */
  const warm = (pod: number, sp: StartupSpec, now: number) => {
    const n = node(pod);
    for (const image of [...sp.initContainers.map((c) => c.image), sp.image]) {
      if (image < 0) continue;
      if (!s.images.has(n, image)) s.images.store(n, image, now, nodes.pool(n).pull.diskBytes);
      s.images.pin(n, image, now);
      (pinned[pod] ??= []).push(image);
    }
    t.imageReadyAt[pod] = now;
    t.startedAt[pod] = now;
    t.modelLoadedAt[pod] = now;
    t.readyAt[pod] = now;
    stage[pod] = PodStage.Ready;
    hooks.ready(pod as PodIx, now);
  };

  const remove = (pod: number, now: number) => {
    if (s.pod.phase[pod] !== PodPhase.Terminating) markTerminating(s, pod as PodIx, now);
    const n = s.pod.node[pod]!;
    deletePod(s, pod as PodIx, now);
    for (const image of pinned[pod] ?? []) s.images.unpin(n, image);
    pinned[pod] = [];
    stage[pod] = PodStage.Deleted;
    hooks.deleted(pod as PodIx, now);
  };

  const handlers = {
    [PodEvent.InitFinished]: (pod: number, now: number) => {
      if (stage[pod] !== PodStage.Init) return;
      initIndex[pod]! += 1;
      nextContainer(pod, now);
    },
    [PodEvent.Started]: (pod: number, now: number) => {
      if (stage[pod] !== PodStage.Starting) return;
      stage[pod] = PodStage.Loading;
      if (backoff[pod] === 1) t.restarts[pod]! += 1;
      backoff[pod] = 0;
      t.startedAt[pod] = now;
      const sp = spec(pod);
      const pool = nodes.pool(node(pod));
      let seconds = 0;
      if (sp.modelBytes > 0) {
        const cached = pool.modelCache !== null && models.has(node(pod), models.intern(sp.modelKey, sp.modelBytes));
        seconds = sp.modelBytes / (cached ? pool.modelCache!.bandwidth : pool.modelLoadBandwidth);
      }
      engine.schedule(now + seconds, codes[PodEvent.ModelLoaded], pod);
    },
    [PodEvent.ModelLoaded]: (pod: number, now: number) => {
      if (stage[pod] !== PodStage.Loading) return;
      t.modelLoadedAt[pod] = now;
      // The container cannot hold or run its model here: it exits, and restarts after back-off (it never ran long enough to reset it).
      const failure = hooks.startFailure?.(pod as PodIx) ?? null;
      if (failure !== null) return restartAfter(pod, failure, crashBackoff(t.restarts[pod]! + 1), now);
      stage[pod] = PodStage.Probing;
      const sp = spec(pod);
      const cache = nodes.pool(node(pod)).modelCache;
      if (cache !== null && sp.modelBytes > 0) models.store(node(pod), models.intern(sp.modelKey, sp.modelBytes), now, cache.bytes);
      // Prober ticks run from the bind; the first that sees the model loaded and the initial delay past succeeds.
      const p = sp.probe;
      const from = s.pod.boundAt[pod]!;
      const earliest = Math.max(now, t.startedAt[pod]! + p.initialDelaySeconds);
      const k = Math.max(0, Math.ceil((earliest - from) / p.periodSeconds - 1e-9));
      engine.schedule(from + (k + p.successThreshold - 1) * p.periodSeconds, codes[PodEvent.Ready], pod);
    },
    [PodEvent.Ready]: (pod: number, now: number) => {
      if (stage[pod] !== PodStage.Probing) return;
      stage[pod] = PodStage.Ready;
      t.readyAt[pod] = now;
      hooks.ready(pod as PodIx, now);
    },
    [PodEvent.GraceExpired]: (pod: number, now: number) => {
      if (stage[pod] !== PodStage.Terminating) return;
      hooks.abort(pod as PodIx, now);
      remove(pod, now);
    },
  } satisfies HandlerTable<PodEvent>;
  const codes = engine.on(handlers, {
    [PodEvent.InitFinished]: Priority.Normal,
    [PodEvent.Started]: Priority.Normal,
    [PodEvent.ModelLoaded]: Priority.Normal,
    [PodEvent.Ready]: Priority.Normal,
    [PodEvent.GraceExpired]: Priority.Normal,
  });

  const lifecycle: PodLifecycle = {
    timeline: t,
    stage: (pod) => (pod < stage.length ? (stage[pod] as PodStage) : PodStage.Pending),
    bound(pod, now) {
      ensure(pod);
      initIndex[pod] = 0;
      const sp = spec(pod);
      if (now === 0 && sp.readyAtStart === true) return warm(pod, sp, now);
      nextContainer(pod, now);
    },
    terminate(pod, now) {
      ensure(pod);
      const st = stage[pod]!;
      if (st === PodStage.Terminating || st === PodStage.Deleted) return;
      if (s.pod.phase[pod] === PodPhase.Pending) {
        markTerminating(s, pod, now);
        stage[pod] = PodStage.Deleted;
        deletePod(s, pod, now);
        hooks.deleted(pod, now);
        return;
      }
      if (st !== PodStage.Ready) return remove(pod, now);
      stage[pod] = PodStage.Terminating;
      markTerminating(s, pod, now);
      if (!hooks.terminating(pod, now)) return remove(pod, now);
      engine.schedule(now + spec(pod).terminationGraceSeconds, codes[PodEvent.GraceExpired], pod);
    },
    drained(pod, now) {
      if (stage[pod] === PodStage.Terminating) remove(pod, now);
    },
    kill(pod, now) {
      ensure(pod);
      const st = stage[pod]!;
      if (st === PodStage.Deleted) return;
      if (s.pod.phase[pod] === PodPhase.Pending) return lifecycle.terminate(pod, now);
      if (st === PodStage.Ready) {
        stage[pod] = PodStage.Terminating;
        markTerminating(s, pod, now);
        hooks.terminating(pod, now);
      }
      if (stage[pod] === PodStage.Terminating) hooks.abort(pod, now);
      remove(pod, now);
    },
    crash(pod, now, restartDelay) {
      if (pod >= stage.length || stage[pod] !== PodStage.Ready) return false;
      hooks.terminating(pod, now);
      hooks.abort(pod, now);
      restartAfter(pod, "Error", restartDelay, now);
      return true;
    },
    lastExit: (pod) => (pod < exit.length && exit[pod]! > 0 ? EXITS[exit[pod]! - 1]! : null),
    backingOff: (pod) => pod < backoff.length && backoff[pod] === 1,
  };
  return lifecycle;
}
