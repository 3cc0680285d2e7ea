/** A service: its image, model server, resources, replicas, traffic and SLOs. */
import * as z from "zod";
import { DEFAULT_ROUTING_POLICY, ROUTING_POLICIES, routingPolicies, serverKinds } from "../serving/index.js";
import type { SchemaKit } from "../serving/index.js";
import { formatDuration } from "../units/index.js";
import { activatorSchema, disruptionBudgetSchema, retrySchema, serviceAutoscalingSchema } from "./autoscaling-schema.js";
import { bytes, count, dns1035Label, dnsLabel, duration, strictObject } from "./fields.js";
import { Limits as L } from "./limits.js";
import { imageSchema, podSchema, resourceRequirements } from "./pod-schema.js";
import { trafficSourceSchema } from "./traffic-schema.js";

/** One-of list of names as messages give it: "a", "b" or "c". */
const oneOf = (names: readonly string[]) => {
  const q = names.map((n) => JSON.stringify(n));
  return q.length > 1 ? `${q.slice(0, -1).join(", ")} or ${q.at(-1)}` : (q[0] ?? "");
};

/** The scenario's field helpers and bounds, with which each server kind builds its model block. */
const kit: SchemaKit = { strictObject, duration, bytes, count, limits: L };
type Kinds = typeof serverKinds;
/** One strict object per registered server kind (serving/servers/<kind>/model.ts), told apart by `kind`. */
type ModelMember = { [K in keyof Kinds]: ReturnType<Kinds[K]["model"]> }[keyof Kinds];
const modelMembers = Object.values(serverKinds).map((k) => k.model(kit)) as unknown as [ModelMember, ...ModelMember[]];
const model = z.discriminatedUnion("kind", modelMembers, { error: `expected model kind ${oneOf(Object.keys(serverKinds))}` });

type Policies = typeof routingPolicies;
/** One strict object per registered routing policy (serving/routing/policies): `policy` and that policy's own arguments. */
type RoutingMember = { [K in keyof Policies]: Policies[K]["args"] extends z.ZodObject<infer S> ? z.ZodObject<{ policy: z.ZodLiteral<K> } & S, z.core.$strict> : never }[keyof Policies];
const routingMembers = Object.values(routingPolicies).map((m) =>
  // The default policy (kube-proxy's) may be left out.
  strictObject({ policy: m.name === DEFAULT_ROUTING_POLICY ? z.literal(m.name).default(m.name) : z.literal(m.name), ...m.args.shape }),
) as unknown as [RoutingMember, ...RoutingMember[]];

/**
 * How the Service spreads requests over Ready pods: `policy` (random by default: kube-proxy) and
 * the policy's own arguments beside it, each checked by the policy's schema.
 */
const routing = z.discriminatedUnion("policy", routingMembers, { error: `expected routing policy ${oneOf(ROUTING_POLICIES)}` });

const PERCENTILES = ["p50", "p90", "p95", "p99", "p999"] as const;

/** Latency targets by percentile; a lower percentile never exceeds a higher one, so its target may not either. */
const percentileTargets = strictObject({
  p50: duration(0, L.durationSeconds).optional(),
  p90: duration(0, L.durationSeconds).optional(),
  p95: duration(0, L.durationSeconds).optional(),
  p99: duration(0, L.durationSeconds).optional(),
  p999: duration(0, L.durationSeconds).optional(),
}).superRefine((t, ctx) => {
  PERCENTILES.forEach((lo, i) => {
    const a = t[lo];
    if (a === undefined) return;
    const hi = PERCENTILES.slice(i + 1).find((h) => t[h] !== undefined && t[h] < a);
    if (hi !== undefined) {
      ctx.addIssue({ code: "custom", path: [lo], message: `expected ${lo} at most ${hi} (${formatDuration(t[hi]!)}), got ${formatDuration(a)}: a lower percentile cannot be above a higher one, so both targets cannot hold as written` });
    }
  });
});

const slo = strictObject({
  /** End-to-end latency targets by percentile, measured after warm-up. */
  latency: percentileTargets.optional(),
  /** Time to first token targets (LLM services). */
  ttft: percentileTargets.optional(),
  /** Time per output token targets, (end − first token) ÷ (output tokens − 1) (LLM services). */
  tpot: percentileTargets.optional(),
  /**
   * Largest acceptable share of requests rejected (queue full, no Ready pod, never fits the model),
   * in [0, 1], of the requests that arrived after warm-up.
   */
  maxRejectRate: z.number().min(0).max(1).optional(),
  /** Largest acceptable share of requests rejected, failed or timed out, in [0, 1], of the requests that arrived after warm-up. */
  maxErrorRate: z.number().min(0).max(1).optional(),
});

/** Exposure outside the cluster through an Ingress (networking.k8s.io/v1); manifests only, the simulation ignores it. */
const expose = strictObject({
  /** Host name of the Ingress rule (a DNS-1123 subdomain). */
  host: z
    .string()
    .max(253)
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, { error: "expected a host name: lowercase DNS labels separated by dots" }),
  /** Path prefix routed to the service. */
  path: z.string().regex(/^\/[^\s]{0,255}$/, { error: 'expected a path starting with "/"' }).default("/"),
  /** IngressClass name; absent: the cluster's default class. */
  className: dnsLabel(L.nameLength).optional(),
});

export const serviceSchema = strictObject({
  /** The Service, Deployment and pod name prefix: a DNS-1035 label, as Kubernetes requires of Service names. */
  name: dns1035Label(L.nameLength, "service name"),
  image: imageSchema.optional(),
  model,
  /** Requests and limits of the model server container. */
  resources: resourceRequirements.prefault({}),
  /** Placement and start-up of the service's pods. */
  pod: podSchema.prefault({}),
  /** Pods of the service at the start (the Deployment's replicas; an autoscaler changes them). */
  replicas: count(0, L.replicas).default(1),
  /**
   * The pods placed at time 0 start Ready (image on the node, container started, model loaded,
   * probe passed), as in a cluster that has been serving for a while: for steady-state studies.
   * Pods created later cold-start as usual. Default false: every pod cold-starts.
   */
  prewarmed: z.boolean().default(false),
  /** How the Service spreads requests over Ready pods. */
  routing: routing.prefault({ policy: DEFAULT_ROUTING_POLICY }),
  traffic: z.array(trafficSourceSchema).max(L.trafficSources).default([]),
  slo: slo.optional(),
  /** An HPA (kind hpa) or a KEDA-style scaler (kind keda) for the service's Deployment. */
  autoscaling: serviceAutoscalingSchema.optional(),
  /** PodDisruptionBudget: the cluster autoscaler does not evict pods beyond it. */
  disruptionBudget: disruptionBudgetSchema.optional(),
  /** Retries of requests cut when their pod is lost or aborted. */
  retry: retrySchema.optional(),
  /** Holds requests while the service has no Ready pod (default on for kind keda). */
  activator: activatorSchema.optional(),
  /** Exposed outside the cluster: the export adds an Ingress. */
  expose: expose.optional(),
});
