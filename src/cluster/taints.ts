/**
 * Taints and tolerations: core/v1 Toleration.ToleratesTaint (k8s.io/api/core/v1/toleration.go),
 * with the numeric Gt/Lt operators of the TaintTolerationComparisonOperators gate (taint value
 * compared with the toleration value as int64; a value that is not an integer never matches).
 */
import type { Taint, Toleration } from "./api.js";
import { compareInts } from "./selectors.js";

export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect !== undefined && t.effect !== "" && t.effect !== taint.effect) return false;
  if (t.key !== undefined && t.key !== "" && t.key !== taint.key) return false;
  switch (t.operator ?? "Equal") {
    case "Equal":
      return (t.value ?? "") === (taint.value ?? "");
    case "Exists":
      return true;
    case "Gt":
      return compareInts(taint.value ?? "", t.value ?? "", "Gt");
    case "Lt":
      return compareInts(taint.value ?? "", t.value ?? "", "Lt");
  }
}

export const toleratesAny = (tolerations: readonly Toleration[], taint: Taint): boolean => {
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
};

/** The first taint with an effect in `effects` that no toleration tolerates (v1helper.FindMatchingUntoleratedTaint). */
export function findUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[], effects: (t: Taint) => boolean): Taint | undefined {
  for (const taint of taints) if (effects(taint) && !toleratesAny(tolerations, taint)) return taint;
  return undefined;
}

/** NoSchedule and NoExecute: the effects that keep a pod off a node (helper.DoNotScheduleTaintsFilterFunc). */
export const isDoNotSchedule = (t: Taint): boolean => t.effect === "NoSchedule" || t.effect === "NoExecute";
