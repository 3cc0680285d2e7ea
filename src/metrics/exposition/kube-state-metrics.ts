/**
 * kube-state-metrics' series (docs/metrics/workload and cluster): Deployments, HPAs (KEDA's
 * is named keda-hpa-<name>), pods (phase, readiness, node) and node Ready conditions, with the
 * labels it uses. Nodes appear once registered; pods while they exist.
 */
import type { MetricFamily, PointSeries } from "./openmetrics.js";
import type { MonitoringData, ServiceTrack } from "./recorder.js";
import type { MonitoringTargets } from "./targets.js";
import { rowsWhere, stableUuid } from "./targets.js";

const JOB = ["job", "kube-state-metrics"] as const;
const PHASES = ["Pending", "Running", "Succeeded", "Failed", "Unknown"] as const;
const STATUSES = ["true", "false", "unknown"] as const;

export function kubeStateMetricsFamilies(data: MonitoringData, targets: MonitoringTargets): MetricFamily[] {
  const ns = ["namespace", targets.namespace] as const;
  const gauge = (name: string, help: string, series: PointSeries[]): MetricFamily => ({ name, help, type: "gauge", series });
  const perDeployment = (key: keyof ServiceTrack["counters"]) =>
    data.services.map((s, i): PointSeries => ({ labels: [JOB, ["deployment", targets.services[i]!.name], ns], t: data.t, v: s.counters[key] }));
  const scaled = data.services.map((s, i) => ({ s, i, hpa: targets.services[i]!.autoscaler })).filter((x) => x.hpa !== null);
  const perHpa = (value: (x: (typeof scaled)[number]) => readonly number[]) =>
    scaled.map((x): PointSeries => ({ labels: [JOB, ["horizontalpodautoscaler", x.hpa!.hpaName], ns], t: data.t, v: value(x) }));
  const podLabels = (p: MonitoringData["pods"][number]) => [JOB, ns, ["pod", p.name], ["uid", stableUuid(`${targets.namespace}/${p.name}`)]] as const;
  const nodes = data.nodes.filter((n) => n.condition.some((c) => c !== "provisioning"));
  // A node's series exist from its registration until it leaves.
  const registered = (n: MonitoringData["nodes"][number]) => (r: number) => n.condition[r] !== "provisioning";

  return [
    gauge("kube_deployment_spec_replicas", "Number of desired pods for a deployment.", perDeployment("desired")),
    gauge("kube_deployment_status_replicas", "The number of replicas per deployment.", perDeployment("current")),
    gauge("kube_deployment_status_replicas_ready", "The number of ready replicas per deployment.", perDeployment("available")),
    gauge("kube_deployment_status_replicas_available", "The number of available replicas per deployment.", perDeployment("available")),
    gauge("kube_horizontalpodautoscaler_spec_min_replicas", "Lower limit for the number of pods that can be set by the autoscaler, default 1.", perHpa((x) => data.t.map(() => x.hpa!.min))),
    gauge("kube_horizontalpodautoscaler_spec_max_replicas", "Upper limit for the number of pods that can be set by the autoscaler; cannot be smaller than MinReplicas.", perHpa((x) => data.t.map(() => x.hpa!.max))),
    gauge("kube_horizontalpodautoscaler_status_current_replicas", "Current number of replicas of pods managed by this autoscaler.", perHpa((x) => x.s.counters.current)),
    gauge("kube_horizontalpodautoscaler_status_desired_replicas", "Desired number of replicas of pods managed by this autoscaler.", perHpa((x) => x.s.counters.desired)),
    gauge(
      "kube_pod_info",
      "Information about pod.",
      data.pods.flatMap((p) => {
        const nodes = [...new Set(p.node)];
        return nodes.map((node) => rowsWhere([...podLabels(p), ["node", node ?? ""], ["created_by_kind", "ReplicaSet"]], data.t, p.first, p.node.length, () => 1, (r) => p.node[r] === node));
      }),
    ),
    gauge(
      "kube_pod_status_phase",
      "The pods current phase.",
      data.pods.flatMap((p) => PHASES.map((phase) => rowsWhere([...podLabels(p), ["phase", phase]], data.t, p.first, p.phase.length, (r) => (p.phase[r] === phase ? 1 : 0)))),
    ),
    gauge(
      "kube_pod_status_ready",
      "Describes whether the pod is ready to serve requests.",
      data.pods.flatMap((p) => STATUSES.map((c) => rowsWhere([...podLabels(p), ["condition", c]], data.t, p.first, p.ready.length, (r) => ((p.ready[r] === 1 ? "true" : "false") === c ? 1 : 0)))),
    ),
    gauge(
      "kube_node_status_condition",
      "The condition of a cluster node.",
      nodes.flatMap((n) =>
        STATUSES.map((status) => rowsWhere([JOB, ["node", n.name], ["condition", "Ready"], ["status", status]], data.t, n.first, n.condition.length, (r) => (n.condition[r] === status ? 1 : 0), registered(n))),
      ),
    ),
  ];
}
