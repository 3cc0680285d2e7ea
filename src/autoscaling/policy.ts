/**
 * The contracts every autoscaling policy follows (STYLE B6): a pure decision from an observation
 * snapshot, with its own small state passed in and returned. The simulation owns the consequences
 * (setting replicas, provisioning or removing nodes) and turns them into engine events.
 */
import type { Stream } from "../engine/index.js";

/** What a policy may use besides its observation and state: the time and its own random stream. */
export interface PolicyCx {
  readonly now: number;
  readonly stream?: Stream | undefined;
}

/** A workload autoscaler (HPA, KEDA): the replica count to set, or null to leave it. */
export interface WorkloadScaler<O, S, E> {
  readonly name: string;
  decide(obs: O, state: S, cx: PolicyCx): { readonly replicas: number | null; readonly state: S; readonly explain: E };
}
