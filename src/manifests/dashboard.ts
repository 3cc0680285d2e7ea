/** A Grafana dashboard as a ConfigMap that the Grafana sidecar of kube-prometheus-stack loads (label grafana_dashboard: "1"). */
import { MANAGED_BY, sortKeys } from "./labels.js";
import type { ExportedObject } from "./types.js";

export function dashboardConfigMap(name: string, fileName: string, json: string): ExportedObject {
  return {
    object: {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: `${name}-dashboard`, labels: sortKeys({ ...MANAGED_BY, grafana_dashboard: "1" }) },
      data: { [fileName]: json },
    },
    comment: "Grafana dashboard of the simulated series (servesim run --metrics); the kube-prometheus-stack Grafana sidecar loads ConfigMaps labelled grafana_dashboard",
    file: `configmap-${name}-dashboard.yaml`,
  };
}
