/** The monitoring export at the CLI's edge: who the series belong to, when they start, the dashboard spec, writing the file. */
import { writeFile } from "node:fs/promises";
import { modelRepository } from "../manifests/index.js";
import { formatMonitoring } from "../metrics/exposition/index.js";
import type { DashboardSpec, ExpositionFormat, MonitoringRecorder, MonitoringTargets } from "../metrics/exposition/index.js";
import type { Scenario } from "../scenario/index.js";
import { UserError } from "./io.js";

/** Simulated time 0 is written at this instant unless --metrics-start says otherwise: a fixed date keeps the file deterministic and in the past, as backfilling needs. */
export const DEFAULT_METRICS_START = "2025-01-01T00:00:00Z";

/** The namespace the exported manifests deploy to (none is set, so kubectl's default). */
export const NAMESPACE = "default";

/** Unix seconds of an ISO 8601 date-time with a zone (`2025-01-01T00:00:00Z`) or of a number of Unix seconds. */
export function parseMetricsStart(text: string): number {
  if (/^\d{1,11}$/.test(text)) return Number(text);
  const ok = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text);
  const ms = ok ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) throw new UserError(`--metrics-start: expected an ISO 8601 date-time with a zone (e.g. ${DEFAULT_METRICS_START}) or Unix seconds, got "${text}"`);
  return ms / 1000;
}

/** Namespace, model names and autoscalers of the scenario's services, as the exported manifests name them. */
export function monitoringTargets(sc: Scenario, options: { readonly keda?: boolean } = {}): MonitoringTargets {
  return {
    namespace: NAMESPACE,
    services: sc.services.map((svc) => {
      const a = svc.autoscaling;
      const keda = a?.kind === "keda" || (a !== undefined && options.keda === true);
      return {
        name: svc.name,
        modelName: svc.model.kind === "llm" ? modelRepository(svc.model.id) : (svc.model.id ?? svc.name),
        autoscaler:
          a === undefined
            ? null
            : { hpaName: keda ? `keda-hpa-${svc.name}` : svc.name, min: a.kind === "hpa" ? a.minReplicas : a.minReplicaCount, max: a.kind === "hpa" ? a.maxReplicas : a.maxReplicaCount },
      };
    }),
  };
}

export function dashboardSpec(sc: Scenario, epoch: number, step: number, options: { readonly keda?: boolean } = {}): DashboardSpec {
  const targets = monitoringTargets(sc, options);
  return {
    title: `servesim: ${sc.metadata.name}`,
    uid: `servesim-${sc.metadata.name}`.slice(0, 40),
    namespace: targets.namespace,
    from: new Date(epoch * 1000).toISOString(),
    to: new Date((epoch + sc.duration) * 1000).toISOString(),
    step,
    services: sc.services.map((svc, i) => ({
      name: svc.name,
      kind: svc.model.kind,
      modelName: targets.services[i]!.modelName,
      hpaName: targets.services[i]!.autoscaler?.hpaName ?? null,
      slo: svc.slo ?? {},
    })),
  };
}

/** Writes the recorded series; warns when they reach into the last 3 hours, which Prometheus' head block holds and backfilling must avoid. */
export async function writeMetrics(path: string, sc: Scenario, recorder: MonitoringRecorder, format: ExpositionFormat, epoch: number, warn: (m: string) => void): Promise<void> {
  const text = formatMonitoring(recorder.data(), monitoringTargets(sc), { format, epoch });
  if ((epoch + sc.duration) * 1000 > Date.now() - 3 * 3600_000) warn(`the series end less than 3 hours ago: promtool tsdb create-blocks-from openmetrics needs them older than Prometheus' head block (give an earlier --metrics-start)`);
  try {
    await writeFile(path, text);
  } catch (e) {
    throw new UserError(`${path}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/** How to load the file: backfill it, then query with a lookback a millisecond short of the step (backfilled series have no staleness markers). */
export const metricsNote = (path: string, format: ExpositionFormat, step: number, epoch: number): string =>
  format === "openmetrics"
    ? `metrics: ${path}, a sample every ${step}s from ${new Date((epoch + step) * 1000).toISOString()}; load: promtool tsdb create-blocks-from openmetrics ${path} <data dir>, then prometheus --storage.tsdb.path=<data dir> --query.lookback-delta=${Math.round(step * 1000) - 1}ms`
    : `metrics: ${path}, a sample every ${step}s (Prometheus text format; promtool check metrics reads it)`;
