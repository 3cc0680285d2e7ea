/**
 * Fault injection: each entry names one fault kind and when it strikes — at a time (`at`), or at
 * random with a mean time between failures (`mtbf`, per node, pod or zone it can hit; a seeded
 * Poisson process between `start` and `end`, at most `maxEvents` times).
 */
import * as z from "zod";
import { count, dnsLabel, duration, strictObject } from "./fields.js";
import { Limits as L } from "./limits.js";

const d = (min = 0) => duration(min, L.durationSeconds);

/** The node's machine dies: its pods stop at once; the control plane notices after cluster.nodeHealth's delays. */
const nodeFailure = strictObject({
  /** Pool whose nodes may fail (absent: any pool). */
  pool: dnsLabel(L.nameLength).optional(),
  /** A node by name (e.g. "h100-0") instead of a random one. */
  node: z.string().min(1).max(L.nameLength + 8).optional(),
  /** Nodes that fail at once (scheduled faults). */
  count: count(1, L.nodesPerPool).default(1),
});

/** A spot (preemptible) node is reclaimed: drained during the notice, then gone. */
const spotReclaim = strictObject({
  pool: dnsLabel(L.nameLength).optional(),
  node: z.string().min(1).max(L.nameLength + 8).optional(),
  count: count(1, L.nodesPerPool).default(1),
  /** Notice before the machine is taken (GCP 30 s, AWS 2 m). */
  notice: d().default(30),
});

/** A pod's server container crashes; the kubelet restarts it after CrashLoopBackOff (10 s doubling to 5 m). */
const podCrash = strictObject({
  service: dnsLabel(L.nameLength),
  count: count(1, L.replicas).default(1),
  /** Further crashes of the same pod after each restart (a crash loop). */
  repeat: count(0, L.crashRepeats).default(0),
  /** Time from a restarted container's start to its next crash. */
  after: d().default(0),
});

/** The image registry slows down (bandwidthFactor < 1) or is unreachable (outage): pulls fail and retry with backoff. */
const imageRegistry = strictObject({
  duration: d(1e-3),
  bandwidthFactor: z.number().min(1e-6).max(1).optional(),
  outage: z.boolean().default(false),
}).superRefine((r, ctx) => {
  if (r.outage === (r.bandwidthFactor !== undefined)) ctx.addIssue({ code: "custom", message: "expected either outage: true or a bandwidthFactor" });
});

/** Every node with the zone label fails, and no node boots there until the outage ends. */
const zoneOutage = strictObject({
  /** Zone value (topology.kubernetes.io/zone); absent: a random zone of the cluster. */
  zone: z.string().min(1).max(L.labelValueLength).optional(),
  duration: d(1e-3),
});

export const FAULT_KINDS = ["nodeFailure", "spotReclaim", "podCrash", "imageRegistry", "zoneOutage"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const faultSchema = strictObject({
  /** When a scheduled fault strikes. */
  at: d().optional(),
  /** Mean time between failures of each node (nodeFailure, spotReclaim), pod (podCrash) or zone (zoneOutage), or of the registry. */
  mtbf: d(1).optional(),
  /** Random faults: from `start` to `end` (the run's end), at most `maxEvents`. */
  start: d().default(0),
  end: d().optional(),
  maxEvents: count(1, L.faultEvents).default(L.faultEvents),
  nodeFailure: nodeFailure.optional(),
  spotReclaim: spotReclaim.optional(),
  podCrash: podCrash.optional(),
  imageRegistry: imageRegistry.optional(),
  zoneOutage: zoneOutage.optional(),
}).superRefine((f, ctx) => {
  const kinds = FAULT_KINDS.filter((k) => f[k] !== undefined);
  if (kinds.length !== 1) ctx.addIssue({ code: "custom", message: `expected exactly one fault kind (${FAULT_KINDS.join(", ")}), got ${kinds.length === 0 ? "none" : kinds.join(", ")}` });
  if ((f.at === undefined) === (f.mtbf === undefined)) ctx.addIssue({ code: "custom", message: "expected exactly one of at, mtbf" });
  const target = f.nodeFailure ?? f.spotReclaim;
  if (target?.node !== undefined && target.pool !== undefined) ctx.addIssue({ code: "custom", path: [kinds[0]!, "node"], message: "expected either node or pool" });
});

export const faultsSchema = z.array(faultSchema).max(L.faults).default([]);
