/**
 * Evaluates the HPA golden tables (shared/golden/hpa_*.json, transcribed from upstream
 * replica_calculator_test.go and horizontal_test.go) through the real calculator and normalisation
 * functions. Times: the harness's "now" is NOW; "epoch" (the zero time) is 0; "hot" pods started
 * at now, "cool" ones 3 minutes before; resource samples carry the zero timestamp and a 1-minute window.
 */
import * as z from "zod";
import { GoldenCaseError } from "../../scheduler/index.js";
import { scaleDownRules, scaleUpRules } from "./defaults.js";
import type { CalculatorConfig } from "./replica-calculator.js";
import { plainMetricReplicas, resourceReplicas } from "./replica-calculator.js";
import { rateLimit, scaleDownLimit, scaleUpLimit, stabilizeLegacy, stabilizeWithBehavior } from "./normalize.js";
import type { HpaPod, PodMetric, ScaleEvent } from "./types.js";

const NOW = 1_000_000;
const START = { hot: NOW, cool: NOW - 180, epoch: 0 } as const;
const SAMPLE_WINDOW = 60;

/** Which HPA table an upstream test file holds, or undefined. */
export function hpaTableOfSource(source: string): "calculator" | "behavior" | undefined {
  if (/pkg\/controller\/podautoscaler\/replica_calculator_test\.go$/.test(source)) return "calculator";
  if (/pkg\/controller\/podautoscaler\/horizontal_test\.go$/.test(source)) return "behavior";
  return undefined;
}

const cpuQuantity = z.looseObject({ cpu: z.number() });
const podSchema = z.looseObject({
  name: z.string().max(256),
  phase: z.enum(["Pending", "Running", "Succeeded", "Failed"]),
  ready: z.boolean(),
  startTime: z.enum(["hot", "cool", "epoch"]),
  deleting: z.boolean(),
  request: cpuQuantity.optional(),
  usage: cpuQuantity.nullable().optional(),
  metricValue: z.number().nullable().optional(),
});
const calculatorCase = z.looseObject({
  metric: z.union([
    z.looseObject({ type: z.literal("Resource"), resource: z.string(), target: z.looseObject({ averageUtilization: z.number() }) }),
    z.looseObject({ type: z.literal("Pods"), name: z.string(), target: z.looseObject({ averageValueMilli: z.number() }) }),
  ]),
  currentReplicas: z.number().int(),
  pods: z.array(podSchema).max(10_000),
  extraMetrics: z.array(z.looseObject({ pod: z.string(), usage: cpuQuantity.optional(), metricValue: z.number().optional() })).max(10_000).optional(),
});

const policy = z.looseObject({ type: z.enum(["Pods", "Percent"]), value: z.number(), periodSeconds: z.number() });
const rules = z.looseObject({ stabilizationWindowSeconds: z.number().optional(), selectPolicy: z.enum(["Max", "Min", "Disabled"]).optional(), policies: z.array(policy).max(100).optional() });
const events = z.array(z.looseObject({ replicaChange: z.number(), secondsAgo: z.number() })).max(10_000);
const recs = z.array(z.looseObject({ replicas: z.number(), secondsAgo: z.number() })).max(10_000);
const behaviorCase = z.discriminatedUnion("kind", [
  z.looseObject({
    kind: z.literal("rateLimit"),
    currentReplicas: z.number(),
    desiredReplicas: z.number(),
    minReplicas: z.number(),
    maxReplicas: z.number(),
    scaleUp: rules.nullable(),
    scaleDown: rules.nullable(),
    scaleUpEvents: events,
    scaleDownEvents: events,
  }),
  z.looseObject({ kind: z.literal("scaleUpLimit"), currentReplicas: z.number(), scaleUpEvents: events, rules }),
  z.looseObject({ kind: z.literal("scaleDownLimit"), currentReplicas: z.number(), scaleDownEvents: events, rules }),
  z.looseObject({
    kind: z.literal("stabilizationWithBehavior"),
    recommendations: recs,
    currentReplicas: z.number(),
    desiredReplicas: z.number(),
    scaleUpStabilizationWindowSeconds: z.number(),
    scaleDownStabilizationWindowSeconds: z.number(),
  }),
  z.looseObject({ kind: z.literal("legacyStabilization"), downscaleStabilizationWindowSeconds: z.number(), recommendations: recs, desiredReplicas: z.number() }),
]);

const parametersSchema = z
  .looseObject({ tolerance: z.number(), cpuInitializationPeriodSeconds: z.number(), delayOfInitialReadinessStatusSeconds: z.number() })
  .partial();

/** The upstream test harness's calculator settings (defaultTesting* in replica_calculator.go), unless the file gives its own. */
function calculatorConfig(parameters: unknown): CalculatorConfig {
  const p = parametersSchema.safeParse(parameters ?? {});
  const v = p.success ? p.data : {};
  const tol = v.tolerance ?? 0.1;
  return { tolerances: { up: tol, down: tol }, cpuInitializationPeriodSeconds: v.cpuInitializationPeriodSeconds ?? 120, initialReadinessDelaySeconds: v.delayOfInitialReadinessStatusSeconds ?? 10 };
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new GoldenCaseError(`${i.path.map(String).join(".") || "(case)"}: ${i.message}`);
  }
  return r.data;
}

function calculatorOutcome(input: unknown, parameters: unknown): unknown {
  const c = parse(calculatorCase, input);
  const cfg = calculatorConfig(parameters);
  const resource = c.metric.type === "Resource";
  const pods: HpaPod[] = c.pods.map((p) => ({
    name: p.name,
    phase: p.phase,
    deleting: p.deleting,
    // The harness gives every pod a PodReady condition whose last transition is the zero time.
    ready: { status: p.ready, lastTransitionTime: 0 },
    startTime: START[p.startTime],
    requests: p.request ? { cpu: p.request.cpu } : undefined,
  }));
  const metrics = new Map<string, PodMetric>();
  const sample = (value: number): PodMetric => ({ value, timestamp: 0, window: SAMPLE_WINDOW });
  for (const p of c.pods) {
    const v = resource ? p.usage?.cpu : p.metricValue;
    if (v !== undefined && v !== null) metrics.set(p.name, sample(v));
  }
  for (const e of c.extraMetrics ?? []) {
    const v = resource ? e.usage?.cpu : e.metricValue;
    if (v !== undefined) metrics.set(e.pod, sample(v));
  }
  if (c.metric.type === "Resource") {
    const r = resourceReplicas(c.currentReplicas, c.metric.target.averageUtilization, c.metric.resource, pods, metrics, cfg, NOW);
    return r.ok ? { replicas: r.replicas, utilization: r.utilization, rawAverageUsage: r.rawAverage } : { error: r.error };
  }
  const r = plainMetricReplicas(c.currentReplicas, c.metric.target.averageValueMilli, "", pods, metrics, cfg, NOW);
  return r.ok ? { replicas: r.replicas, usageMilli: r.usage } : { error: r.error };
}

const toEvents = (es: z.output<typeof events>): ScaleEvent[] => es.map((e) => ({ replicaChange: e.replicaChange, timestamp: NOW - e.secondsAgo, outdated: false }));
const toRecs = (rs: z.output<typeof recs>) => rs.map((r) => ({ replicas: r.replicas, timestamp: NOW - r.secondsAgo }));
/** A null rule set is the API defaults; the scale-down window then comes from the controller flag (300 s). */
const DOWNSCALE_FLAG = 300;

function behaviorOutcome(input: unknown): unknown {
  const c = parse(behaviorCase, input);
  switch (c.kind) {
    case "rateLimit": {
      const r = rateLimit(
        {
          current: c.currentReplicas,
          desired: c.desiredReplicas,
          minReplicas: c.minReplicas,
          maxReplicas: c.maxReplicas,
          scaleUp: scaleUpRules(c.scaleUp),
          scaleDown: scaleDownRules(c.scaleDown, DOWNSCALE_FLAG),
          upEvents: toEvents(c.scaleUpEvents),
          downEvents: toEvents(c.scaleDownEvents),
        },
        NOW,
      );
      return { replicas: r.replicas, condition: r.reason };
    }
    case "scaleUpLimit":
      return { limit: scaleUpLimit(c.currentReplicas, toEvents(c.scaleUpEvents), [], scaleUpRules(c.rules), NOW) };
    case "scaleDownLimit":
      return { limit: scaleDownLimit(c.currentReplicas, [], toEvents(c.scaleDownEvents), scaleDownRules(c.rules, DOWNSCALE_FLAG), NOW) };
    case "stabilizationWithBehavior": {
      const r = stabilizeWithBehavior(toRecs(c.recommendations), c.currentReplicas, c.desiredReplicas, c.scaleUpStabilizationWindowSeconds, c.scaleDownStabilizationWindowSeconds, NOW);
      return { replicas: r.replicas, storedRecommendations: r.log.map((x) => x.replicas) };
    }
    case "legacyStabilization": {
      const r = stabilizeLegacy(toRecs(c.recommendations), c.desiredReplicas, c.downscaleStabilizationWindowSeconds, NOW);
      return { replicas: r.replicas, storedRecommendationCount: r.log.length };
    }
  }
}

/** The outcome of one HPA golden case, shaped like its `expected`; throws GoldenCaseError on a malformed case. */
export function evaluateHpaCase(table: "calculator" | "behavior", testCase: unknown, parameters?: unknown): unknown {
  return table === "calculator" ? calculatorOutcome(testCase, parameters) : behaviorOutcome(testCase);
}

/** Expected errors are substrings of the actual error; every other key must match exactly. */
export function hpaErrorMatches(expected: unknown, actual: unknown): boolean | undefined {
  const isErr = (x: unknown): x is { error: string } => x !== null && typeof x === "object" && typeof (x as { error?: unknown }).error === "string";
  if (!isErr(expected)) return undefined;
  return isErr(actual) && actual.error.includes(expected.error);
}
