/** The autoscaling part of Results: control series, scale events and per service / pool tallies. */
import type { ClusterAutoscalerRuntime, HpaConditionLog } from "../autoscaling/index.js";
import { NodePhase } from "../cluster/index.js";
import { trimmed } from "../metrics/index.js";
import type { Scenario } from "../scenario/index.js";
import type { ClusterSetup } from "./cluster-setup.js";
import type { ControlSeries } from "./control-series.js";
import type { FaultCounts } from "../faults/index.js";
import type { ActivatorAndRetries } from "../serving/index.js";
import type { AutoscalingResults, HpaStatusJson } from "./results.js";
import type { EventLog } from "./scale-events.js";

export interface AutoscalingState {
  readonly control: ControlSeries;
  readonly log: EventLog;
  readonly hooks: ActivatorAndRetries;
  readonly faults: { readonly counts: FaultCounts };
  /** The cluster autoscaler, when the run has one. */
  readonly clusterAutoscaler: ClusterAutoscalerRuntime | null;
  /** Per service: its HPA's status conditions (null: no autoscaler). */
  readonly hpaConditions: readonly (HpaConditionLog | null)[];
}

const peak = (a: Float64Array) => a.reduce((m, x) => Math.max(m, x), 0);

function hpaStatus(log: HpaConditionLog | null): HpaStatusJson | null {
  return log === null ? null : { conditions: log.conditions(), transitions: log.transitions, transitionsDropped: log.dropped() };
}

export function summarizeAutoscaling(scenario: Scenario, c: ClusterSetup, st: AutoscalingState): AutoscalingResults {
  const events = [...st.log.events].sort((a, b) => a.at - b.at);
  const services = scenario.services.map((svc, si) => {
    const mine = events.filter((e) => e.kind === "workload" && e.service === svc.name);
    return {
      name: svc.name,
      scaleUps: mine.filter((e) => e.kind === "workload" && e.to > e.from).length,
      scaleDowns: mine.filter((e) => e.kind === "workload" && e.to < e.from).length,
      retried: st.hooks.retried[si]!,
      activatorHeld: st.hooks.activated[si]!,
      peakReplicas: peak(st.control.services[si]!.columns.current.subarray(0, st.control.services[si]!.length)),
      hpa: hpaStatus(st.hpaConditions[si] ?? null),
    };
  });
  const s = c.state;
  const pools = scenario.cluster.nodePools.map((p, i) => {
    let added = 0;
    let removed = 0;
    for (let n = 0; n < s.node.count; n++) {
      if (s.node.pool[n] !== i) continue;
      if (s.node.createdAt[n]! > 0) added++;
      if (s.node.phase[n] === NodePhase.Removed) removed++;
    }
    return { name: p.name, added, removed, peakNodes: peak(st.control.pools[i]!.columns.nodes.subarray(0, st.control.pools[i]!.length)) };
  });
  const cluster = trimmed(st.control.cluster);
  return {
    series: {
      t: cluster.t,
      services: Object.fromEntries(scenario.services.map((svc, si) => [svc.name, trimmed(st.control.services[si]!).columns])),
      pools: Object.fromEntries(scenario.cluster.nodePools.map((p, i) => [p.name, trimmed(st.control.pools[i]!).columns])),
      pendingPods: cluster.columns.pendingPods,
    },
    events,
    eventsDropped: st.log.dropped,
    services,
    pools,
    faults: { ...st.faults.counts, failedPulls: c.pulls.failedPulls() },
  };
}
