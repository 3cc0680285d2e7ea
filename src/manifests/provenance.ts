/**
 * The provenance ConfigMap: the scenario file as simulated and the figures the export used. It
 * carries what manifests cannot express (traffic, faults, timing models), so that importing the
 * exported manifests gives back the same scenario.
 */
import { ANNOTATION_PREFIX, MANAGED_BY } from "./labels.js";
import type { Figures, K8sObject } from "./types.js";

export const PROVENANCE_LABEL = `${ANNOTATION_PREFIX}provenance`;
export const SCENARIO_KEY = "scenario.yaml";
export const FIGURES_KEY = "figures.json";
/** A ConfigMap holds at most 1 MiB (the object, keys included). */
export const CONFIGMAP_MAX_BYTES = 1024 * 1024 - 4096;

export const provenanceName = (scenarioName: string): string => `${scenarioName}-servesim`;

export function provenanceOf(scenarioName: string, source: string, figures: Figures): K8sObject {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: provenanceName(scenarioName), labels: { ...MANAGED_BY, [PROVENANCE_LABEL]: "scenario" } },
    data: { [FIGURES_KEY]: `${JSON.stringify(figures, null, 1)}\n`, [SCENARIO_KEY]: source },
  };
}

export const isProvenance = (o: K8sObject): boolean => o.kind === "ConfigMap" && (o.metadata?.["labels"] as Record<string, unknown> | undefined)?.[PROVENANCE_LABEL] === "scenario";
