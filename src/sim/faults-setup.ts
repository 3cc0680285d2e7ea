/**
 * Faults in the run, at given times or at random (seeded, by MTBF). A node failure stops its pods
 * at once: their requests fail (or are retried); the pods stay endpoints, where new requests fail,
 * until the control plane marks the node NotReady (nodeHealth.monitorGracePeriod), and are evicted
 * and replaced by their Deployments podEvictionTimeout later, when the node is removed. A spot
 * reclaim drains the node during its notice, then takes it. A pod crash restarts the container
 * after CrashLoopBackOff. A registry window slows or stops image pulls. A zone outage fails every
 * node of the zone and keeps new ones there from registering until it ends.
 */
import type { NodeIx, PodIx } from "../cluster/index.js";
import { forEachPodOn, NodePhase, PodPhase, PodStage, setUnschedulable, WellKnown } from "../cluster/index.js";
import type { HandlerTable, Stream } from "../engine/index.js";
import { Priority } from "../engine/index.js";
import { CRASH_BACKOFF, crashBackoff, faultGap, pickDistinct } from "../faults/index.js";
import type { Fault } from "../scenario/index.js";
import type { ClusterSetup } from "./cluster-setup.js";
import type { SimContext } from "./context.js";
import type { EventLog } from "./scale-events.js";
import type { ServingPlane } from "../serving/index.js";

const FaultEvent = {
  Strike: "fault.strike",
  NodeNotReady: "fault.node-not-ready",
  NodeEvicted: "fault.node-evicted",
  NodeTaken: "fault.node-taken",
  RegistryRestored: "fault.registry-restored",
  CrashDue: "fault.crash-due",
} as const;
type FaultEvent = (typeof FaultEvent)[keyof typeof FaultEvent];

export interface Faults {
  /** Pod crashes and node failures so far. */
  readonly counts: { crashes: number; nodeFailures: number; spotReclaims: number; registryWindows: number; zoneOutages: number };
}

export function setupFaults(cx: SimContext, c: ClusterSetup, serving: ServingPlane, log: EventLog): Faults {
  const { engine, scenario } = cx;
  const faults = scenario.faults;
  const s = c.state;
  const health = scenario.cluster.nodeHealth;
  const streams: Stream[] = faults.map((_, i) => cx.stream(`faults/${i}`));
  const fired = faults.map(() => 0);
  const failed = new Set<number>();
  const restarts = new Map<number, number>();
  const repeatsLeft = new Map<number, { left: number; after: number }>();
  const counts = { crashes: 0, nodeFailures: 0, spotReclaims: 0, registryWindows: 0, zoneOutages: 0 };
  const end = (f: Fault) => Math.min(f.end ?? cx.endTime, cx.endTime);

  const liveNodes = (pool: string | undefined) => {
    const out: number[] = [];
    for (let n = 0; n < s.node.count; n++) {
      if (s.node.phase[n] === NodePhase.Removed || failed.has(n)) continue;
      if (pool === undefined || c.pools[s.node.pool[n]!]!.name === pool) out.push(n);
    }
    return out;
  };
  const readyPodsOf = (service: number) => c.deployments.activePods(service).filter((p) => c.pods.stage(p) === PodStage.Ready && !serving.isDown(p));
  const zones = [...new Set(scenario.cluster.nodePools.flatMap((p) => p.zones))];
  const serviceIndex = (name: string) => scenario.services.findIndex((x) => x.name === name);

  /** How many things fault `i` can hit now (for its MTBF rate). */
  const targets = (f: Fault): number => {
    const t = f.nodeFailure ?? f.spotReclaim;
    if (t) return t.node !== undefined ? 1 : liveNodes(t.pool).length;
    if (f.podCrash) return readyPodsOf(serviceIndex(f.podCrash.service)).length;
    if (f.zoneOutage) return f.zoneOutage.zone !== undefined ? 1 : zones.length;
    return 1;
  };

  const nodesToHit = (i: number, t: { pool?: string | undefined; node?: string | undefined; count: number }): number[] => {
    if (t.node !== undefined) {
      const n = s.node.name.indexOf(t.node);
      return n >= 0 && s.node.phase[n] !== NodePhase.Removed && !failed.has(n) ? [n] : [];
    }
    const live = liveNodes(t.pool);
    return pickDistinct(streams[i]!, live.length, t.count).map((k) => live[k]!);
  };

  /** The machine dies now. */
  const failNode = (n: number, now: number) => {
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
  };

  const strike = (i: number, now: number) => {
    const f = faults[i]!;
    if (f.nodeFailure) {
      const hit = nodesToHit(i, f.nodeFailure);
      for (const n of hit) failNode(n, now);
      counts.nodeFailures += hit.length;
      log.add({ at: now, kind: "fault", fault: "nodeFailure", target: hit.map((n) => s.node.name[n]).join(",") || "(no node)", detail: `pods stop; NotReady after ${health.monitorGracePeriod}s, evicted ${health.podEvictionTimeout}s later` });
    } else if (f.spotReclaim) {
      const hit = nodesToHit(i, f.spotReclaim);
      for (const n of hit) {
        failed.add(n);
        if (s.node.phase[n] === NodePhase.Provisioning) c.nodes.remove(n as NodeIx, now);
        else {
          c.drainNode(n as NodeIx, now);
          engine.schedule(now + f.spotReclaim.notice, codes[FaultEvent.NodeTaken], n);
        }
      }
      counts.spotReclaims += hit.length;
      log.add({ at: now, kind: "fault", fault: "spotReclaim", target: hit.map((n) => s.node.name[n]).join(",") || "(no node)", detail: `drained; taken after ${f.spotReclaim.notice}s notice` });
    } else if (f.podCrash) {
      const si = serviceIndex(f.podCrash.service);
      const ready = readyPodsOf(si);
      const hit = pickDistinct(streams[i]!, ready.length, f.podCrash.count).map((k) => ready[k]!);
      for (const p of hit) {
        if (f.podCrash.repeat > 0) repeatsLeft.set(p, { left: f.podCrash.repeat, after: f.podCrash.after });
        crash(p, now);
      }
      log.add({ at: now, kind: "fault", fault: "podCrash", target: hit.map((p) => s.pod.name[p]).join(",") || "(no Ready pod)", detail: `CrashLoopBackOff, ${f.podCrash.repeat} further crash(es) each` });
    } else if (f.imageRegistry) {
      const r = f.imageRegistry;
      c.pulls.setRegistry(r.outage ? 0 : r.bandwidthFactor!, now);
      engine.schedule(now + r.duration, codes[FaultEvent.RegistryRestored], i);
      counts.registryWindows++;
      log.add({ at: now, kind: "fault", fault: "imageRegistry", target: "registry", detail: r.outage ? `outage for ${r.duration}s` : `bandwidth × ${r.bandwidthFactor} for ${r.duration}s` });
    } else if (f.zoneOutage) {
      const zone = f.zoneOutage.zone ?? zones[streams[i]!.int(zones.length)]!;
      const hit = liveNodes(undefined).filter((n) => s.node.labels[n]!.get(WellKnown.zone) === zone);
      c.nodes.blockZone(zone, now + f.zoneOutage.duration);
      for (const n of hit) failNode(n, now);
      counts.zoneOutages++;
      log.add({ at: now, kind: "fault", fault: "zoneOutage", target: zone, detail: `${hit.length} node(s) fail; no node registers there for ${f.zoneOutage.duration}s` });
    }
  };

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

  const handlers = {
    [FaultEvent.Strike]: (i: number, now: number) => {
      const f = faults[i]!;
      strike(i, now);
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

  /** The node's pods are deleted (their Deployments replace them) and the node leaves the cluster. */
  const take = (n: number, now: number) => {
    if (s.node.phase[n] === NodePhase.Removed) return;
    const pods: PodIx[] = [];
    forEachPodOn(s, n as NodeIx, (p) => void pods.push(p));
    for (const p of pods) c.pods.kill(p, now);
    for (const si of new Set(pods.map(c.serviceOf))) c.deployments.reconcile(si, now);
    c.nodes.remove(n as NodeIx, now);
  };

  faults.forEach((f, i) => {
    const first = f.at ?? f.start + faultGap(streams[i]!, f.mtbf!, Math.max(1, targets(f)));
    if (first < end(f)) engine.schedule(first, codes[FaultEvent.Strike], i);
  });
  return { counts };
}
