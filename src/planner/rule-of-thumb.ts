/**
 * The rule of thumb beside the simulated answer: instances = ⌈load ÷ per-instance capacity ×
 * (1 + safety margin)⌉, with the mean load of each scenario and the performance model's best
 * throughput of one replica on the winner's GPU — what a back-of-the-envelope sizing would give.
 */
import { findGpu } from "../catalog/index.js";
import type { Scenario } from "../scenario/index.js";
import type { ServiceLoad } from "./load-profile.js";
import type { LoadedPlan } from "./load.js";
import { gpuRequest, replicaCapacity } from "./prune.js";
import { trialScenario } from "./trial.js";

export interface RuleOfThumb {
  readonly scenario: string;
  readonly service: string;
  /** Mean requests per second over the measured window. */
  readonly load: number | null;
  /** Best requests per second of one replica (performance model). */
  readonly perReplica: number | null;
  readonly margin: number;
  /** ⌈load ÷ perReplica × (1 + margin)⌉, null when the load or capacity is unknown. */
  readonly replicas: number | null;
  /** What the winning configuration runs: a replica count, or the autoscaler's range. */
  readonly simulated: string;
}

function simulatedReplicas(sc: Scenario, s: number): string {
  const svc = sc.services[s]!;
  const a = svc.autoscaling;
  if (a === undefined) return String(svc.replicas);
  return a.kind === "hpa" ? `${a.minReplicas}..${a.maxReplicas} (HPA)` : `${a.minReplicaCount}..${a.maxReplicaCount} (KEDA)`;
}

export function ruleOfThumb(plan: LoadedPlan, winner: number | null, loadsOf: (scenario: number, sc: Scenario) => readonly ServiceLoad[]): RuleOfThumb[] {
  if (winner === null) return [];
  const margin = plan.spec.ruleOfThumb.margin;
  return plan.scenarios.flatMap((ref, i) => {
    const built = trialScenario(plan, winner, i, 1);
    if ("problems" in built) return [];
    const sc = built.scenario;
    const loads = loadsOf(i, sc);
    return sc.services.map((svc, s) => {
      const load = loads[s]!;
      const g = gpuRequest(svc);
      const pool = sc.cluster.nodePools.find((p) => g === 0 || (p.gpu !== undefined && p.gpu.count >= g));
      const perReplica = replicaCapacity(svc, pool?.gpu ? findGpu(pool.gpu.type) : undefined, load);
      const replicas = load.meanRate !== null && perReplica !== null && perReplica > 0 ? Math.ceil((load.meanRate / perReplica) * (1 + margin) - 1e-9) : null;
      return { scenario: ref.file, service: svc.name, load: load.meanRate, perReplica, margin, replicas, simulated: simulatedReplicas(sc, s) };
    });
  });
}
