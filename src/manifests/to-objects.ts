/**
 * Scenario (plus the simulated figures) → the Kubernetes objects that run it, each with the
 * comment that justifies it and a file name. Pure: no I/O; serialisation is to-yaml.ts.
 */
import type { Scenario, Service } from "../scenario/index.js";
import { hpaOf, scaledObjectOf } from "./autoscalers.js";
import { isDefaultScheduler, nodePoolOf, nodeShape, priorityClassesOf, schedulerConfigOf } from "./cluster-objects.js";
import { ingressOf, pdbOf, serviceOf } from "./network.js";
import { probePlan } from "./probes.js";
import { CONFIGMAP_MAX_BYTES, provenanceOf } from "./provenance.js";
import { formatSeconds, plural } from "./quantities.js";
import type { ExportedObject, ExportOptions, Figures, K8sObject, ServiceFigures } from "./types.js";
import { deploymentOf, gpuPoolsFor } from "./workload.js";

export interface ExportResult {
  readonly objects: readonly ExportedObject[];
  /** Things the manifests cannot carry as simulated (each once). */
  readonly warnings: readonly string[];
}

const fileOf = (o: K8sObject): string => `${o.kind.toLowerCase()}-${o.metadata?.name ?? "config"}.yaml`;

function serviceObjects(sc: Scenario, svc: Service, f: ServiceFigures | undefined, opts: ExportOptions, warn: (m: string) => void): ExportedObject[] {
  const out: ExportedObject[] = [];
  const add = (object: K8sObject | undefined, lines: readonly string[]) => {
    if (object) out.push({ object, comment: lines.join("\n"), file: fileOf(object) });
  };
  const plan = probePlan(sc, svc, f);
  const placed = f?.pools ?? [];
  const pools = gpuPoolsFor(sc, svc, placed).map((p) => p.name);
  const served =
    f && f.latencyP99 !== null
      ? `simulated: ${f.throughput.toFixed(1)} req/s completed, latency p99 ${formatSeconds(f.latencyP99)}, max ${formatSeconds(f.latencyMax ?? f.latencyP99)}`
      : "simulated: no request completed";
  add(deploymentOf(sc, svc, plan, placed), [
    `Deployment ${svc.name}: ${plural(svc.replicas, "replica")} at the start (${svc.model.kind} server${svc.model.id ? ` ${svc.model.id}` : ""})`,
    served,
    ...(pools.length > 0 ? [`GPU affinity: pool${pools.length > 1 ? "s" : ""} ${pools.join(", ")} (${placed.length > 0 ? `where the simulation placed the pods` : "no pod was placed in the simulation: the pools that fit one"})`] : []),
    ...plan.notes,
  ]);
  if (plan.terminationGracePeriodSeconds !== svc.pod.terminationGracePeriodSeconds) {
    warn(`service ${svc.name}: terminationGracePeriodSeconds raised from the simulated ${svc.pod.terminationGracePeriodSeconds}s to ${plan.terminationGracePeriodSeconds}s to drain its longest requests`);
  }
  add(serviceOf(svc), [`Service ${svc.name}: simulated routing ${svc.routing.policy}${svc.routing.policy === "random" ? " (kube-proxy)" : " (needs IPVS or a gateway; kube-proxy alone spreads at random)"}`]);
  if (svc.routing.policy !== "random") warn(`service ${svc.name}: routing ${svc.routing.policy} is kept as an annotation; a plain Service routes at random`);
  const a = svc.autoscaling;
  if (a && (a.kind === "keda" || opts.keda)) {
    const [min, max] = a.kind === "keda" ? [a.minReplicaCount, a.maxReplicaCount] : [a.minReplicas, a.maxReplicas];
    add(scaledObjectOf(svc, a), [`ScaledObject ${svc.name}: ${min}..${max} replicas (simulated ${a.kind === "keda" ? "KEDA scaler" : "HPA, written as KEDA triggers"})`]);
  } else if (a && a.kind === "hpa") {
    add(hpaOf(svc, a), [
      `HorizontalPodAutoscaler ${svc.name}: ${a.minReplicas}..${a.maxReplicas} replicas, sync every ${formatSeconds(sc.cluster.hpa.syncPeriod)}, tolerance ${sc.cluster.hpa.tolerance} (as simulated)`,
    ]);
  }
  const rules = a?.behavior ? [a.behavior.scaleUp, a.behavior.scaleDown] : [];
  if (rules.some((r) => r?.tolerance !== undefined)) warn(`service ${svc.name}: behavior tolerance is Kubernetes 1.33 (HPAConfigurableTolerance), not written for v1.32; the provenance ConfigMap keeps it`);
  if (svc.activator || a?.kind === "keda") {
    warn(`service ${svc.name}: the simulated activator (requests held while no pod is Ready) needs the KEDA HTTP add-on or Knative; it is not written`);
  }
  const pdb = pdbOf(svc);
  const b = svc.disruptionBudget;
  add(pdb, [`PodDisruptionBudget ${svc.name}: ${b?.minAvailable !== undefined ? `minAvailable ${b.minAvailable}` : `maxUnavailable ${b?.maxUnavailable}`} (respected by the simulated cluster autoscaler)`]);
  add(ingressOf(svc), [`Ingress ${svc.name}: ${svc.expose?.host}${svc.expose?.path} → Service ${svc.name}`]);
  return out;
}

/** The objects of a scenario; `figures` from a simulation of it (services without figures get estimates). */
export function toObjects(sc: Scenario, figures: Figures, opts: ExportOptions = {}): ExportResult {
  const warnings = new Set<string>();
  const warn = (m: string) => void warnings.add(m);
  const out: ExportedObject[] = [];
  for (const object of priorityClassesOf(sc)) {
    out.push({ object, comment: `PriorityClass ${object.metadata?.name}: value ${String(object["value"])} (as simulated)`, file: fileOf(object) });
  }
  if (opts.karpenter) {
    for (const p of sc.cluster.nodePools) {
      const object = nodePoolOf(sc, p);
      const pods = figures.services.filter((f) => f.pools.includes(p.name)).map((f) => f.name);
      out.push({
        object,
        comment: [`NodePool ${p.name}: ${nodeShape(p)} per node, ${p.size.min}..${p.size.max} nodes (${p.count} at the start)`, `simulated: pods of ${pods.length > 0 ? pods.join(", ") : "no service"} ran here`].join("\n"),
        file: fileOf(object),
      });
    }
  }
  if (!isDefaultScheduler(sc)) {
    const object = schedulerConfigOf(sc);
    out.push({ object, comment: `KubeSchedulerConfiguration: ${plural(sc.cluster.scheduler.profiles.length, "profile")} as simulated; pass it to kube-scheduler --config`, file: "kubeschedulerconfiguration.yaml" });
  }
  for (const svc of sc.services) out.push(...serviceObjects(sc, svc, figures.services.find((f) => f.name === svc.name), opts, warn));
  if (opts.source !== undefined) {
    const object = provenanceOf(sc.metadata.name, opts.source, figures);
    if (JSON.stringify(object).length > CONFIGMAP_MAX_BYTES) warn(`the scenario is too large for a ConfigMap (1 MiB): no provenance ConfigMap, so import cannot restore what manifests do not carry`);
    else out.push({ object, comment: `provenance: scenario ${sc.metadata.name} as simulated (${figures.source}); servesim import restores it`, file: fileOf(object) });
  }
  return { objects: out, warnings: [...warnings] };
}
