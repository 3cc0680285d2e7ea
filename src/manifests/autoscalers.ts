/**
 * The autoscaler of a service: an autoscaling/v2 HorizontalPodAutoscaler (metrics named as
 * prometheus-adapter exposes them, the scenario's behavior), or a KEDA ScaledObject with
 * Prometheus triggers (the scenario's kind keda, or any HPA with --keda).
 */
import type { HpaAutoscaling, KedaAutoscaling, Service } from "../scenario/index.js";
import { appLabels, MANAGED_BY, sortKeys } from "./labels.js";
import { milliQuantity } from "./quantities.js";
import { ADAPTER_METRICS } from "./server.js";
import type { Json, JsonObject, K8sObject } from "./types.js";

type Metric = NonNullable<HpaAutoscaling["metrics"]>[number];
type Behavior = NonNullable<HpaAutoscaling["behavior"]>;

/** Where the KEDA Prometheus scaler reads (the kube-prometheus-stack default service). */
export const PROMETHEUS_ADDRESS = "http://prometheus-operated.monitoring.svc:9090";

export const adapterName = (svc: Service, metric: string): string => ADAPTER_METRICS[svc.model.kind][metric] ?? metric;

function metricSpec(svc: Service, m: Metric): JsonObject {
  switch (m.type) {
    case "Resource": {
      const t = m.resource.target;
      const target = t.type === "Utilization" ? { type: "Utilization", averageUtilization: t.averageUtilization } : { type: "AverageValue", averageValue: milliQuantity(t.averageValue) };
      return { type: "Resource", resource: { name: m.resource.name, target } };
    }
    case "Pods":
      return { type: "Pods", pods: { metric: { name: adapterName(svc, m.pods.metric.name) }, target: { type: "AverageValue", averageValue: milliQuantity(m.pods.target.averageValue) } } };
    case "Object":
    case "External": {
      const spec = m.type === "Object" ? m.object : m.external;
      const t = spec.target;
      const target = t.type === "Value" ? { type: "Value", value: milliQuantity(t.value) } : { type: "AverageValue", averageValue: milliQuantity(t.averageValue) };
      const metric = { name: adapterName(svc, spec.metric.name) };
      return m.type === "Object"
        ? { type: "Object", object: { describedObject: { apiVersion: "v1", kind: "Service", name: svc.name }, metric, target } }
        : { type: "External", external: { metric: { ...metric, selector: { matchLabels: { service: svc.name } } }, target } };
    }
  }
}

/** The behavior as given (absent fields keep the upstream defaults the simulation used too). */
export function behaviorOf(b: Behavior): JsonObject {
  const rules = (r: NonNullable<Behavior["scaleUp"]>): JsonObject => {
    const out: Record<string, Json> = {};
    if (r.stabilizationWindowSeconds !== undefined) out["stabilizationWindowSeconds"] = r.stabilizationWindowSeconds;
    if (r.selectPolicy !== undefined) out["selectPolicy"] = r.selectPolicy;
    if (r.policies !== undefined) out["policies"] = r.policies.map((p) => ({ type: p.type, value: p.value, periodSeconds: p.periodSeconds }));
    return out;
  };
  return { ...(b.scaleDown ? { scaleDown: rules(b.scaleDown) } : {}), ...(b.scaleUp ? { scaleUp: rules(b.scaleUp) } : {}) };
}

const targetRef = (svc: Service) => ({ apiVersion: "apps/v1", kind: "Deployment", name: svc.name });
const meta = (svc: Service) => ({ name: svc.name, labels: sortKeys({ ...MANAGED_BY, ...appLabels(svc) }) });

export function hpaOf(svc: Service, a: HpaAutoscaling): K8sObject {
  return {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: meta(svc),
    spec: {
      scaleTargetRef: targetRef(svc),
      minReplicas: a.minReplicas,
      maxReplicas: a.maxReplicas,
      ...(a.metrics ? { metrics: a.metrics.map((m) => metricSpec(svc, m)) } : {}),
      ...(a.behavior ? { behavior: behaviorOf(a.behavior) } : {}),
    },
  };
}

/** A Prometheus trigger: `query` sums the metric over the service's pods. */
function promTrigger(svc: Service, metric: string, threshold: number, activation: number, metricType: "AverageValue" | "Value", ignoreNullValues = true): JsonObject {
  return {
    type: "prometheus",
    metricType,
    metadata: {
      serverAddress: PROMETHEUS_ADDRESS,
      query: `sum(${adapterName(svc, metric)}{service="${svc.name}"})`,
      threshold: milliQuantity(threshold),
      ...(activation > 0 ? { activationThreshold: String(activation) } : {}),
      ...(ignoreNullValues ? {} : { ignoreNullValues: "false" }),
    },
  };
}

function hpaTriggers(svc: Service, a: HpaAutoscaling): JsonObject[] {
  const metrics = a.metrics ?? [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } } as const];
  return metrics.map((m): JsonObject => {
    switch (m.type) {
      case "Resource": {
        const t = m.resource.target;
        return t.type === "Utilization"
          ? { type: m.resource.name, metricType: "Utilization", metadata: { value: String(t.averageUtilization) } }
          : { type: m.resource.name, metricType: "AverageValue", metadata: { value: milliQuantity(t.averageValue) } };
      }
      case "Pods":
        return promTrigger(svc, m.pods.metric.name, m.pods.target.averageValue, 0, "AverageValue");
      case "Object":
      case "External": {
        const spec = m.type === "Object" ? m.object : m.external;
        return spec.target.type === "Value" ? promTrigger(svc, spec.metric.name, spec.target.value, 0, "Value") : promTrigger(svc, spec.metric.name, spec.target.averageValue, 0, "AverageValue");
      }
    }
  });
}

/** KEDA's cron trigger: simulated time 0 is 00:00 UTC, the window a daily `M H * * *` schedule. */
function cronTrigger(c: { readonly start: number; readonly end: number; readonly desiredReplicas: number }): JsonObject {
  const at = (s: number) => `${Math.floor(s / 60) % 60} ${Math.floor(s / 3600)} * * *`;
  return { type: "cron", metadata: { timezone: "Etc/UTC", start: at(c.start), end: at(c.end), desiredReplicas: String(c.desiredReplicas) } };
}

export function scaledObjectOf(svc: Service, a: HpaAutoscaling | KedaAutoscaling): K8sObject {
  const common =
    a.kind === "keda"
      ? {
          pollingInterval: Math.round(a.pollingInterval),
          cooldownPeriod: Math.round(a.cooldownPeriod),
          ...(a.initialCooldownPeriod > 0 ? { initialCooldownPeriod: Math.round(a.initialCooldownPeriod) } : {}),
          minReplicaCount: a.minReplicaCount,
          maxReplicaCount: a.maxReplicaCount,
          triggers: [...a.triggers.map((t) => promTrigger(svc, t.metric, t.threshold, t.activationThreshold, t.metricType, t.ignoreNullValues)), ...a.cron.map(cronTrigger)],
        }
      : { minReplicaCount: a.minReplicas, maxReplicaCount: a.maxReplicas, triggers: hpaTriggers(svc, a) };
  const behavior = a.behavior ? behaviorOf(a.behavior) : undefined;
  return {
    apiVersion: "keda.sh/v1alpha1",
    kind: "ScaledObject",
    metadata: meta(svc),
    spec: {
      scaleTargetRef: targetRef(svc),
      ...common,
      ...(behavior ? { advanced: { horizontalPodAutoscalerConfig: { behavior } } } : {}),
    },
  };
}
