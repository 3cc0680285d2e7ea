/**
 * Pod-level parts of a service: resource lists (any Kubernetes resource name, with units), the pod
 * spec fields placement reads (labels, priority class, node selector and affinity, tolerations,
 * topology spread, init containers, overhead) and how the pod starts and stops (container start
 * time, readiness probe, termination grace period). k8s-shaped lists use the cluster's API schemas.
 */
import * as z from "zod";
import { labelMapSchema, nodeAffinitySchema, recordOf, tolerationSchema, topologySpreadConstraintSchema } from "../cluster/index.js";
import { isK8sName, parseBytes, parseCpu } from "../units/index.js";
import { bytes, count, dnsLabel, dnsSubdomain, duration, strictObject } from "./fields.js";
import { Limits as L } from "./limits.js";
import { unknownName } from "./suggest.js";

const COMMON = ["cpu", "memory", "ephemeral-storage", "nvidia.com/gpu"];

/**
 * How a resource name's amounts are written: cpu in cores ("500m", "2"), memory, ephemeral-storage
 * and hugepages-* in bytes ("16Gi"), every other (extended) resource as a whole count.
 */
function parseAmount(name: string, v: unknown): { ok: true; value: number } | { ok: false; error: string } {
  if (typeof v !== "number" && typeof v !== "string") return { ok: false, error: `expected a quantity for ${name}, got ${typeof v}` };
  if (name === "cpu") return parseCpu(v);
  if (name === "memory" || name === "ephemeral-storage" || name.startsWith("hugepages-")) return parseBytes(v);
  const n = typeof v === "number" ? v : Number(v);
  if (!Number.isInteger(n) || n < 0 || n > L.extendedCount) return { ok: false, error: `expected a whole number of ${name} between 0 and ${L.extendedCount}, got ${JSON.stringify(v)}` };
  return { ok: true, value: n };
}

/** Standard resources, or an extended one: a qualified name with a domain (core/v1 validateResourceName). */
const isKnownName = (name: string) => ["cpu", "memory", "ephemeral-storage"].includes(name) || /^hugepages-\S+$/.test(name) || (name.includes("/") && isK8sName("qualifiedName", name));

/** A ResourceList: resource name → amount in base units (millicores, bytes, counts); only the names given. */
const resourceName = z
  .string()
  .max(253)
  .refine((n) => n !== "__proto__", { error: 'unknown resource "__proto__" (expected cpu, memory, ephemeral-storage, hugepages-<size> or a qualified "<domain>/<name>")' });

export const resourceList = recordOf(resourceName, z.unknown())
  .transform((m, ctx): Readonly<Record<string, number>> => {
    const out: Record<string, number> = {};
    const names = Object.keys(m);
    if (names.length > L.resourceNames) ctx.addIssue({ code: "custom", message: `expected at most ${L.resourceNames} resources, got ${names.length}` });
    for (const name of names) {
      if (!isKnownName(name)) {
        // "gpu" most likely means the qualified "nvidia.com/gpu".
        const qualified = COMMON.find((c) => c.endsWith(`/${name.replace(/s$/, "")}`));
        const message = qualified ? `unknown resource "${name}" (did you mean "${qualified}"?)` : unknownName("resource", name, COMMON);
        ctx.addIssue({ code: "custom", path: [name], message: `${message} (extended resources are qualified: "<domain>/<name>")` });
        continue;
      }
      const r = parseAmount(name, m[name]);
      if (r.ok) out[name] = r.value;
      else ctx.addIssue({ code: "custom", path: [name], message: r.error });
    }
    return out;
  });

export const resourceRequirements = strictObject({
  /** What the scheduler reserves on a node. */
  requests: resourceList.default({}),
  /** Caps; a limit without a request sets the request (API defaulting). */
  limits: resourceList.default({}),
}).superRefine((r, ctx) => {
  for (const [name, limit] of Object.entries(r.limits)) {
    const request = r.requests[name];
    if (request === undefined) continue;
    if ((name === "cpu" || name === "memory" || name === "ephemeral-storage") && request > limit) {
      ctx.addIssue({ code: "custom", path: ["requests", name], message: `expected a request no larger than the limit (${limit}), got ${request}` });
    } else if (name.includes("/") && request !== limit) {
      ctx.addIssue({ code: "custom", path: ["requests", name], message: `extended resources cannot be overcommitted: expected the request to equal the limit (${limit}), got ${request}` });
    }
  }
});

const image = strictObject({
  /** Image reference; without a tag it is `:latest`. */
  name: z.string().min(1).max(L.imageNameLength),
  /** Compressed size pulled from the registry; absent means the pull takes no time. */
  size: bytes(0, L.imageBytes).optional(),
});

const initContainer = strictObject({
  name: dnsLabel(L.nameLength, "container name"),
  image: image.optional(),
  resources: resourceRequirements.prefault({}),
  /** How long the init container runs once its image is present. */
  duration: duration(0, L.startupSeconds).default(0),
  /** `Always`: a sidecar that keeps running beside the main container (its requests count for the pod's life). */
  restartPolicy: z.literal("Always").optional(),
});

const readinessProbe = strictObject({
  /** Seconds after the container starts before the first probe counts (k8s initialDelaySeconds, default 0). */
  initialDelaySeconds: count(0, L.probeSeconds).default(0),
  /** Seconds between probes (k8s periodSeconds, default 10). */
  periodSeconds: count(1, L.probeSeconds).default(10),
  /** Consecutive successes before Ready (k8s successThreshold, default 1). */
  successThreshold: count(1, L.probeThreshold).default(1),
});

export const podSchema = strictObject({
  /** Extra pod labels (every pod also carries `app: <service name>`). */
  labels: labelMapSchema.optional(),
  /** A class of cluster.priorityClasses (or system-cluster-critical, system-node-critical); absent: the global default class, else 0. */
  priorityClassName: dnsSubdomain("priority class name").optional(),
  /** Absent: the priority class's policy (PreemptLowerPriority by default). */
  preemptionPolicy: z.enum(["PreemptLowerPriority", "Never"]).optional(),
  /** The scheduler profile that places the pods (cluster.scheduler.profiles[].schedulerName). */
  schedulerName: dnsSubdomain("scheduler name").default("default-scheduler"),
  nodeSelector: labelMapSchema.optional(),
  affinity: strictObject({ nodeAffinity: nodeAffinitySchema.optional() }).optional(),
  tolerations: z.array(tolerationSchema).max(L.api.tolerations).default([]),
  topologySpreadConstraints: z.array(topologySpreadConstraintSchema).max(L.api.spreadConstraints).default([]),
  initContainers: z.array(initContainer).max(L.initContainers).default([]),
  /** RuntimeClass overhead added to the pod's requests. */
  overhead: resourceList.optional(),
  /** From the image being present to the server process running (runtime create and start, server start-up); 0 unless set. */
  containerStartTime: duration(0, L.startupSeconds).default(0),
  readinessProbe: readinessProbe.prefault({}),
  /** Seconds a terminating pod may drain its requests before they are cut (k8s default 30). */
  terminationGracePeriodSeconds: count(0, L.terminationGraceSeconds).default(30),
});

export const imageSchema = image;
