/** Turns the state of a finished (or stopped) run into Results: summaries, verdicts, cost, columns. */
import { findGpu } from "../catalog/index.js";
import type { Engine } from "../engine/index.js";
import { allPass, costOf, evaluateSlo, mean, quantile, toJSON, trimmed } from "../metrics/index.js";
import type { Histogram } from "../metrics/index.js";
import type { Scenario } from "../scenario/index.js";
import type { ClusterSetup } from "./cluster-setup.js";
import { RejectReason } from "./collect.js";
import type { LatencySummary, NodeSummary, PodSummary, Results, ServiceSummary } from "./results.js";
import { RESULTS_FORMAT } from "./results.js";
import type { Sampling } from "./sampling.js";
import type { ServingSetup } from "./serving-setup.js";

export interface RunState {
  readonly scenario: Scenario;
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

export function summarize(st: RunState, engine: Engine, status: Results["status"]): Results {
  const { scenario } = st;
  const { stats, servers } = st.serving;
  const { state: cluster, podSpecs, pendingReason, servicePods } = st.cluster;
  const now = engine.now;
  const measured = Math.max(0, now - scenario.warmup);
  const slotsOf = (pod: number) => scenario.services[podSpecs[pod]!.service]!.model.concurrency;
  const busyMeasured = (pod: number) => servers.busyArea(pod) - (st.sampling.busyAtWarmup[pod] ?? 0);
  const share = (busy: number, slots: number) => (measured > 0 && slots > 0 ? busy / (slots * measured) : null);

  const services: ServiceSummary[] = scenario.services.map((svc, s) => {
    const running = servicePods[s]!.filter((pod) => pendingReason[pod] === null);
    const arrived = stats.measuredArrived[s]!;
    const completed = stats.measuredCompleted[s]!;
    const rejected = stats.measuredRejected[s]!;
    const slo = evaluateSlo(svc.slo ?? {}, { latency: stats.latency[s]!, arrived, rejected });
    return {
      name: svc.name,
      replicas: { desired: svc.replicas, running: running.length, pending: svc.replicas - running.length },
      requests: {
        arrived,
        completed,
        rejected,
        inFlight: arrived - completed - rejected,
        rejectedBy: { queueFull: stats.measuredRejectedBy[RejectReason.QueueFull]![s]!, noEndpoint: stats.measuredRejectedBy[RejectReason.NoEndpoint]![s]! },
      },
      total: { arrived: stats.arrived[s]!, completed: stats.completed[s]!, rejected: stats.rejected[s]!, inFlight: stats.inFlight[s]! },
      throughput: measured > 0 ? completed / measured : 0,
      rejectRate: arrived > 0 ? rejected / arrived : null,
      latency: latencySummary(stats.latency[s]!),
      wait: latencySummary(stats.wait[s]!),
      meanInSystem: measured > 0 ? stats.inFlightArea[s]! / measured : 0,
      utilisation: share(running.reduce((a, pod) => a + busyMeasured(pod), 0), running.reduce((a, pod) => a + slotsOf(pod), 0)),
      slo,
    };
  });

  const pods: PodSummary[] = podSpecs.map((p, pod) => {
    const node = cluster.pod.node[pod]!;
    return {
      name: p.name,
      service: scenario.services[p.service]!.name,
      node: node >= 0 ? cluster.nodeNames[node]! : null,
      phase: node >= 0 ? "Running" : "Pending",
      pendingReason: pendingReason[pod]!,
      utilisation: node >= 0 ? share(busyMeasured(pod), slotsOf(pod)) : null,
    };
  });

  const podsOnNode = cluster.nodeNames.map(() => [] as number[]);
  podSpecs.forEach((_, pod) => {
    const node = cluster.pod.node[pod]!;
    if (node >= 0) podsOnNode[node]!.push(pod);
  });
  const n = cluster.node;
  const nodes: NodeSummary[] = cluster.nodeNames.map((name, i) => {
    const on = podsOnNode[i]!;
    return {
      name,
      pool: cluster.pools[n.pool[i]!]!.name,
      gpuType: cluster.pools[n.pool[i]!]!.gpuType,
      pods: on.length,
      allocated: {
        cpu: n.usedCpuMilli[i]! / n.cpuMilli[i]!,
        memory: n.usedMemBytes[i]! / n.memBytes[i]!,
        gpu: n.gpus[i]! > 0 ? n.usedGpus[i]! / n.gpus[i]! : null,
      },
      utilisation: on.length === 0 ? null : share(on.reduce((a, pod) => a + busyMeasured(pod), 0), on.reduce((a, pod) => a + slotsOf(pod), 0)),
    };
  });

  const prices = scenario.cluster.nodePools.map((p) => {
    const perGpu = p.gpu ? findGpu(p.gpu.type)?.pricePerGpuHour : undefined;
    const price = p.pricePerHour ?? (p.gpu && typeof perGpu === "number" ? perGpu * p.gpu.count : undefined);
    if (price === undefined) st.warnings.set(`node pool ${p.name} has no price: its cost counts as 0 (set pricePerHour)`, 1);
    return price ?? 0;
  });
  const cost = costOf(scenario.cluster.nodePools.map((p, i) => ({ pool: p.name, nodeSeconds: p.count * now, pricePerHour: prices[i]! })));
  const perHour = scenario.cluster.nodePools.reduce((a, p, i) => a + p.count * prices[i]!, 0);

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
    cost: { ...cost, perHour },
    slo: { pass: allPass(verdicts), verdicts },
    series: {
      step: first?.step ?? 0,
      t: first ? trimmed(first).t : new Float64Array(0),
      services: Object.fromEntries(scenario.services.map((svc, s) => [svc.name, trimmed(series[s]!).columns])),
    },
    histograms: Object.fromEntries(scenario.services.map((svc, s) => [svc.name, { latency: toJSON(stats.latency[s]!), wait: toJSON(stats.wait[s]!) }])),
    warnings: [...st.warnings.entries()].map(([message, count]) => ({ message, count })),
  };
}
