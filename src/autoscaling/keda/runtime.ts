/**
 * A service's KEDA-style scaler in a run: it polls its triggers every pollingInterval to scale from
 * and to zero, and between those leaves the count to the HPA it creates (External metrics, min
 * max(minReplicaCount, 1)), which syncs with the other HPAs.
 */
import type { Behavior } from "../hpa/types.js";
import { hpaLoop } from "../hpa/runtime.js";
import type { WorkloadAutoscalerModule } from "../workload/contract.js";
import { scalerLoop } from "../workload/loop.js";
import { cronMetric, cronValue, kedaHpaSpec, kedaScaler } from "./scaler.js";
import type { KedaObservation, KedaSpec } from "./scaler.js";

/** A service's `autoscaling` block of kind keda (ScaledObject shape; thresholds in milli-units). */
export interface KedaBlock {
  readonly kind: "keda";
  readonly minReplicaCount: number;
  readonly maxReplicaCount: number;
  readonly pollingInterval: number;
  readonly cooldownPeriod: number;
  readonly initialCooldownPeriod: number;
  readonly triggers: readonly { readonly metric: string; readonly threshold: number; readonly activationThreshold: number; readonly metricType: "AverageValue" | "Value"; readonly ignoreNullValues: boolean }[];
  /** Cron triggers: daily windows (seconds since 00:00) with their minimum. */
  readonly cron?: readonly { readonly start: number; readonly end: number; readonly desiredReplicas: number }[] | undefined;
  readonly behavior?: Behavior | undefined;
}

/** Service metrics that are rates over the pipeline's window. */
const RATES = new Set(["requests_per_second"]);

export function kedaSpecOf(a: KedaBlock): KedaSpec {
  return {
    minReplicaCount: a.minReplicaCount,
    maxReplicaCount: a.maxReplicaCount,
    cooldownPeriodSeconds: a.cooldownPeriod,
    initialCooldownPeriodSeconds: a.initialCooldownPeriod,
    triggers: a.triggers.map((t) => ({ metric: t.metric, thresholdMilli: t.threshold, activationThreshold: t.activationThreshold, metricType: t.metricType })),
    cron: a.cron ?? [],
    behavior: a.behavior,
  };
}

export const kedaAutoscaler = {
  name: "keda",
  activator: { queueLimit: 10_000, timeout: 300 },
  loops(si, block, h) {
    const k = kedaSpecOf(block);
    const poll = scalerLoop(
      {
        service: si,
        first: block.pollingInterval,
        period: block.pollingInterval,
        scaler: kedaScaler(k),
        initial: { lastActiveTime: null },
        observe(now, current): KedaObservation {
          const scrape = h.metrics.visible(now);
          // No data: no scrape visible yet, or a rate without an earlier sample.
          const value = (t: (typeof block.triggers)[number]) => (scrape === null || (RATES.has(t.metric) && !scrape.rated) ? (t.ignoreNullValues ? 0 : null) : scrape.service[si]![t.metric]! / 1000);
          const values: (number | null)[] = block.triggers.map(value);
          for (const c of k.cron ?? []) values.push(cronValue(c, now));
          return { replicas: current, values };
        },
        record: (now, from, to, e, obs) => ({
          at: now,
          kind: "workload",
          service: h.services[si]!.name,
          controller: "keda",
          from,
          to,
          reason: e.reason,
          metrics: [
            ...k.triggers.map((t, i) => ({ metric: t.metric, type: "External" as const, current: obs.values[i] ?? null, target: t.activationThreshold, proposal: null })),
            ...(k.cron ?? []).map((_, i) => ({ metric: cronMetric(i), type: "External" as const, current: obs.values[k.triggers.length + i] ?? null, target: 0, proposal: null })),
          ],
          proposal: null,
          stabilized: null,
          stabilization: null,
          limit: null,
        }),
      },
      h,
    );
    // The HPA first: at an instant both run, it syncs before the poll, as KEDA's own HPA would.
    const cron = k.cron ?? [];
    const extra = cron.length === 0 ? undefined : (now: number) => new Map(cron.map((c, i) => [cronMetric(i), cronValue(c, now) * 1000]));
    return [hpaLoop(si, kedaHpaSpec(k), "keda", h, extra), poll];
  },
} satisfies WorkloadAutoscalerModule<KedaBlock>;
