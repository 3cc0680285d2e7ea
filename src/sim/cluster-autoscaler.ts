/**
 * The cluster autoscaler in the run (kubernetes/autoscaler cluster-autoscaler, one node group per
 * pool). Every scanInterval: pending pods the scheduler could not place are first simulated onto
 * the nodes that exist or are on their way; the rest onto a template node of each pool (the real
 * scheduler filters, binpacking estimator), and the expander chain picks the pool to grow, within
 * its max size. Nodes whose requested share (GPU nodes: of their GPUs) stays below the threshold
 * for unneededTime are drained and removed when their pods fit elsewhere and PodDisruptionBudgets
 * allow, not before delayAfterAdd after a scale-up. A node that has not registered within
 * maxNodeProvisionTime is given up, and its pool backs off.
 */
import type { NodeGroup, ScaleOption } from "../autoscaling/index.js";
import { bestOption, binpack, createExpander } from "../autoscaling/index.js";
import { findGpu } from "../catalog/index.js";
import type { NodeIx, NodeView, PodIx } from "../cluster/index.js";
import { forEachPodOn, NodePhase, nodeView, PodPhase, PodStage, Res, WellKnown } from "../cluster/index.js";
import type { HandlerTable } from "../engine/index.js";
import { Priority } from "../engine/index.js";
import type { ClusterAutoscalerConfig, NodePool } from "../scenario/index.js";
import type { ClusterSetup } from "./cluster-setup.js";
import type { SimContext } from "./context.js";
import type { EventLog } from "./scale-events.js";

const CaEvent = { ScanDue: "cluster-autoscaler.scan-due" } as const;
type CaEvent = (typeof CaEvent)[keyof typeof CaEvent];

/** A pool's price per node-hour: given, else the catalog's per-GPU list price × GPUs (0 when unknown). */
export function poolPrice(p: NodePool): number {
  const perGpu = p.gpu ? findGpu(p.gpu.type)?.pricePerGpuHour : undefined;
  return p.pricePerHour ?? (p.gpu && typeof perGpu === "number" ? perGpu * p.gpu.count : 0);
}

/** Allowed disruptions of a service's pods under its budget (policy/v1 PodDisruptionBudget, percentages rounded up). */
export function disruptionsAllowed(budget: { minAvailable?: number | string | undefined; maxUnavailable?: number | string | undefined } | undefined, expected: number, healthy: number): number {
  if (!budget) return Infinity;
  const scaled = (v: number | string) => (typeof v === "number" ? v : Math.ceil((Number(v.slice(0, -1)) * expected) / 100));
  const desiredHealthy = budget.minAvailable !== undefined ? scaled(budget.minAvailable) : expected - scaled(budget.maxUnavailable!);
  return Math.max(0, healthy - desiredHealthy);
}

export function setupClusterAutoscaler(cx: SimContext, c: ClusterSetup, config: ClusterAutoscalerConfig, log: EventLog): void {
  const { engine, scenario } = cx;
  const pools = scenario.cluster.nodePools;
  const s = c.state;
  const w = s.resources.width;
  const chain = config.expander.map((name) => createExpander(name, new Map(Object.entries(config.priorities ?? {}).map(([p, pats]) => [Number(p), pats]))));
  const stream = cx.stream("cluster-autoscaler/expander");
  const sd = config.scaleDown;
  const delayAfterDelete = sd.delayAfterDelete ?? config.scanInterval;
  const unneededSince = new Map<number, number>();
  const deleting = new Map<number, number>();
  const backoffUntil = pools.map(() => -Infinity);
  const backoffLength = pools.map(() => config.initialBackoff);
  let lastScaleUp = -Infinity;
  let lastScaleDown = -Infinity;
  let lastFailure = -Infinity;

  const templateView = (pool: number): NodeView => {
    const spec = c.pools[pool]!;
    const labels = new Map(Object.entries(spec.labels));
    labels.set(WellKnown.hostname, `${spec.name}-template`);
    if (spec.zones.length > 0) labels.set(WellKnown.zone, spec.zones[0]!);
    if (spec.region !== undefined) labels.set(WellKnown.region, spec.region);
    return {
      ix: -1 as NodeIx,
      name: `template-node-for-${spec.name}`,
      labels,
      taints: spec.taints,
      unschedulable: false,
      allocatable: spec.allocatable,
      requested: new Float64Array(w),
      maxPods: spec.maxPods,
      podCount: 0,
      version: -1,
      pods: () => [],
      countOf: () => 0,
    };
  };
  const templates = pools.map((_, i) => templateView(i));
  const isGone = (n: number) => s.node.phase[n] === NodePhase.Removed;
  const sizeOf = (pool: number) => {
    let k = 0;
    for (let n = 0; n < s.node.count; n++) if (s.node.pool[n] === pool && !isGone(n)) k++;
    return k;
  };
  const devicesReady = (n: number) => !Number.isNaN(c.nodes.devicesReadyAt(n));
  /** A node on its way: booting, or Ready without its devices yet; seen as its template with what it already holds. */
  const upcomingView = (n: number): NodeView => {
    const base = templates[s.node.pool[n]!]!;
    const live = s.node.phase[n] === NodePhase.Ready ? nodeView(s, n as NodeIx) : null;
    return { ...base, requested: live ? Float64Array.from(live.requested) : base.requested, podCount: live?.podCount ?? 0, pods: live ? () => live.pods() : base.pods };
  };

  const pendingPods = (): PodIx[] => {
    const out: PodIx[] = [];
    for (let p = 0; p < s.pod.count; p++) {
      if (s.pod.phase[p] !== PodPhase.Pending || s.pod.nominated[p]! >= 0) continue;
      if (s.pod.priority[p]! < config.expendablePodsPriorityCutoff || c.scheduler.pendingMessage(p as PodIx) === null) continue;
      out.push(p as PodIx);
    }
    return out;
  };

  const scaleUp = (now: number) => {
    const pending = pendingPods();
    if (pending.length === 0) return;
    // Pods that fit where nodes exist or are coming need no new node.
    const open: NodeView[] = [];
    for (let n = 0; n < s.node.count; n++) {
      if (isGone(n) || deleting.has(n) || s.node.unschedulable[n] === 1) continue;
      if (s.node.phase[n] === NodePhase.Provisioning || !devicesReady(n)) open.push(upcomingView(n));
      else open.push(nodeView(s, n as NodeIx));
    }
    const fits = (pod: PodIx, node: NodeView) => c.scheduler.fits(pod, node);
    const placed = new Set(binpack(s, pending, null, 0, fits, open).pods);
    const rest = pending.filter((p) => !placed.has(p));
    if (rest.length === 0) return;
    let total = 0;
    for (let n = 0; n < s.node.count; n++) if (!isGone(n)) total++;
    const options: ScaleOption[] = [];
    pools.forEach((p, i) => {
      const size = sizeOf(i);
      let room = p.size.max - size;
      if (config.maxNodesTotal > 0) room = Math.min(room, config.maxNodesTotal - total);
      if (room <= 0 || backoffUntil[i]! > now) return;
      const est = binpack(s, rest, templates[i]!, room, fits);
      if (est.nodeCount === 0) return;
      let cpu = 0;
      let memory = 0;
      for (const pod of est.pods) {
        const row = s.templates[s.pod.template[pod]!]!.request;
        cpu += row[Res.cpu]!;
        memory += row[Res.memory]!;
      }
      const group: NodeGroup = { pool: i, name: p.name, minSize: p.size.min, maxSize: p.size.max, size, pricePerHour: poolPrice(p), template: templates[i]! };
      options.push({ group, nodeCount: est.nodeCount, pods: est.pods, requested: { cpu, memory } });
    });
    const { best, narrowed } = bestOption(chain, options, { now, stream });
    if (!best) return;
    const added: string[] = [];
    for (let k = 0; k < best.nodeCount; k++) added.push(s.node.name[c.nodes.provision(best.group.pool, now)]!);
    lastScaleUp = now;
    log.add({
      at: now,
      kind: "node",
      pool: best.group.name,
      from: best.group.size,
      to: best.group.size + best.nodeCount,
      reason: `${rest.length} unschedulable pod(s); ${options.length} pool option(s)`,
      pods: best.pods.map((p) => s.pod.name[p]!),
      expander: narrowed.map((x) => `${x.expander} kept ${x.kept}`),
      nodes: added,
    });
  };

  /** Requested share that decides whether a node is unneeded: its GPUs' for a GPU node, else the larger of cpu and memory. */
  const utilization = (n: number): number => {
    const spec = c.pools[s.node.pool[n]!]!;
    const at = (col: number) => s.node.requested[n * w + col]! / (s.node.allocatable[n * w + col]! || 1);
    if (spec.deviceColumns.length > 0) return Math.max(...spec.deviceColumns.map(at));
    return Math.max(at(Res.cpu), at(Res.memory));
  };

  const removeIfEmpty = (n: number, now: number) => {
    if (s.node.podCount[n] !== 0) {
      // Pods still draining past the longest graceful termination: cut them.
      if (now - deleting.get(n)! >= sd.maxGracefulTermination) forEachPodOn(s, n as NodeIx, (pod) => void c.pods.kill(pod, now));
      if (s.node.podCount[n] !== 0) return;
    }
    deleting.delete(n);
    c.nodes.remove(n as NodeIx, now);
  };

  const scaleDown = (now: number) => {
    const candidates: number[] = [];
    for (let n = 0; n < s.node.count; n++) {
      if (s.node.phase[n] !== NodePhase.Ready || deleting.has(n) || !devicesReady(n) || s.node.unschedulable[n] === 1) {
        unneededSince.delete(n);
        continue;
      }
      const threshold = c.pools[s.node.pool[n]!]!.deviceColumns.length > 0 ? sd.gpuUtilizationThreshold : sd.utilizationThreshold;
      if (utilization(n) >= threshold) unneededSince.delete(n);
      else if (!unneededSince.has(n)) unneededSince.set(n, now);
    }
    if (!sd.enabled || now < lastScaleUp + sd.delayAfterAdd || now < lastScaleDown + delayAfterDelete || now < lastFailure + sd.delayAfterFailure) return;
    for (const [n, since] of unneededSince) if (now - since >= sd.unneededTime) candidates.push(n);
    candidates.sort((a, b) => a - b);
    const removedPerPool = pools.map(() => 0);
    let emptyRemoved = 0;
    let drained = false;
    for (const n of candidates) {
      const pool = s.node.pool[n]!;
      if (sizeOf(pool) - removedPerPool[pool]! <= pools[pool]!.size.min) continue;
      const victims: PodIx[] = [];
      forEachPodOn(s, n as NodeIx, (pod) => s.pod.phase[pod] === PodPhase.Bound && victims.push(pod));
      if (victims.length === 0) {
        if (emptyRemoved >= sd.maxEmptyBulkDelete) continue;
        emptyRemoved++;
      } else {
        if (drained || !canMove(n, victims)) continue;
        drained = true;
      }
      removedPerPool[pool]! += 1;
      unneededSince.delete(n);
      deleting.set(n, now);
      const from = sizeOf(pool);
      if (victims.length > 0) c.drainNode(n as NodeIx, now);
      else c.nodes.remove(n as NodeIx, now);
      if (victims.length === 0) deleting.delete(n);
      lastScaleDown = now;
      log.add({ at: now, kind: "node", pool: pools[pool]!.name, from, to: from - 1, reason: `node ${s.node.name[n]} unneeded for ${sd.unneededTime}s (requested share ${utilization(n).toFixed(2)})`, pods: victims.map((p) => s.pod.name[p]!), expander: [], nodes: [s.node.name[n]!] });
    }
  };

  /** The node's pods fit on the other nodes (the scheduler's filters) and their budgets allow evicting them. */
  const canMove = (node: number, victims: readonly PodIx[]): boolean => {
    const byService = new Map<number, number>();
    for (const p of victims) byService.set(c.serviceOf(p), (byService.get(c.serviceOf(p)) ?? 0) + 1);
    for (const [si, k] of byService) {
      const svc = scenario.services[si]!;
      const ready = c.deployments.activePods(si).filter((p) => c.pods.stage(p) === PodStage.Ready).length;
      if (k > disruptionsAllowed(svc.disruptionBudget, c.deployments.desired(si), ready)) return false;
    }
    const others: NodeView[] = [];
    for (let n = 0; n < s.node.count; n++) {
      if (n === node || s.node.phase[n] !== NodePhase.Ready || deleting.has(n) || s.node.unschedulable[n] === 1 || !devicesReady(n)) continue;
      others.push(nodeView(s, n as NodeIx));
    }
    // Simulated onto the others as though unbound (the pods' own node excluded).
    const fits = (pod: PodIx, view: NodeView) => c.scheduler.fits(pod, view);
    return binpack(s, victims, null, 0, fits, others).pods.length === victims.length;
  };

  const giveUpSlowNodes = (now: number) => {
    for (let n = 0; n < s.node.count; n++) {
      if (s.node.phase[n] !== NodePhase.Provisioning || now - s.node.createdAt[n]! < config.maxNodeProvisionTime) continue;
      const pool = s.node.pool[n]!;
      c.nodes.remove(n as NodeIx, now);
      backoffUntil[pool] = now + backoffLength[pool]!;
      backoffLength[pool] = Math.min(config.maxBackoff, backoffLength[pool]! * 2);
      lastFailure = now;
      log.add({ at: now, kind: "node", pool: pools[pool]!.name, from: sizeOf(pool) + 1, to: sizeOf(pool), reason: `node ${s.node.name[n]} not registered within maxNodeProvisionTime (${config.maxNodeProvisionTime}s): pool backs off`, pods: [], expander: [], nodes: [s.node.name[n]!] });
    }
  };

  const handlers = {
    [CaEvent.ScanDue]: (_: number, now: number) => {
      for (const n of [...deleting.keys()]) removeIfEmpty(n, now);
      giveUpSlowNodes(now);
      scaleUp(now);
      scaleDown(now);
      const next = now + config.scanInterval;
      if (next < cx.endTime) engine.schedule(next, codes[CaEvent.ScanDue], 0);
    },
  } satisfies HandlerTable<CaEvent>;
  const codes = engine.on(handlers, { [CaEvent.ScanDue]: Priority.Control + 1 });
  engine.schedule(config.scanInterval, codes[CaEvent.ScanDue], 0);
}
