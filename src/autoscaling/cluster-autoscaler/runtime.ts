/**
 * The cluster autoscaler in a run (kubernetes/autoscaler cluster-autoscaler, one node group per
 * pool). Every scanInterval it removes drained nodes once empty, gives up nodes that did not
 * register within maxNodeProvisionTime (their pool backs off), scales up (scale-up.ts) and down
 * (scale-down.ts).
 */
import type { ClusterRuntime, NodeIx } from "../../cluster/index.js";
import { NodePhase } from "../../cluster/index.js";
import type { Engine, HandlerTable, Stream } from "../../engine/index.js";
import { Priority } from "../../engine/index.js";
import type { NodeScaleEvent } from "../events.js";
import type { CaCx, ClusterAutoscalerConfig, DisruptionBudget, GroupSpec, SchedulerOracle } from "./context.js";
import { createExpander } from "./expanders/registry.js";
import { sizeOf, templateView } from "./nodes.js";
import { removeIfEmpty, scaleDown } from "./scale-down.js";
import { scaleUp } from "./scale-up.js";

const CaEvent = { ScanDue: "cluster-autoscaler.scan-due" } as const;
type CaEvent = (typeof CaEvent)[keyof typeof CaEvent];

export interface ClusterAutoscalerOptions {
  readonly engine: Engine;
  readonly cluster: ClusterRuntime;
  readonly scheduler: SchedulerOracle;
  readonly config: ClusterAutoscalerConfig;
  /** One node group per pool, in pool order. */
  readonly groups: readonly GroupSpec[];
  readonly budgets: readonly (DisruptionBudget | undefined)[];
  /** The expanders' stream (the random expander and the final pick). */
  readonly stream: Stream;
  readonly endTime: number;
  readonly log: (e: NodeScaleEvent) => void;
}

/** Nodes still provisioning after maxNodeProvisionTime are removed, and their pool backs off (doubling). */
function giveUpSlowNodes(cx: CaCx, now: number): void {
  const s = cx.c.state;
  const { config } = cx;
  for (let n = 0; n < s.node.count; n++) {
    if (s.node.phase[n] !== NodePhase.Provisioning || now - s.node.createdAt[n]! < config.maxNodeProvisionTime) continue;
    const pool = s.node.pool[n]!;
    cx.c.nodes.remove(n as NodeIx, now);
    cx.backoffUntil[pool] = now + cx.backoffLength[pool]!;
    cx.backoffLength[pool] = Math.min(config.maxBackoff, cx.backoffLength[pool]! * 2);
    cx.lastFailure = now;
    const reason = `node ${s.node.name[n]} not registered within maxNodeProvisionTime (${config.maxNodeProvisionTime}s): pool backs off`;
    cx.log({ at: now, kind: "node", pool: cx.groups[pool]!.name, from: sizeOf(cx, pool) + 1, to: sizeOf(cx, pool), reason, pods: [], expander: [], nodes: [s.node.name[n]!] });
  }
}

/** What a run's cluster autoscaler tells about its pods. */
export interface ClusterAutoscalerRuntime {
  /** The last NotTriggerScaleUp message about the pod (null: none). */
  notTriggerScaleUp(pod: number): string | null;
}

export function createClusterAutoscaler(o: ClusterAutoscalerOptions): ClusterAutoscalerRuntime {
  const { engine, config } = o;
  const priorities = new Map(Object.entries(config.priorities ?? {}).map(([p, pats]) => [Number(p), pats]));
  const cx: CaCx = {
    c: o.cluster,
    scheduler: o.scheduler,
    config,
    groups: o.groups,
    budgets: o.budgets,
    chain: config.expander.map((name) => createExpander(name, { priorities })),
    stream: o.stream,
    templates: o.cluster.pools.map((p) => templateView(p, o.cluster.state.resources.width)),
    log: o.log,
    deleting: new Map(),
    unneededSince: new Map(),
    backoffUntil: o.groups.map(() => -Infinity),
    backoffLength: o.groups.map(() => config.initialBackoff),
    notTriggered: new Map(),
    lastScaleUp: -Infinity,
    lastScaleDown: -Infinity,
    lastFailure: -Infinity,
  };
  const handlers = {
    [CaEvent.ScanDue]: (_: number, now: number) => {
      for (const n of [...cx.deleting.keys()]) removeIfEmpty(cx, n, now);
      giveUpSlowNodes(cx, now);
      scaleUp(cx, now);
      scaleDown(cx, now);
      const next = now + config.scanInterval;
      if (next < o.endTime) engine.schedule(next, codes[CaEvent.ScanDue], 0);
    },
  } satisfies HandlerTable<CaEvent>;
  const codes = engine.on(handlers, { [CaEvent.ScanDue]: Priority.Control + 1 });
  engine.schedule(config.scanInterval, codes[CaEvent.ScanDue], 0);
  return { notTriggerScaleUp: (pod) => cx.notTriggered.get(pod) ?? null };
}
