/**
 * The scheduler as a simulation component: the queue, one framework per profile, and engine
 * events that run one scheduling cycle each (`scheduler.due`), move pods whose backoff ended
 * (`scheduler.backoff-due`) and flush pods left unschedulable too long (`scheduler.leftover-due`).
 * Binding and eviction are the caller's (hooks); the scheduler only decides.
 */
import type { ClusterState, NodeIx, NodeView, PodIx } from "../cluster/index.js";
import { NodePhase, nodeView, PodPhase } from "../cluster/index.js";
import { Priority } from "../engine/index.js";
import type { Engine, HandlerTable, Stream, StreamName } from "../engine/index.js";
import { createCycleState } from "./cycle.js";
import type { ExplainRecord } from "./explain.js";
import type { SchedulerConfig } from "./profile.js";
import { resolveProfile } from "./profile.js";
import { createSchedulingQueue } from "./queue.js";
import type { Registry } from "./registry.js";
import { checkRegistry } from "./registry.js";
import { createFramework } from "./runtime.js";
import type { Framework } from "./runtime.js";
import { scheduleOne } from "./schedule-one.js";

export const SchedulerEvent = { Due: "scheduler.due", BackoffDue: "scheduler.backoff-due", LeftoverDue: "scheduler.leftover-due" } as const;
export type SchedulerEvent = (typeof SchedulerEvent)[keyof typeof SchedulerEvent];

/** podMaxInUnschedulablePodsDuration: after this long an unschedulable pod is retried even without a cluster change. */
export const MAX_IN_UNSCHEDULABLE_SECONDS = 300;

export interface SchedulerHooks {
  /** The scheduler chose `node` for `pod`: bind it. */
  bind(pod: PodIx, node: NodeIx, now: number): void;
  /** Preemption chose `victim` to make room: delete it gracefully. */
  evict(victim: PodIx, preemptor: PodIx, now: number): void;
}

export interface ExplainOptions {
  /** Explain the first `first` decisions. */
  readonly first: number;
  /** Also explain every decision about a pod whose name this accepts. */
  readonly matches: (podName: string) => boolean;
  /** Keep at most this many records. */
  readonly limit: number;
}

export interface ExplainEntry {
  readonly pod: string;
  readonly at: number;
  readonly attempt: number;
  readonly record: ExplainRecord;
}

export interface SchedulerStats {
  /** Scheduling cycles run. */
  readonly attempts: number;
  /** Pods bound. */
  readonly scheduled: number;
  /** Cycles that found no node. */
  readonly unschedulable: number;
  /** Pods evicted by preemption. */
  readonly preempted: number;
  /** Cycles aborted by a plugin error. */
  readonly errors: number;
}

export interface Scheduler {
  /** A pod to schedule (new, or whose pending state must be re-examined). */
  enqueue(pod: PodIx, now: number): void;
  /** The pod is gone (deleted) or bound elsewhere: drop it from the queue and any nomination. */
  forget(pod: PodIx): void;
  /** Nodes or pods changed in a way that may let pending pods fit. */
  clusterChanged(now: number): void;
  /** Why the pod is Pending (the last FailedScheduling message), or null. */
  pendingMessage(pod: PodIx): string | null;
  /**
   * Whether the pod's profile's PreFilter and Filter plugins accept the pod on `node`, a live,
   * what-if or template view (the cluster autoscaler's simulation); nothing is bound or recorded.
   */
  fits(pod: PodIx, node: NodeView): boolean;
  /** The same check, with the rejecting plugin's reasons (`Insufficient nvidia.com/gpu`); empty when the pod fits. */
  fitReasons(pod: PodIx, node: NodeView): readonly string[];
  readonly stats: SchedulerStats;
  readonly explained: readonly ExplainEntry[];
  /** Explanations not kept because the limit was reached. */
  readonly explainDropped: number;
}

export interface SchedulerSetup {
  readonly engine: Engine;
  readonly cluster: ClusterState;
  readonly config: SchedulerConfig;
  readonly registry: Registry;
  readonly stream: (name: StreamName) => Stream;
  readonly hooks: SchedulerHooks;
  readonly explain: ExplainOptions;
  /** Non-fatal notes (unmodelled plugins named by a profile, plugin errors). */
  readonly warn: (message: string) => void;
}

export function createScheduler(o: SchedulerSetup): Scheduler {
  const { engine, cluster: s, config, hooks } = o;
  checkRegistry(o.registry);
  const queue = createSchedulingQueue({ initialBackoff: config.podInitialBackoffSeconds, maxBackoff: config.podMaxBackoffSeconds });
  const messages = new Map<number, string>();
  const nominatedOn = new Map<number, Set<PodIx>>();
  const explained: ExplainEntry[] = [];
  let explainDropped = 0;
  const stats = { attempts: 0, scheduled: 0, unschedulable: 0, preempted: 0, errors: 0 };

  let viewsGeneration = -1;
  let views: NodeView[] = [];
  const nodes = () => {
    if (viewsGeneration !== s.generation) {
      views = s.order.list().map((ix) => nodeView(s, ix as NodeIx));
      viewsGeneration = s.generation;
    }
    return views;
  };
  const NONE: readonly PodIx[] = [];
  const nominatedPods = (node: NodeView, priority: number, except: PodIx): readonly PodIx[] => {
    if (nominatedOn.size === 0) return NONE;
    const set = nominatedOn.get(node.ix);
    if (!set || set.size === 0) return NONE;
    return [...set].filter((p) => p !== except && s.pod.priority[p]! >= priority);
  };
  const frameworks = new Map<string, Framework>();
  for (const pc of config.profiles) {
    const r = resolveProfile(pc, o.registry);
    if (!r.profile) throw new Error(`invalid scheduler profile ${pc.schedulerName}: ${r.issues.map((i) => i.message).join("; ")}`);
    r.profile.warnings.forEach(o.warn);
    frameworks.set(pc.schedulerName, createFramework(r.profile, o.registry, { cluster: s, nodes, nominatedPods, hasNominations: () => nominatedOn.size > 0, stream: o.stream }));
  }
  const selectHost = new Map([...frameworks.keys()].map((name) => [name, o.stream(`scheduler/${name}/select-host`)]));
  let startIndex = 0;
  let due = false;

  const setNomination = (pod: PodIx, node: number) => {
    const old = s.pod.nominated[pod]!;
    if (old >= 0) {
      const set = nominatedOn.get(old);
      set?.delete(pod);
      if (set?.size === 0) nominatedOn.delete(old);
    }
    s.pod.nominated[pod] = node;
    if (node >= 0) {
      let set = nominatedOn.get(node);
      if (!set) nominatedOn.set(node, (set = new Set()));
      set.add(pod);
    }
  };

  const wake = (now: number) => {
    if (due || queue.activeSize === 0) return;
    due = true;
    engine.schedule(now, codes[SchedulerEvent.Due], 0);
  };

  const explainWanted = (pod: PodIx) => stats.attempts <= o.explain.first || o.explain.matches(s.pod.name[pod]!);

  const cycle = (pod: PodIx, now: number) => {
    stats.attempts++;
    const template = s.templates[s.pod.template[pod]!]!;
    const fw = frameworks.get(template.spec.schedulerName ?? "default-scheduler");
    if (!fw) {
      messages.set(pod, `no scheduler profile named "${template.spec.schedulerName}"`);
      return;
    }
    const all = nodes();
    const nominated = s.pod.nominated[pod]!;
    const wantExplain = explainWanted(pod);
    const r = scheduleOne(fw, { state: createCycleState() }, { ix: pod, template }, all, {
      percentageOfNodesToScore: config.percentageOfNodesToScore,
      startIndex: all.length === 0 ? 0 : startIndex % all.length,
      nominated: nominated >= 0 && s.node.phase[nominated] === NodePhase.Ready ? nodeView(s, nominated as NodeIx) : undefined,
      selectHost: selectHost.get(fw.profile.schedulerName)!,
      explain: wantExplain,
    });
    if (all.length > 0) startIndex = (startIndex + r.processed) % all.length;
    if (r.explain) {
      if (explained.length < o.explain.limit) explained.push({ pod: s.pod.name[pod]!, at: now, attempt: queue.attempts(pod) + 1, record: r.explain });
      else explainDropped++;
    }
    if (r.node) {
      queue.remove(pod);
      messages.delete(pod);
      setNomination(pod, -1);
      stats.scheduled++;
      hooks.bind(pod, r.node.ix, now);
      return;
    }
    if (r.error !== null) {
      stats.errors++;
      o.warn(`scheduling pod ${s.pod.name[pod]} failed: ${r.error}`);
    } else stats.unschedulable++;
    messages.set(pod, r.message ?? r.error ?? "");
    if (r.postFilter) {
      const node = r.postFilter.nominatedNode.ix;
      // prepareCandidate: evict the victims, and drop lower-priority nominations on that node.
      for (const v of r.postFilter.victims) {
        if (s.pod.phase[v] === PodPhase.Bound) {
          stats.preempted++;
          hooks.evict(v, pod, now);
        }
      }
      for (const other of [...(nominatedOn.get(node) ?? [])]) {
        if (s.pod.priority[other]! < template.priority) {
          setNomination(other, -1);
          queue.remove(other);
          queue.add(other, s.pod.priority[other]!, now);
        }
      }
      setNomination(pod, node);
    }
    const expiry = queue.failed(pod, now);
    engine.schedule(Math.max(now, expiry), codes[SchedulerEvent.BackoffDue], 0);
    engine.schedule(now + MAX_IN_UNSCHEDULABLE_SECONDS, codes[SchedulerEvent.LeftoverDue], 0);
  };

  const handlers = {
    [SchedulerEvent.Due]: (_: number, now: number) => {
      due = false;
      const pod = queue.pop();
      if (pod >= 0) cycle(pod as PodIx, now);
      wake(now);
    },
    [SchedulerEvent.BackoffDue]: (_: number, now: number) => {
      queue.flushBackoff(now);
      wake(now);
    },
    [SchedulerEvent.LeftoverDue]: (_: number, now: number) => {
      queue.flushLeftover(now, MAX_IN_UNSCHEDULABLE_SECONDS);
      wake(now);
    },
  } satisfies HandlerTable<SchedulerEvent>;
  // Scheduling runs after the arrivals and departures of the same instant.
  const codes = engine.on(handlers, { [SchedulerEvent.Due]: Priority.Control, [SchedulerEvent.BackoffDue]: Priority.Control, [SchedulerEvent.LeftoverDue]: Priority.Control });

  return {
    enqueue(pod, now) {
      queue.add(pod, s.pod.priority[pod]!, now);
      wake(now);
    },
    forget(pod) {
      queue.remove(pod);
      messages.delete(pod);
      setNomination(pod, -1);
    },
    clusterChanged(now) {
      queue.moveAll(now);
      const next = queue.flushBackoff(now);
      if (next !== Infinity) engine.schedule(next, codes[SchedulerEvent.BackoffDue], 0);
      wake(now);
    },
    pendingMessage: (pod) => messages.get(pod) ?? null,
    fits(pod, node) {
      const template = s.templates[s.pod.template[pod]!]!;
      const fw = frameworks.get(template.spec.schedulerName ?? "default-scheduler");
      if (!fw) return false;
      const cx = { state: createCycleState(), overrides: new Map([[node.ix as number, node]]) };
      const info = { ix: pod, template };
      const pre = fw.preFilterPod(cx, info);
      return "filters" in pre && fw.filterNode(cx, info, node, pre.filters) === undefined;
    },
    fitReasons(pod, node) {
      const template = s.templates[s.pod.template[pod]!]!;
      const fw = frameworks.get(template.spec.schedulerName ?? "default-scheduler");
      if (!fw) return [`no scheduler profile "${template.spec.schedulerName}"`];
      const cx = { state: createCycleState(), overrides: new Map([[node.ix as number, node]]) };
      const info = { ix: pod, template };
      const pre = fw.preFilterPod(cx, info);
      const verdict = "filters" in pre ? fw.filterNode(cx, info, node, pre.filters) : pre.rejected;
      return verdict?.status?.reasons ?? [];
    },
    stats,
    explained,
    get explainDropped() {
      return explainDropped;
    },
  };
}
