/**
 * How metrics reach the autoscalers (cluster.metrics): every scrapeInterval each Ready pod's server
 * is sampled (Prometheus scraping the model servers, metrics-server the kubelets), and a sample is
 * visible `lag` seconds later. Rates (requests and tokens per second) are taken over rateWindow;
 * busy shares (GPU utilisation, cpu usage) over the last scrape interval. Values are milli-units.
 */
import type { ClusterRuntime } from "../../cluster/index.js";
import { Res } from "../../cluster/index.js";
import type { Engine, HandlerTable } from "../../engine/index.js";
import { Priority } from "../../engine/index.js";

/** One pod's sample of every metric (milli-units), and its cumulative counters for rates. */
interface PodSample {
  readonly pod: number;
  readonly values: Readonly<Record<string, number>>;
  readonly busy: number;
  readonly generated: number;
}

export interface Scrape {
  readonly at: number;
  /** Per service: the sampled pods. */
  readonly pods: readonly (readonly PodSample[])[];
  /** Per service: service-level values (milli-units) by metric name. */
  readonly service: readonly Readonly<Record<string, number>>[];
  /** Per service: cumulative arrivals (for rates). */
  readonly arrived: readonly number[];
  /** Whether an earlier scrape exists to take rates from (Prometheus' rate() needs two samples); rates read 0 when not. */
  readonly rated: boolean;
}

export interface MetricsPipeline {
  /** The newest scrape visible at `now` (taken at or before now − lag), or null before the first. */
  visible(now: number): Scrape | null;
  readonly scrapeInterval: number;
}

/** What the pipeline samples of the serving plane (read only). */
export interface ServingMetricsView {
  /** The service's Ready pods (its endpoints). */
  readyPods(service: number): readonly number[];
  /** Busy slot-seconds of a pod since it joined, up to the last flush, and the slots a pod of the service offers. */
  busyArea(pod: number): number;
  slots(service: number): number;
  /** Requests in flight at a pod, and those waiting there. */
  inFlight(pod: number): number;
  queued(pod: number): number;
  /** Output tokens the pod produced, and its KV-cache blocks in use and in all. */
  load(pod: number): { readonly generated: number; readonly kvUsed: number; readonly kvCapacity: number };
  /** Per service: requests arrived so far, requests in flight now, and requests waiting outside the pods (the activator's queue). */
  arrived(service: number): number;
  serviceInFlight(service: number): number;
  held(service: number): number;
  /** Brings the busy areas up to `now`. */
  flush(now: number): void;
}

/** cluster.metrics: scrape interval, visibility lag and the window of rates, in seconds. */
export interface PipelineConfig {
  readonly scrapeInterval: number;
  readonly lag: number;
  readonly rateWindow: number;
}

const ScrapeEvent = { Due: "metrics.scrape-due" } as const;
type ScrapeEvent = (typeof ScrapeEvent)[keyof typeof ScrapeEvent];

/** Scrapes the pods of `services` services from time 0 until `endTime`. */
export function createMetricsPipeline(engine: Engine, cluster: ClusterRuntime, plane: ServingMetricsView, config: PipelineConfig, services: number, endTime: number): MetricsPipeline {
  const { scrapeInterval, lag, rateWindow } = config;
  const history: Scrape[] = [];
  const keep = Math.ceil((lag + rateWindow) / scrapeInterval) + 2;
  const s = cluster.state;
  const each = <T>(f: (si: number) => T): T[] => Array.from({ length: services }, (_, si) => f(si));

  /** The scrape `window` seconds before the newest one (or the oldest kept). */
  const before = (now: number, window: number): Scrape | undefined => {
    let best: Scrape | undefined;
    for (let i = history.length - 1; i >= 0; i--) {
      best = history[i];
      if (history[i]!.at <= now - window + 1e-9) break;
    }
    return best;
  };

  const scrape = (now: number): Scrape => {
    const prev = history[history.length - 1];
    const older = before(now, rateWindow);
    const pods = each((si) => {
      const out: PodSample[] = [];
      const request = s.templates[si]!.request;
      for (const pod of plane.readyPods(si)) {
        const busy = plane.busyArea(pod);
        const { generated, kvUsed, kvCapacity } = plane.load(pod);
        const last = prev?.pods[si]!.find((p) => p.pod === pod);
        const dt = prev ? now - prev.at : 0;
        const share = last && dt > 0 ? Math.min(1, Math.max(0, (busy - last.busy) / (dt * plane.slots(si)))) : 0;
        const old = older?.pods[si]!.find((p) => p.pod === pod);
        const rateDt = old ? now - older!.at : 0;
        out.push({
          pod,
          busy,
          generated,
          values: {
            requests_in_flight: plane.inFlight(pod) * 1000,
            queue_length: plane.queued(pod) * 1000,
            kv_cache_usage: kvCapacity > 0 ? Math.round((kvUsed / kvCapacity) * 1000) : 0,
            // DCGM_FI_DEV_GPU_UTIL reports percent busy.
            gpu_utilization: Math.round(share * 100 * 1000),
            tokens_per_second: old && rateDt > 0 ? Math.round(((generated - old.generated) / rateDt) * 1000) : 0,
            // Usage derived from busy time: a busy server burns its cpu request, an idle one a tenth of it.
            cpu: Math.round(request[Res.cpu]! * (0.1 + 0.9 * share)),
            // A loaded server holds its memory request.
            memory: request[Res.memory]! * 1000,
          },
        });
      }
      return out;
    });
    const arrived = each((si) => plane.arrived(si));
    const service = each((si) => {
      const oldArrived = older ? older.arrived[si]! : 0;
      const since = older ? now - older.at : now;
      let queued = plane.held(si);
      for (const pod of cluster.deployments.activePods(si)) queued += plane.queued(pod);
      return {
        requests_per_second: since > 0 ? Math.round(((arrived[si]! - oldArrived) / since) * 1000) : 0,
        requests_in_flight: plane.serviceInFlight(si) * 1000,
        queue_length: queued * 1000,
      };
    });
    return { at: now, pods, service, arrived, rated: older !== undefined };
  };

  const handlers = {
    [ScrapeEvent.Due]: (_: number, now: number) => {
      plane.flush(now);
      history.push(scrape(now));
      if (history.length > keep) history.shift();
      const next = now + scrapeInterval;
      if (next < endTime) engine.schedule(next, codes[ScrapeEvent.Due], 0);
    },
  } satisfies HandlerTable<ScrapeEvent>;
  // Before the controllers of the same instant read them.
  const codes = engine.on(handlers, { [ScrapeEvent.Due]: Priority.Control - 2 });
  engine.schedule(0, codes[ScrapeEvent.Due], 0);

  return {
    scrapeInterval,
    visible(now) {
      for (let i = history.length - 1; i >= 0; i--) if (history[i]!.at <= now - lag + 1e-9) return history[i]!;
      return null;
    },
  };
}
