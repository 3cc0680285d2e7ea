/**
 * What each fault kind does when it strikes, and how many things it can hit (the rate of a random
 * fault is that count over its MTBF). A node failure stops its pods at once: their requests fail
 * (or are retried); the pods stay endpoints, where new requests fail, until the control plane marks
 * the node NotReady, and are evicted and replaced when the node is removed. A spot reclaim drains
 * the node during its notice, then takes it. A pod crash restarts the container after
 * CrashLoopBackOff. A registry window slows or stops image pulls. A zone outage fails every node of
 * the zone and keeps new ones there from registering until it ends.
 */
import type { ClusterRuntime, NodeIx, PodIx } from "../cluster/index.js";
import { NodePhase, WellKnown } from "../cluster/index.js";
import type { Stream } from "../engine/index.js";
import { pickDistinct } from "./arrivals.js";
import type { FaultCounts, FaultKind, FaultRecord, FaultSpec, NodeHealth, NodeTarget } from "./types.js";

/** What a fault kind acts through (the runtime, runtime.ts). */
export interface FaultCx {
  readonly c: ClusterRuntime;
  readonly health: NodeHealth;
  /** Zones of the cluster's pools, in order of first appearance. */
  readonly zones: readonly string[];
  readonly counts: FaultCounts;
  /** Fault `i`'s own stream. */
  stream(i: number): Stream;
  log(e: Omit<FaultRecord, "kind">): void;
  /** Nodes present and not failed, of a pool (any pool when undefined). */
  liveNodes(pool: string | undefined): number[];
  /** The Ready pods of a service that still have their machine. */
  readyPodsOf(service: string): PodIx[];
  /** The machine of node `n` dies now. */
  failNode(n: number, now: number): void;
  /** Node `n` is failed from now on: faults no longer pick it. */
  markFailed(n: number): void;
  isFailed(n: number): boolean;
  /** The node's machine is taken at `at`: its pods deleted (their Deployments replace them), the node removed. */
  takeAt(n: number, at: number): void;
  /** The registry serves at full speed again at `at`. */
  restoreRegistryAt(at: number): void;
  /** Pod `p` crashes now and again `repeat` times, `after` seconds after each restart. */
  crashLoop(p: PodIx, repeat: number, after: number, now: number): void;
}

export interface FaultKindRuntime {
  /** Things the fault can hit now. */
  targets(f: FaultSpec, cx: FaultCx): number;
  /** Fault `i` strikes now. */
  strike(i: number, f: FaultSpec, now: number, cx: FaultCx): void;
}

const nodeTargets = (t: NodeTarget, cx: FaultCx) => (t.node !== undefined ? 1 : cx.liveNodes(t.pool).length);

/** The named node if it is still there, else `count` live nodes of the pool drawn with the fault's stream. */
function nodesToHit(i: number, t: NodeTarget, cx: FaultCx): number[] {
  const s = cx.c.state;
  if (t.node !== undefined) {
    const n = s.node.name.indexOf(t.node);
    return n >= 0 && s.node.phase[n] !== NodePhase.Removed && !cx.isFailed(n) ? [n] : [];
  }
  const live = cx.liveNodes(t.pool);
  return pickDistinct(cx.stream(i), live.length, t.count).map((k) => live[k]!);
}

const names = (cx: FaultCx, nodes: readonly number[]) => nodes.map((n) => cx.c.state.node.name[n]).join(",") || "(no node)";

export const faultKinds: { readonly [K in FaultKind]: FaultKindRuntime } = {
  nodeFailure: {
    targets: (f, cx) => nodeTargets(f.nodeFailure!, cx),
    strike(i, f, now, cx) {
      const hit = nodesToHit(i, f.nodeFailure!, cx);
      for (const n of hit) cx.failNode(n, now);
      cx.counts.nodeFailures += hit.length;
      const { monitorGracePeriod, podEvictionTimeout } = cx.health;
      cx.log({ at: now, fault: "nodeFailure", target: names(cx, hit), detail: `pods stop; NotReady after ${monitorGracePeriod}s, evicted ${podEvictionTimeout}s later` });
    },
  },
  spotReclaim: {
    targets: (f, cx) => nodeTargets(f.spotReclaim!, cx),
    strike(i, f, now, cx) {
      const r = f.spotReclaim!;
      const hit = nodesToHit(i, r, cx);
      for (const n of hit) {
        cx.markFailed(n);
        if (cx.c.state.node.phase[n] === NodePhase.Provisioning) cx.c.nodes.remove(n as NodeIx, now);
        else {
          cx.c.drainNode(n as NodeIx, now);
          cx.takeAt(n, now + r.notice);
        }
      }
      cx.counts.spotReclaims += hit.length;
      cx.log({ at: now, fault: "spotReclaim", target: names(cx, hit), detail: `drained; taken after ${r.notice}s notice` });
    },
  },
  podCrash: {
    targets: (f, cx) => cx.readyPodsOf(f.podCrash!.service).length,
    strike(i, f, now, cx) {
      const k = f.podCrash!;
      const ready = cx.readyPodsOf(k.service);
      const hit = pickDistinct(cx.stream(i), ready.length, k.count).map((j) => ready[j]!);
      for (const p of hit) cx.crashLoop(p, k.repeat, k.after, now);
      cx.log({ at: now, fault: "podCrash", target: hit.map((p) => cx.c.state.pod.name[p]).join(",") || "(no Ready pod)", detail: `CrashLoopBackOff, ${k.repeat} further crash(es) each` });
    },
  },
  imageRegistry: {
    targets: () => 1,
    strike(_i, f, now, cx) {
      const r = f.imageRegistry!;
      cx.c.pulls.setRegistry(r.outage ? 0 : r.bandwidthFactor!, now);
      cx.restoreRegistryAt(now + r.duration);
      cx.counts.registryWindows++;
      cx.log({ at: now, fault: "imageRegistry", target: "registry", detail: r.outage ? `outage for ${r.duration}s` : `bandwidth × ${r.bandwidthFactor} for ${r.duration}s` });
    },
  },
  zoneOutage: {
    targets: (f, cx) => (f.zoneOutage!.zone !== undefined ? 1 : cx.zones.length),
    strike(i, f, now, cx) {
      const z = f.zoneOutage!;
      const zone = z.zone ?? cx.zones[cx.stream(i).int(cx.zones.length)]!;
      const hit = cx.liveNodes(undefined).filter((n) => cx.c.state.node.labels[n]!.get(WellKnown.zone) === zone);
      cx.c.nodes.blockZone(zone, now + z.duration);
      for (const n of hit) cx.failNode(n, now);
      cx.counts.zoneOutages++;
      cx.log({ at: now, fault: "zoneOutage", target: zone, detail: `${hit.length} node(s) fail; no node registers there for ${z.duration}s` });
    },
  },
};

/** The kind of a fault (exactly one is given; the scenario checks it). */
export const kindOf = (f: FaultSpec): FaultKind => (Object.keys(faultKinds) as FaultKind[]).find((k) => f[k] !== undefined)!;
