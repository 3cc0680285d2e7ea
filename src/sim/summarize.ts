/** Turns the state of a finished (or stopped) run into Results: summaries, verdicts, cost, columns. */
import type { Engine } from "../engine/index.js";
import { allPass, evaluateSlo, mean, quantile, requestRates, toJSON, trimmed } from "../metrics/index.js";
import type { Histogram, SloWindows } from "../metrics/index.js";
import { RejectReason } from "../serving/index.js";
import type { Scenario } from "../scenario/index.js";
import type { ClusterSetup } from "./cluster-setup.js";
import type { LatencySummary, NodeSummary, PodSummary, Results, ServiceSummary } from "./results.js";
import { costSummary } from "./summarize-cost.js";
import { coldStartSummary, nodeSummaries, podSummaries, schedulerSummary } from "./summarize-cluster.js";
import { RESULTS_FORMAT } from "./results.js";
import type { Sampling } from "./sampling.js";
import type { ServingSetup } from "./serving-setup.js";
import type { DetailSeries } from "./detail-series.js";
import { summarizeAutoscaling } from "./summarize-autoscaling.js";
import type { AutoscalingState } from "./summarize-autoscaling.js";

export interface RunState {
  readonly scenario: Scenario;
  readonly autoscaling: AutoscalingState;
  readonly sloWindows: SloWindows;
  readonly detail: DetailSeries;
  readonly seed: string | number;
  readonly cluster: ClusterSetup;
  readonly serving: ServingSetup;
  readonly sampling: Sampling;
  readonly warnings: Map<string, number>;
}

function latencySummary(h: Histogram): LatencySummary {
  if (h.count === 0) return { mean: null, p50: null, p90: null, p99: null, p999: null, max: null };
  return { mean: mean(h), p50: quantile(h, 0.5), p90: quantile(h, 0.9), p99: quantile(h, 0.99), p999: quantile(h, 0.999), max: h.max };
}

/** Busy share of the slots a set of pods offered over the measured window (null when they offered none). */
function utilisationOf(st: RunState, now: number): (pods: readonly number[]) => number | null {
  const { scenario, cluster: c } = st;
  const { plane } = st.serving;
  const busyMeasured = (pod: number) => plane.busyArea(pod) - (st.sampling.busyAtWarmup[pod] ?? 0);
  // Slot-seconds a pod offered in the measured window: from Ready (or the warm-up's end) to its deletion (or now).
  const slotSeconds = (pod: number) => {
    const ready = c.pods.timeline.readyAt[pod]!;
    if (Number.isNaN(ready)) return 0;
    const deleted = c.state.pod.deletedAt[pod]!;
    const end = Number.isNaN(deleted) ? now : deleted;
    return plane.slots(c.serviceOf(pod)) * Math.max(0, end - Math.max(ready, scenario.warmup));
  };
  return (of) => {
    const offered = of.reduce((a, pod) => a + slotSeconds(pod), 0);
    return offered > 0 ? of.reduce((a, pod) => a + busyMeasured(pod), 0) / offered : null;
  };
}

/** Service `s` over the measured window: replicas at the end, requests, latencies, tokens, utilisation, SLO verdicts. */
function serviceSummary(st: RunState, s: number, pods: readonly PodSummary[], utilisation: (pods: readonly number[]) => number | null, measured: number): ServiceSummary {
  const svc = st.scenario.services[s]!;
  const { stats, plane } = st.serving;
  const c = st.cluster;
  const mine = c.deployments.allPods(s);
  const count = (f: (p: PodSummary) => boolean) => mine.filter((pod) => f(pods[pod]!)).length;
  const arrived = stats.measuredArrived[s]!;
  const completed = stats.measuredCompleted[s]!;
  const rejected = stats.measuredRejected[s]!;
  const failed = stats.measuredFailed[s]!;
  const timedOut = stats.measuredTimedOut[s]!;
  const tokens = plane.producesTokens(s);
  const outcomes = { arrived, rejected, failed, timedOut };
  const slo = evaluateSlo(svc.slo ?? {}, { latency: stats.latency[s]!, ttft: stats.ttft[s]!, tpot: stats.tpot[s]!, ...outcomes });
  return {
    name: svc.name,
    replicas: {
      desired: c.deployments.desired(s),
      ready: count((p) => p.ready),
      starting: count((p) => p.node !== null && !p.ready && p.status !== "Terminating" && p.status !== "Deleted"),
      pending: count((p) => p.status === "Pending"),
      terminating: count((p) => p.status === "Terminating"),
    },
    coldStart: coldStartSummary(mine.flatMap((pod) => pods[pod]!.coldStart ?? [])),
    requests: {
      arrived,
      completed,
      rejected,
      failed,
      timedOut,
      inFlight: arrived - completed - rejected - failed - timedOut,
      rejectedBy: {
        queueFull: stats.measuredRejectedBy[RejectReason.QueueFull]![s]!,
        noEndpoint: stats.measuredRejectedBy[RejectReason.NoEndpoint]![s]!,
        tooLong: stats.measuredRejectedBy[RejectReason.TooLong]![s]!,
      },
    },
    total: { arrived: stats.arrived[s]!, completed: stats.completed[s]!, rejected: stats.rejected[s]!, failed: stats.failed[s]!, timedOut: stats.timedOut[s]!, inFlight: stats.inFlight[s]! },
    throughput: measured > 0 ? completed / measured : 0,
    ...requestRates(outcomes),
    latency: latencySummary(stats.latency[s]!),
    wait: latencySummary(stats.wait[s]!),
    ttft: tokens ? latencySummary(stats.ttft[s]!) : null,
    tpot: tokens ? latencySummary(stats.tpot[s]!) : null,
    tokens: tokens ? { input: stats.measuredInputTokens[s]!, output: stats.measuredOutputTokens[s]!, outputPerSecond: measured > 0 ? stats.measuredOutputTokens[s]! / measured : 0 } : null,
    meanInSystem: measured > 0 ? stats.inFlightArea[s]! / measured : 0,
    utilisation: utilisation(mine),
    slo,
  };
}

export function summarize(st: RunState, engine: Engine, status: Results["status"]): Results {
  const { scenario, cluster: c } = st;
  const { stats, plane } = st.serving;
  const now = engine.now;
  const measured = Math.max(0, now - scenario.warmup);
  const utilisation = utilisationOf(st, now);
  // A pod's averages are over its own life: from Ready to its deletion (or the end of the run).
  const lifeEnd = (pod: number) => {
    const deleted = c.state.pod.deletedAt[pod]!;
    return Number.isNaN(deleted) ? now : Math.min(now, deleted);
  };
  const pods = podSummaries(scenario, c, (pod) => utilisation([pod]), plane.routed, (pod) => plane.summary(pod, lifeEnd(pod)), (pod) => st.autoscaling.clusterAutoscaler?.notTriggerScaleUp(pod) ?? null);
  const services = scenario.services.map((_, s) => serviceSummary(st, s, pods, utilisation, measured));
  const nodes: NodeSummary[] = nodeSummaries(scenario, c, (on) => (on.length === 0 ? null : utilisation(on)));
  const work = scenario.services.map((_, i) => ({ completed: stats.completed[i]!, tokens: plane.producesTokens(i) ? { input: stats.inputTokens[i]!, output: stats.outputTokens[i]! } : null }));
  const cost = costSummary(scenario, c, work, now, (m) => st.warnings.set(m, 1));
  const verdicts = services.flatMap((svc) => svc.slo.map((v) => ({ service: svc.name, ...v })));
  const series = st.sampling.series;
  const first = series[0];
  return {
    format: RESULTS_FORMAT,
    scenario: { name: scenario.metadata.name, seed: st.seed, duration: scenario.duration, warmup: scenario.warmup },
    status,
    haltReason: engine.haltReason ?? null,
    simulatedTime: now,
    events: engine.processed,
    services,
    pods,
    nodes,
    scheduler: schedulerSummary(c),
    cost,
    slo: { pass: allPass(verdicts), verdicts },
    sloWindows: { window: st.sloWindows.length, windows: st.sloWindows.verdicts(now) },
    autoscaling: summarizeAutoscaling(scenario, c, st.autoscaling),
    series: {
      step: first?.step ?? 0,
      t: first ? trimmed(first).t : new Float64Array(0),
      services: Object.fromEntries(scenario.services.map((svc, s) => [svc.name, trimmed(series[s]!).columns])),
      ...st.detail.columns(),
    },
    histograms: Object.fromEntries(scenario.services.map((svc, s) => [svc.name, { latency: toJSON(stats.latency[s]!), wait: toJSON(stats.wait[s]!) }])),
    warnings: [...st.warnings.entries()].map(([message, count]) => ({ message, count })),
  };
}
