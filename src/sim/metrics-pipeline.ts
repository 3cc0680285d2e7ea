/**
 * How metrics reach the autoscalers (cluster.metrics): every scrapeInterval each Ready pod's server
 * is sampled (Prometheus scraping the model servers, metrics-server the kubelets), and a sample is
 * visible `lag` seconds later. Rates (requests and tokens per second) are taken over rateWindow;
 * busy shares (GPU utilisation, cpu usage) over the last scrape interval. Values are milli-units.
 */
import { PodPhase, PodStage, Res } from "../cluster/index.js";
import type { HandlerTable } from "../engine/index.js";
import { Priority } from "../engine/index.js";
import type { ClusterSetup } from "./cluster-setup.js";
import type { SimContext } from "./context.js";
import type { ServingSetup } from "./serving-setup.js";

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
}

export interface MetricsPipeline {
  /** The newest scrape visible at `now` (taken at or before now − lag), or null before the first. */
  visible(now: number): Scrape | null;
  readonly scrapeInterval: number;
}

/** Extra requests waiting outside the pods (the activator's queue) per service; added to the service's queue and in-flight metrics. */
export type HeldRequests = (service: number) => number;

const ScrapeEvent = { Due: "metrics.scrape-due" } as const;
type ScrapeEvent = (typeof ScrapeEvent)[keyof typeof ScrapeEvent];

export function setupMetricsPipeline(cx: SimContext, cluster: ClusterSetup, serving: ServingSetup, held: HeldRequests): MetricsPipeline {
  const { engine, scenario } = cx;
  const { scrapeInterval, lag, rateWindow } = scenario.cluster.metrics;
  const services = scenario.services;
  const history: Scrape[] = [];
  const keep = Math.ceil((lag + rateWindow) / scrapeInterval) + 2;
  const s = cluster.state;
  const { plane, stats } = serving;

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
    const pods = services.map((_, si) => {
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
    const arrived = services.map((_, si) => stats.arrived[si]!);
    const service = services.map((_, si) => {
      const oldArrived = older ? older.arrived[si]! : 0;
      const since = older ? now - older.at : now;
      let queued = held(si);
      for (const pod of cluster.deployments.activePods(si)) queued += plane.queued(pod);
      return {
        requests_per_second: since > 0 ? Math.round(((arrived[si]! - oldArrived) / since) * 1000) : 0,
        requests_in_flight: stats.inFlight[si]! * 1000,
        queue_length: queued * 1000,
      };
    });
    return { at: now, pods, service, arrived };
  };

  const handlers = {
    [ScrapeEvent.Due]: (_: number, now: number) => {
      plane.flush(now);
      history.push(scrape(now));
      if (history.length > keep) history.shift();
      const next = now + scrapeInterval;
      if (next < cx.endTime) engine.schedule(next, codes[ScrapeEvent.Due], 0);
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

/** Whether a pod still counts for its Deployment's status (not terminating or deleted). */
export const isLivePod = (c: ClusterSetup, pod: number): boolean => c.state.pod.phase[pod] === PodPhase.Pending || c.state.pod.phase[pod] === PodPhase.Bound;

/** Whether a pod's container has started (the API's Running phase). */
export const hasStarted = (c: ClusterSetup, pod: number): boolean => c.pods.stage(pod) >= PodStage.Starting + 1 && c.pods.stage(pod) <= PodStage.Ready;
