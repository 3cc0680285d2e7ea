/**
 * Autoscaling in a scenario: a service's HPA (autoscaling/v2 shape: metrics, behavior) or
 * KEDA-style scaler (ScaledObject shape: triggers, activation, cooldown, scale to zero), its
 * PodDisruptionBudget, retry policy and activator (the queue that holds requests while no pod is
 * Ready); the cluster's HPA controller flags, metrics pipeline and cluster autoscaler.
 */
import * as z from "zod";
import { EXPANDER_NAMES } from "../autoscaling/index.js";
import { recordOf } from "../cluster/index.js";
import { count, duration, strictObject } from "./fields.js";
import { Limits as L } from "./limits.js";
import { unknownName } from "./suggest.js";

/** Per-pod metrics a Pods metric may name (what the pods' servers export). */
export const POD_METRICS = ["requests_in_flight", "queue_length", "kv_cache_usage", "gpu_utilization", "tokens_per_second"] as const;
/** Service-level metrics an Object or External metric, or a KEDA trigger, may name. */
export const SERVICE_METRICS = ["requests_per_second", "requests_in_flight", "queue_length"] as const;
/** Metrics only an LLM server exports. */
export const LLM_ONLY_METRICS: readonly string[] = ["kv_cache_usage", "tokens_per_second"];

const metricName = (valid: readonly string[]) =>
  z
    .string()
    .max(L.nameLength)
    .superRefine((n, ctx) => {
      if (!valid.includes(n)) ctx.addIssue({ code: "custom", message: unknownName("metric", n, valid), input: n });
    });

/** A metric quantity ("8", 0.5, "500m") stored in milli-units, as the HPA reads Quantity.MilliValue(). */
const quantity = z
  .union([z.number(), z.string().max(32)], { error: 'expected a quantity such as 8, 0.5 or "500m"' })
  .transform((v, ctx) => {
    const m = typeof v === "number" ? null : /^\s*(\d+(?:\.\d+)?)(m?)\s*$/.exec(v);
    const x = typeof v === "number" ? v : m ? Number(m[1]) / (m[2] === "m" ? 1000 : 1) : NaN;
    if (!(x > 0 && x <= L.metricTarget)) {
      ctx.addIssue({ code: "custom", message: `expected a quantity above 0 and at most ${L.metricTarget}, got ${JSON.stringify(v)}`, input: v });
      return z.NEVER;
    }
    return Math.round(x * 1000);
  });

const resourceMetric = strictObject({
  name: z.enum(["cpu", "memory"], { error: 'expected resource "cpu" or "memory"' }),
  target: z.discriminatedUnion(
    "type",
    [
      strictObject({ type: z.literal("Utilization"), /** Percent of the pods' requests. */ averageUtilization: count(1, L.utilizationPercent) }),
      strictObject({ type: z.literal("AverageValue"), averageValue: quantity }),
    ],
    { error: 'expected target type "Utilization" or "AverageValue"' },
  ),
});

const podsMetric = strictObject({
  metric: strictObject({ name: metricName(POD_METRICS) }),
  target: strictObject({ type: z.literal("AverageValue"), averageValue: quantity }),
});

/** Object (the Service) and External metrics: a total (Value) or a per-pod share of it (AverageValue). */
const serviceMetric = strictObject({
  metric: strictObject({ name: metricName(SERVICE_METRICS) }),
  target: z.discriminatedUnion(
    "type",
    [strictObject({ type: z.literal("Value"), value: quantity }), strictObject({ type: z.literal("AverageValue"), averageValue: quantity })],
    { error: 'expected target type "Value" or "AverageValue"' },
  ),
});

export const metricSpecSchema = z.discriminatedUnion(
  "type",
  [
    strictObject({ type: z.literal("Resource"), resource: resourceMetric }),
    strictObject({ type: z.literal("Pods"), pods: podsMetric }),
    strictObject({ type: z.literal("Object"), object: serviceMetric }),
    strictObject({ type: z.literal("External"), external: serviceMetric }),
  ],
  { error: 'expected metric type "Resource", "Pods", "Object" or "External"' },
);

const scalingPolicy = strictObject({
  type: z.enum(["Pods", "Percent"], { error: 'expected policy type "Pods" or "Percent"' }),
  value: count(1, L.replicas * 100),
  periodSeconds: count(1, 1800),
});

/** HPAScalingRules; absent fields take the upstream defaults (GenerateHPAScaleUpRules / GenerateHPAScaleDownRules). */
const scalingRules = strictObject({
  stabilizationWindowSeconds: count(0, 3600).optional(),
  selectPolicy: z.enum(["Max", "Min", "Disabled"], { error: 'expected selectPolicy "Max", "Min" or "Disabled"' }).optional(),
  policies: z.array(scalingPolicy).min(1).max(L.scalingPolicies).optional(),
  /** Per-direction tolerance (HPAConfigurableTolerance), e.g. 0.05. */
  tolerance: z.number().min(0).max(10).optional(),
});

export const behaviorSchema = strictObject({ scaleUp: scalingRules.optional(), scaleDown: scalingRules.optional() });

const hpa = strictObject({
  kind: z.literal("hpa"),
  /** Replicas the HPA never goes below (API default 1; scale to zero needs kind keda). */
  minReplicas: count(1, L.replicas).default(1),
  maxReplicas: count(1, L.replicas),
  /** Absent: cpu at 80 % of requests (the API default). */
  metrics: z.array(metricSpecSchema).min(1).max(L.hpaMetrics).optional(),
  /** Absent: the legacy normalisation (scale-up limit max(2 × current, 4), downscale stabilisation). */
  behavior: behaviorSchema.optional(),
});

const trigger = strictObject({
  /** The metric the trigger reads (for the whole service). */
  metric: metricName(SERVICE_METRICS),
  /** Target per replica (AverageValue) or in total (Value). */
  threshold: quantity,
  /** Above this the service is active: scaled from zero (KEDA activationThreshold, default 0). */
  activationThreshold: z.number().min(0).max(L.metricTarget).default(0),
  metricType: z.enum(["AverageValue", "Value"], { error: 'expected metricType "AverageValue" or "Value"' }).default("AverageValue"),
  /**
   * Without data (no scrape yet, or a rate with a single sample), the trigger reads 0 (true, the
   * KEDA Prometheus scaler's default) or is in error, which scales nothing (false).
   */
  ignoreNullValues: z.boolean().default(true),
});

const DAY = 86_400;

/**
 * KEDA's cron scaler: from `start` to `end` of every day (simulated time 0 is 00:00 UTC, as a
 * daily `M H * * *` schedule in that time zone), the service is active and keeps at least
 * `desiredReplicas`. The window may wrap past midnight (end before start).
 */
export const cronScheduleSchema = strictObject({
  start: duration(0, DAY - 60),
  end: duration(0, DAY - 60),
  desiredReplicas: count(1, L.replicas),
}).superRefine((c, ctx) => {
  for (const k of ["start", "end"] as const) {
    if (c[k] % 60 !== 0) ctx.addIssue({ code: "custom", path: [k], message: `expected a whole minute (a cron schedule has minute resolution), got ${c[k]}s` });
  }
  if (c.start === c.end) ctx.addIssue({ code: "custom", path: ["end"], message: "expected end to differ from start" });
});

const keda = strictObject({
  kind: z.literal("keda"),
  minReplicaCount: count(0, L.replicas).default(0),
  maxReplicaCount: count(1, L.replicas).default(100),
  /** How often KEDA checks the triggers' activity (default 30 s). */
  pollingInterval: duration(1, L.durationSeconds).default(30),
  /** How long the triggers must stay inactive before scaling to minReplicaCount (default 5 m). */
  cooldownPeriod: duration(0, L.durationSeconds).default(300),
  /** Until this long after the start, a service never seen active is not scaled to zero (KEDA initialCooldownPeriod, default 0). */
  initialCooldownPeriod: duration(0, L.durationSeconds).default(0),
  triggers: z.array(trigger).min(1).max(L.hpaMetrics),
  /** Scheduled minimums (KEDA cron triggers), e.g. before a known peak. */
  cron: z.array(cronScheduleSchema).max(L.hpaMetrics).default([]),
  /** The behavior of the HPA KEDA creates (advanced.horizontalPodAutoscalerConfig.behavior). */
  behavior: behaviorSchema.optional(),
});

export const serviceAutoscalingSchema = z.discriminatedUnion("kind", [hpa, keda], { error: 'expected autoscaling kind "hpa" or "keda"' });

/** An integer or a percentage from "0%" to "100%" (policy/v1 validation: ValidatePositiveIntOrPercent, IsNotMoreThan100Percent). */
const intOrPercent = z.union([
  count(0, L.replicas),
  z
    .string()
    .regex(/^\d{1,3}%$/, { error: 'expected an integer or a percentage such as "50%"' })
    .refine((p) => Number(p.slice(0, -1)) <= 100, { error: "expected a percentage of at most 100%" }),
]);

/** A PodDisruptionBudget over the service's pods: exactly one of minAvailable, maxUnavailable. */
export const disruptionBudgetSchema = strictObject({ minAvailable: intOrPercent.optional(), maxUnavailable: intOrPercent.optional() }).superRefine((b, ctx) => {
  if ((b.minAvailable === undefined) === (b.maxUnavailable === undefined)) ctx.addIssue({ code: "custom", message: "expected exactly one of minAvailable, maxUnavailable" });
});

/** Retries of requests cut by a lost pod or an ended grace period (a mesh or client retry policy on reset / connect-failure). */
export const retrySchema = strictObject({
  /** Retries after the first try (Envoy num_retries). */
  attempts: count(0, L.retryAttempts).default(1),
  /** Wait before each retry (Envoy's base interval). */
  backoff: duration(0, L.durationSeconds).default(0.025),
});

/**
 * The activator (Knative's activator, the KEDA HTTP add-on's interceptor): requests that find no
 * Ready pod wait here, up to `queueLimit` of them, each at most `timeout`, and go to the first pod
 * that becomes Ready. Default for services scaled by kind keda; off otherwise.
 */
export const activatorSchema = strictObject({
  queueLimit: count(0, L.queueLimit).default(10_000),
  timeout: duration(0, L.durationSeconds).default(300),
});

/** kube-controller-manager's HPA flags. */
export const hpaControllerSchema = strictObject({
  syncPeriod: duration(1, L.durationSeconds).default(15),
  tolerance: z.number().min(0).max(10).default(0.1),
  downscaleStabilization: duration(0, L.durationSeconds).default(300),
  cpuInitializationPeriod: duration(0, L.durationSeconds).default(300),
  initialReadinessDelay: duration(0, L.durationSeconds).default(30),
});

/** How metrics reach the autoscalers: sampled every scrapeInterval, visible after lag; rates over rateWindow. */
export const metricsPipelineSchema = strictObject({
  scrapeInterval: duration(1, L.durationSeconds).default(15),
  lag: duration(0, L.durationSeconds).default(0),
  rateWindow: duration(1, L.durationSeconds).default(60),
});

/** Expander names, from the cluster autoscaler's expander registry. */
export const EXPANDERS = EXPANDER_NAMES;

const expanderList = z
  .union([z.string().max(256), z.array(z.string().max(64)).min(1).max(EXPANDERS.length)])
  .transform((v, ctx) => {
    const names = typeof v === "string" ? v.split(",").map((x) => x.trim()) : v;
    for (const n of names) if (!(EXPANDERS as readonly string[]).includes(n)) ctx.addIssue({ code: "custom", message: unknownName("expander", n, EXPANDERS) });
    return names as (typeof EXPANDERS)[number][];
  });

/** The cluster autoscaler (kubernetes/autoscaler cluster-autoscaler flags, upstream defaults). */
export const clusterAutoscalerSchema = strictObject({
  scanInterval: duration(1, L.durationSeconds).default(10),
  /** Expanders applied in order, each narrowing the options of the previous (`priority,least-waste`); a final random pick. */
  expander: expanderList.default(["random"]),
  /** For the priority expander: priority → node-pool name patterns (regular expressions, anchored), as its ConfigMap. */
  priorities: recordOf(z.string().regex(/^-?\d{1,9}$/, { error: "expected an integer priority" }), z.array(z.string().min(1).max(256)).max(64)).optional(),
  maxNodeProvisionTime: duration(1, L.durationSeconds).default(900),
  /** Most nodes in the cluster (0: no limit). */
  maxNodesTotal: count(0, L.nodes).default(0),
  /** Pods below this priority neither trigger scale-up nor block scale-down. */
  expendablePodsPriorityCutoff: z.number().int().min(-L.priorityValue).max(L.priorityValue).default(-10),
  /** After a failed scale-up (nodes not registered in time), the pool is skipped for this long, doubling up to 30 m. */
  initialBackoff: duration(0, L.durationSeconds).default(300),
  maxBackoff: duration(0, L.durationSeconds).default(1800),
  scaleDown: strictObject({
    enabled: z.boolean().default(true),
    utilizationThreshold: z.number().min(0).max(1).default(0.5),
    gpuUtilizationThreshold: z.number().min(0).max(1).default(0.5),
    unneededTime: duration(0, L.durationSeconds).default(600),
    unreadyTime: duration(0, L.durationSeconds).default(1200),
    delayAfterAdd: duration(0, L.durationSeconds).default(600),
    /** Absent: the scan interval. */
    delayAfterDelete: duration(0, L.durationSeconds).optional(),
    delayAfterFailure: duration(0, L.durationSeconds).default(180),
    maxEmptyBulkDelete: count(1, 1000).default(10),
    maxGracefulTermination: duration(0, L.durationSeconds).default(600),
  }).prefault({}),
});

/** How the control plane notices a lost node (kube-controller-manager node lifecycle). */
export const nodeHealthSchema = strictObject({
  /** --node-monitor-grace-period: a silent node is marked NotReady (its pods leave the endpoints) after this. */
  monitorGracePeriod: duration(0, L.durationSeconds).default(40),
  /** The default toleration of node.kubernetes.io/unreachable: pods of a NotReady node are evicted (and replaced) after this. */
  podEvictionTimeout: duration(0, L.durationSeconds).default(300),
});
