/** The workload autoscaler kinds servesim runs, by the name a service's `autoscaling.kind` gives. */
import { hpaAutoscaler } from "../hpa/runtime.js";
import { kedaAutoscaler } from "../keda/runtime.js";
import type { WorkloadAutoscalerModule } from "./contract.js";

/** Kinds by name; a method's parameter is bivariant, so each kind keeps its own spec type. */
export type WorkloadAutoscalerRegistry = Readonly<Record<string, WorkloadAutoscalerModule<{ readonly kind: string }>>>;

export const workloadAutoscalers = {
  hpa: hpaAutoscaler,
  keda: kedaAutoscaler,
} satisfies WorkloadAutoscalerRegistry;
