/**
 * Faults in a run, at given times or at random (seeded, by MTBF): each strikes through its kind
 * (kinds.ts); the runtime owns what follows a lost machine (NotReady, eviction, removal) and crash
 * loops. The serving plane hears of pods whose machine is gone; the cluster of everything else.
 */
import type { ClusterRuntime, NodeIx, PodIx } from "../cluster/index.js";
import { forEachPodOn, NodePhase, PodPhase, PodStage, setUnschedulable } from "../cluster/index.js";
import type { Engine, HandlerTable, Stream } from "../engine/index.js";
import { Priority } from "../engine/index.js";
import type { ServingPlane } from "../serving/index.js";
import { faultGap } from "./arrivals.js";
import { CRASH_BACKOFF, crashBackoff } from "../cluster/index.js";
import { faultKinds, kindOf } from "./kinds.js";
import type { FaultCx } from "./kinds.js";
import type { FaultCounts, FaultRecord, FaultSpec, NodeHealth } from "./types.js";

const FaultEvent = {
  Strike: "fault.strike",
  NodeNotReady: "fault.node-not-ready",
  NodeEvicted: "fault.node-evicted",
  NodeTaken: "fault.node-taken",
  RegistryRestored: "fault.registry-restored",
  CrashDue: "fault.crash-due",
} as const;
type FaultEvent = (typeof FaultEvent)[keyof typeof FaultEvent];

export interface FaultsOptions {
  readonly engine: Engine;
  readonly faults: readonly FaultSpec[];
  readonly cluster: ClusterRuntime;
  /** Where requests are cut and endpoints dropped when a machine is lost. */
  readonly serving: Pick<ServingPlane, "podDown" | "isDown" | "removeEndpoint">;
  readonly health: NodeHealth;
  /** Service names, by index (pod crashes name their service). */
  readonly services: readonly string[];
  /** Zones of the cluster's pools, in order of first appearance. */
  readonly zones: readonly string[];
  /** Fault `i`'s seeded stream. */
  readonly stream: (i: number) => Stream;
  readonly endTime: number;
  readonly log: (e: FaultRecord) => void;
}

/** Schedules the faults; returns the counts of what struck, which grow as the run goes. */
export function createFaults(o: FaultsOptions): { readonly counts: FaultCounts } {
  const { engine, faults, cluster: c, serving, health } = o;
  const s = c.state;
  const streams: Stream[] = faults.map((_, i) => o.stream(i));
  const fired = faults.map(() => 0);
  const failed = new Set<number>();
  const restarts = new Map<number, number>();
  const repeatsLeft = new Map<number, { left: number; after: number }>();
  const counts: FaultCounts = { crashes: 0, nodeFailures: 0, spotReclaims: 0, registryWindows: 0, zoneOutages: 0 };
  const end = (f: FaultSpec) => Math.min(f.end ?? o.endTime, o.endTime);

  const crash = (p: PodIx, now: number) => {
    const readyFor = now - c.pods.timeline.readyAt[p]!;
    const n = (readyFor >= CRASH_BACKOFF.resetAfter ? 0 : (restarts.get(p) ?? 0)) + 1;
    restarts.set(p, n);
    if (!c.pods.crash(p, now, crashBackoff(n))) return;
    counts.crashes++;
    const r = repeatsLeft.get(p);
    if (r && r.left > 0) {
      r.left--;
      engine.schedule(now + crashBackoff(n) + r.after, codes[FaultEvent.CrashDue], p);
    }
  };

  const cx: FaultCx = {
    c,
    health,
    zones: o.zones,
    counts,
    stream: (i) => streams[i]!,
    log: (e) => o.log({ at: e.at, kind: "fault", fault: e.fault, target: e.target, detail: e.detail }),
    liveNodes(pool) {
      const out: number[] = [];
      for (let n = 0; n < s.node.count; n++) {
        if (s.node.phase[n] === NodePhase.Removed || failed.has(n)) continue;
        if (pool === undefined || c.pools[s.node.pool[n]!]!.name === pool) out.push(n);
      }
      return out;
    },
    readyPodsOf: (service) => c.deployments.activePods(o.services.indexOf(service)).filter((p) => c.pods.stage(p) === PodStage.Ready && !serving.isDown(p)),
    failNode(n, now) {
      failed.add(n);
      if (s.node.phase[n] === NodePhase.Provisioning) return c.nodes.remove(n as NodeIx, now);
      setUnschedulable(s, n as NodeIx, true);
      const pods: PodIx[] = [];
      forEachPodOn(s, n as NodeIx, (p) => void pods.push(p));
      for (const p of pods) {
        if (c.pods.stage(p) === PodStage.Ready) serving.podDown(p, c.serviceOf(p), now);
        else c.pods.kill(p, now);
      }
      engine.schedule(now + health.monitorGracePeriod, codes[FaultEvent.NodeNotReady], n);
    },
    markFailed: (n) => void failed.add(n),
    isFailed: (n) => failed.has(n),
    takeAt: (n, at) => engine.schedule(at, codes[FaultEvent.NodeTaken], n),
    restoreRegistryAt: (at) => engine.schedule(at, codes[FaultEvent.RegistryRestored], 0),
    crashLoop(p, repeat, after, now) {
      if (repeat > 0) repeatsLeft.set(p, { left: repeat, after });
      crash(p, now);
    },
  };
  const targets = (f: FaultSpec) => faultKinds[kindOf(f)].targets(f, cx);

  /** The node's pods are deleted (their Deployments replace them) and the node leaves the cluster. */
  const take = (n: number, now: number) => {
    if (s.node.phase[n] === NodePhase.Removed) return;
    const pods: PodIx[] = [];
    forEachPodOn(s, n as NodeIx, (p) => void pods.push(p));
    for (const p of pods) c.pods.kill(p, now);
    for (const si of new Set(pods.map(c.serviceOf))) c.deployments.reconcile(si, now);
    c.nodes.remove(n as NodeIx, now);
  };

  const handlers = {
    [FaultEvent.Strike]: (i: number, now: number) => {
      const f = faults[i]!;
      faultKinds[kindOf(f)].strike(i, f, now, cx);
      fired[i]! += 1;
      if (f.mtbf === undefined || fired[i]! >= f.maxEvents) return;
      const next = now + faultGap(streams[i]!, f.mtbf, targets(f));
      if (next < end(f)) engine.schedule(next, codes[FaultEvent.Strike], i);
    },
    [FaultEvent.NodeNotReady]: (n: number, now: number) => {
      forEachPodOn(s, n as NodeIx, (p) => {
        if (serving.isDown(p)) serving.removeEndpoint(p, c.serviceOf(p));
      });
      engine.schedule(now + health.podEvictionTimeout, codes[FaultEvent.NodeEvicted], n);
    },
    [FaultEvent.NodeEvicted]: (n: number, now: number) => take(n, now),
    [FaultEvent.NodeTaken]: (n: number, now: number) => take(n, now),
    [FaultEvent.RegistryRestored]: (_: number, now: number) => c.pulls.setRegistry(1, now),
    [FaultEvent.CrashDue]: (p: number, now: number) => {
      const stage = c.pods.stage(p);
      if (stage === PodStage.Deleted || stage === PodStage.Terminating || s.pod.phase[p] !== PodPhase.Bound || serving.isDown(p)) return;
      const r = repeatsLeft.get(p)!;
      const readyAt = c.pods.timeline.readyAt[p]!;
      if (stage !== PodStage.Ready) return engine.schedule(now + Math.max(1, r.after), codes[FaultEvent.CrashDue], p);
      if (readyAt + r.after > now) return engine.schedule(readyAt + r.after, codes[FaultEvent.CrashDue], p);
      crash(p as PodIx, now);
    },
  } satisfies HandlerTable<FaultEvent>;
  const codes = engine.on(handlers, {
    [FaultEvent.Strike]: Priority.Normal,
    [FaultEvent.NodeNotReady]: Priority.Normal,
    [FaultEvent.NodeEvicted]: Priority.Normal,
    [FaultEvent.NodeTaken]: Priority.Normal,
    [FaultEvent.RegistryRestored]: Priority.Normal,
    [FaultEvent.CrashDue]: Priority.Normal,
  });

  faults.forEach((f, i) => {
    const first = f.at ?? f.start + faultGap(streams[i]!, f.mtbf!, Math.max(1, targets(f)));
    if (first < end(f)) engine.schedule(first, codes[FaultEvent.Strike], i);
  });
  return { counts };
}
