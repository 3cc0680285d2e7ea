/**
 * The scenario format (apiVersion servesim/v1, kind Scenario): the single source of the
 * Scenario type. Defaults and bounds live here; quantities are stored in base units
 * (seconds, bytes, millicores, events per second) after parsing.
 */
import * as z from "zod";
import { findGpu, findModel, modelIds } from "../catalog/index.js";
import { LLM_ONLY_METRICS } from "./autoscaling-schema.js";
import { clusterSchema } from "./cluster-schema.js";
import { faultsSchema } from "./faults-schema.js";
import { count, dnsLabel, duration, labels, strictObject } from "./fields.js";
import { Limits as L } from "./limits.js";
import { serverKinds } from "../serving/index.js";
import type { ServerRegistry } from "../serving/index.js";
import { serviceSchema } from "./service-schema.js";
import { seedSchema } from "./overrides.js";
import { unknownName } from "./suggest.js";
import { checkTokenLengths } from "./token-check.js";
import { checkExpectedWork } from "./work.js";

const metadata = strictObject({
  /** Scenario name, a DNS-1123 label (it names exported objects too). */
  name: dnsLabel(L.nameLength, "scenario name"),
  description: z.string().max(L.descriptionLength).optional(),
  labels: labels(L.labels).optional(),
});


export const scenarioSchema = strictObject({
  apiVersion: z.literal("servesim/v1"),
  kind: z.literal("Scenario"),
  metadata,
  /** Root of every random stream; the same seed gives byte-identical results. */
  seed: seedSchema.default(1),
  /** Simulated time to run. */
  duration: duration(1e-3, L.durationSeconds),
  /** Statistics (latency, SLOs, utilisation) ignore requests that arrive before this time. */
  warmup: duration(0, L.durationSeconds).default(0),
  output: strictObject({
    /** Sampling step of the time series; absent: duration / 500, at least 1 s. */
    seriesStep: duration(1e-3, L.durationSeconds).optional(),
    /** Scheduling decisions explained in the results: the first `firstDecisions`, and every decision about pods whose name matches `pods` (a glob: * and ?). */
    explain: strictObject({
      firstDecisions: count(0, L.explainRecords).default(10),
      pods: z.string().min(1).max(L.explainPatternLength).optional(),
    }).prefault({}),
    /** SLO verdicts are also given per window of this length (the last one may be shorter). */
    sloWindow: duration(1, L.durationSeconds).default(300),
  }).prefault({}),
  cluster: clusterSchema,
  services: z.array(serviceSchema).min(1).max(L.services),
  /** Faults injected during the run: node failures, spot reclaims, pod crashes, registry trouble, zone outages. */
  faults: faultsSchema,
}).superRefine(crossChecks, { when: (payload) => payload.issues.length === 0 });

type Draft = z.output<typeof scenarioSchema>;

/** Rules that span fields: unique names, warm-up inside the run, catalog ids, prices, series size. */
function crossChecks(s: Omit<Draft, never>, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
  if (s.warmup >= s.duration) issue(["warmup"], `expected a warm-up shorter than the duration (${s.duration}s), got ${s.warmup}s`);
  unique(s.cluster.nodePools.map((p) => p.name), (i, name) => issue(["cluster", "nodePools", i, "name"], `duplicate node pool name "${name}"`));
  unique(s.services.map((x) => x.name), (i, name) => issue(["services", i, "name"], `duplicate service name "${name}"`));
  const nodes = s.cluster.nodePools.reduce((n, p) => n + p.count, 0);
  if (nodes > L.nodes) issue(["cluster", "nodePools"], `expected at most ${L.nodes} nodes in all, got ${nodes}`);
  s.cluster.nodePools.forEach((p, i) => {
    const gpu = p.gpu && findGpu(p.gpu.type);
    if (gpu && gpu.pricePerGpuHour === null && p.pricePerHour === undefined) {
      issue(["cluster", "nodePools", i, "pricePerHour"], `the catalog has no list price for GPU "${gpu.id}": set pricePerHour`);
    }
  });
  s.services.forEach((svc, i) => {
    const id = svc.model.id;
    if (id === undefined) return;
    const m = findModel(id);
    if (!m) issue(["services", i, "model", "id"], unknownName("model", id, modelIds));
    else if (m.kind !== svc.model.kind) issue(["services", i, "model", "id"], `model "${id}" is an ${m.kind} model, not a ${svc.model.kind} one`);
  });
  s.services.forEach((svc, i) => servingChecks(svc, (path, message) => issue(["services", i, "model", ...path], message)));
  const classes = new Set([...SYSTEM_PRIORITY_CLASSES.keys(), ...s.cluster.priorityClasses.map((c) => c.name)]);
  unique(s.cluster.priorityClasses.map((c) => c.name), (i, name) => issue(["cluster", "priorityClasses", i, "name"], `duplicate priority class "${name}"`));
  if (s.cluster.priorityClasses.filter((c) => c.globalDefault).length > 1) issue(["cluster", "priorityClasses"], "expected at most one globalDefault priority class");
  const profiles = s.cluster.scheduler.profiles.map((p) => p.schedulerName);
  s.services.forEach((svc, i) => {
    const pc = svc.pod.priorityClassName;
    if (pc !== undefined && !classes.has(pc)) issue(["services", i, "pod", "priorityClassName"], unknownName("priority class", pc, [...classes]));
    if (!profiles.includes(svc.pod.schedulerName)) issue(["services", i, "pod", "schedulerName"], unknownName("scheduler profile", svc.pod.schedulerName, profiles));
  });
  s.cluster.nodePools.forEach((p, i) => {
    if (p.zones.length > 0 && p.count > 0 && new Set(p.zones).size !== p.zones.length) issue(["cluster", "nodePools", i, "zones"], "expected distinct zones");
  });
  autoscalingChecks(s, issue);
  sloChecks(s, issue);
  checkTokenLengths(s.services, issue);
  const work = checkExpectedWork(s.services, s.duration);
  if (work) issue([...work.path], work.message);
  const step = s.output.seriesStep;
  if (step !== undefined && s.duration / step > L.seriesSamples) {
    issue(["output", "seriesStep"], `expected at most ${L.seriesSamples} samples, got ${Math.ceil(s.duration / step)} (duration ÷ seriesStep); use a larger step`);
  }
}

/** Autoscaler bounds, metrics the servers export, requests the HPA needs, and what faults refer to. */
function autoscalingChecks(s: Omit<Draft, never>, issue: (path: (string | number)[], message: string) => void): void {
  const maxNodes = s.cluster.nodePools.reduce((n, p) => n + p.size.max, 0);
  const initialNodes = s.cluster.nodePools.reduce((n, p) => n + p.count, 0);
  if (maxNodes > L.nodes && initialNodes <= L.nodes) issue(["cluster", "nodePools"], `expected at most ${L.nodes} nodes in all at the pools' max sizes, got ${maxNodes}`);
  s.services.forEach((svc, i) => {
    const a = svc.autoscaling;
    if (!a) return;
    const at = ["services", i, "autoscaling"];
    if (a.kind === "hpa") {
      if (a.minReplicas > a.maxReplicas) issue([...at, "minReplicas"], `expected minReplicas at most maxReplicas (${a.maxReplicas}), got ${a.minReplicas}`);
      a.metrics?.forEach((m, j) => {
        if (m.type === "Resource" && m.resource.target.type === "Utilization" && svc.resources.requests[m.resource.name] === undefined && svc.resources.limits[m.resource.name] === undefined) {
          issue([...at, "metrics", j, "resource", "name"], `a ${m.resource.name} utilization target needs a ${m.resource.name} request on the service (resources.requests.${m.resource.name})`);
        }
        if (m.type === "Pods" && LLM_ONLY_METRICS.includes(m.pods.metric.name) && svc.model.kind !== "llm") {
          issue([...at, "metrics", j, "pods", "metric", "name"], `metric ${m.pods.metric.name} is exported by LLM servers only (model kind llm), not by a ${svc.model.kind} server`);
        }
      });
      if (a.metrics === undefined && svc.resources.requests["cpu"] === undefined && svc.resources.limits["cpu"] === undefined) {
        issue([...at, "metrics"], "without metrics the HPA scales on cpu at 80% of requests (the API default), which needs a cpu request on the service: give metrics or a cpu request");
      }
    } else if (a.minReplicaCount > a.maxReplicaCount) issue([...at, "minReplicaCount"], `expected minReplicaCount at most maxReplicaCount (${a.maxReplicaCount}), got ${a.minReplicaCount}`);
  });
  const autoscaler = s.cluster.autoscaler;
  for (const [prio, patterns] of Object.entries(autoscaler?.priorities ?? {})) {
    patterns.forEach((p, j) => {
      try {
        new RegExp(p);
      } catch {
        issue(["cluster", "autoscaler", "priorities", prio, j], `invalid regular expression ${JSON.stringify(p)}`);
      }
    });
  }
  if (autoscaler?.expander.includes("priority") && autoscaler.priorities === undefined) issue(["cluster", "autoscaler", "priorities"], "the priority expander needs priorities (priority → node-pool name patterns)");
  const pools = s.cluster.nodePools.map((p) => p.name);
  const services = s.services.map((x) => x.name);
  const zones = [...new Set(s.cluster.nodePools.flatMap((p) => p.zones))];
  s.faults.forEach((f, i) => {
    const target = f.nodeFailure ?? f.spotReclaim;
    const kind = f.nodeFailure ? "nodeFailure" : "spotReclaim";
    if (target?.pool !== undefined && !pools.includes(target.pool)) issue(["faults", i, kind, "pool"], unknownName("node pool", target.pool, pools));
    if (target?.node !== undefined) {
      const m = /^(.*)-(\d+)$/.exec(target.node);
      const pool = m ? s.cluster.nodePools.find((p) => p.name === m[1]) : undefined;
      if (!pool || Number(m![2]) >= pool.size.max) issue(["faults", i, kind, "node"], `no node named "${target.node}" can exist (nodes are named <pool>-<n>, n below the pool's max size)`);
    }
    if (f.podCrash && !services.includes(f.podCrash.service)) issue(["faults", i, "podCrash", "service"], unknownName("service", f.podCrash.service, services));
    if (f.zoneOutage) {
      if (zones.length === 0) issue(["faults", i, "zoneOutage"], "no node pool has zones: set cluster.nodePools[].zones");
      else if (f.zoneOutage.zone !== undefined && !zones.includes(f.zoneOutage.zone)) issue(["faults", i, "zoneOutage", "zone"], unknownName("zone", f.zoneOutage.zone, zones));
    }
    if (f.end !== undefined && f.end <= f.start) issue(["faults", i, "end"], `expected end after start (${f.start}s)`);
  });
}

/** SLO targets a service can meet: TTFT and TPOT only where tokens exist (server kinds that produce them: LLM servers). */
function sloChecks(s: Omit<Draft, never>, issue: (path: (string | number)[], message: string) => void): void {
  s.services.forEach((svc, i) => {
    if ((serverKinds as ServerRegistry)[svc.model.kind]?.tokens === true) return;
    for (const k of ["ttft", "tpot"] as const) {
      if (svc.slo?.[k] !== undefined) issue(["services", i, "slo", k], `${k} is measured on LLM servers only (model kind llm): a ${svc.model.kind} server has no tokens, so this target could never be judged; use latency`);
    }
  });
}

/** Rules of a model server that the field schemas cannot express alone, from its kind (serving/servers/<kind>/model.ts). */
function servingChecks(svc: Service, issue: (path: (string | number)[], message: string) => void): void {
  const gpus = svc.resources.requests["nvidia.com/gpu"] ?? svc.resources.limits["nvidia.com/gpu"] ?? 0;
  (serverKinds as ServerRegistry)[svc.model.kind]?.check?.(svc.model, { gpus }, issue);
}

/** Priority classes every cluster has (pkg/apis/scheduling: SystemCriticalPriority = 2e9). */
export const SYSTEM_PRIORITY_CLASSES: ReadonlyMap<string, number> = new Map([
  ["system-cluster-critical", 2_000_000_000],
  ["system-node-critical", 2_000_001_000],
]);

function unique(names: readonly string[], onDuplicate: (index: number, name: string) => void): void {
  const seen = new Set<string>();
  names.forEach((n, i) => (seen.has(n) ? onDuplicate(i, n) : seen.add(n)));
}

/** A parsed, defaulted, validated scenario (deeply frozen once loaded). */
export type Scenario = z.output<typeof scenarioSchema>;
/** What a scenario file may contain before defaults and unit parsing. */
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type NodePool = Scenario["cluster"]["nodePools"][number];
export type Service = Scenario["services"][number];
export type ClassicServer = Extract<Service["model"], { kind: "classic" }>;
export type LlmServer = Extract<Service["model"], { kind: "llm" }>;
export type TrafficSource = Service["traffic"][number];
export type ServiceTime = NonNullable<ClassicServer["serviceTime"]>;
export type ServiceSlo = NonNullable<Service["slo"]>;
export type ServiceAutoscaling = NonNullable<Service["autoscaling"]>;
export type HpaAutoscaling = Extract<ServiceAutoscaling, { kind: "hpa" }>;
export type KedaAutoscaling = Extract<ServiceAutoscaling, { kind: "keda" }>;
export type ClusterAutoscalerConfig = NonNullable<Scenario["cluster"]["autoscaler"]>;
export type Fault = Scenario["faults"][number];
