/**
 * Wires a Scenario into engine components — cluster, serving, traffic, sampling — and returns a
 * simulation that callers drive in chunks (advance), so that they own pacing and cancellation.
 */
import { createEngine, createStreams } from "../engine/index.js";
import type { Engine } from "../engine/index.js";
import { createSloWindows } from "../metrics/index.js";
import type { Scenario } from "../scenario/index.js";
import { serverKinds } from "../serving/index.js";
import type { ServerRegistry } from "../serving/index.js";
import { setupCluster } from "./cluster-setup.js";
import { setupControllers } from "./controllers-setup.js";
import { setupMonitoring } from "./monitoring.js";
import type { MonitoringRecorder } from "../metrics/exposition/index.js";
import { checkPlacements } from "./placement-check.js";
import { createDetailSeries, NO_DETAIL, teeSink } from "./detail-series.js";
import type { ClusterSetup } from "./cluster-setup.js";
import type { SimContext } from "./context.js";
import type { Results } from "./results.js";
import { setupSampling } from "./sampling.js";
import { setupServing } from "./serving-setup.js";
import type { ServingRegistries } from "./serving-setup.js";
import { requestRows } from "./request-log.js";
import type { RequestRow } from "./request-log.js";
import { summarize } from "./summarize.js";
import type { PreparedTraffic } from "./traffic-prepare.js";
import { setupTraffic } from "./traffic-setup.js";
import type { TraceFeed } from "../traffic/index.js";

export interface SimulationOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: string | number;
  /** Keep a decoded log of the first `capacity` events (tests, debugging). */
  readonly log?: { readonly capacity: number };
  /** Most requests in flight at once before the run halts (an overloaded system without queue limits). */
  readonly maxInFlight?: number;
  /** Data read from files by prepareTraffic (trace scans, token tables, rate profiles); needed when the scenario reads files. */
  readonly prepared?: PreparedTraffic;
  /** Explain every scheduling decision about pods whose name matches this glob (overrides output.explain.pods). */
  readonly explainPods?: string;
  /** Records what Prometheus would have scraped (metrics/exposition); results are the same with or without it. */
  readonly monitoring?: MonitoringRecorder;
  /**
   * Server kinds and routing policies by name (default: serving's registries). The scenario schema
   * knows the built-in ones; a run may use others given here (a scenario built in code).
   */
  readonly registries?: ServingRegistries;
  /** Hears each request at its outcome (per-request logs); results are the same with or without it. */
  readonly onRequest?: (row: RequestRow) => void;
  /**
   * Sample the charts' detail series (per-step TTFT/TPOT percentiles, KV usage, per-node GPU
   * busy); default true. Without them `series.llm` and `series.nodes` are empty and every other
   * result is the same: the planner's trials skip them.
   */
  readonly detail?: boolean;
}

export interface Progress {
  readonly simulatedTime: number;
  readonly endTime: number;
  readonly events: number;
}

export interface Simulation {
  readonly engine: Engine;
  /** The cluster of the run (state, lifecycles, Deployments, scheduler): controllers and tests drive it. */
  readonly cluster: ClusterSetup;
  readonly endTime: number;
  /** Feeds of trace replays: a driver refills them between chunks (run-async.ts); empty without traces. */
  readonly feeds: readonly TraceFeed[];
  /**
   * Handles up to maxEvents events, and never more than the fewest arrivals an unfinished feed
   * holds (so none runs dry mid-chunk); returns true once the run is over (end reached or halted).
   */
  advance(maxEvents: number): boolean;
  progress(): Progress;
  /** Storage the run holds: it grows with the events pending and the requests in flight, never with the requests simulated. */
  footprint(): { readonly eventQueueCapacity: number; readonly requestSlots: number };
  /** Results so far; `cancelled` marks a run stopped before its end by the caller. */
  results(cancelled?: boolean): Results;
}

export const DEFAULT_MAX_IN_FLIGHT = 2_000_000;


export function createSimulation(scenario: Scenario, options: SimulationOptions = {}): Simulation {
  const seed = options.seed ?? scenario.seed;
  const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  const engine = createEngine(options.log ? { log: options.log } : {});
  const stream = createStreams(seed);
  const endTime = scenario.duration;
  const warnings = new Map<string, number>();
  const cx: SimContext = { scenario, engine, stream, endTime, warn: (m) => warnings.set(m, (warnings.get(m) ?? 0) + 1) };
  for (const p of checkPlacements(scenario)) cx.warn(p.message);

  // Serving reports drained pods to the cluster, which is built next.
  let drained = (_pod: number, _now: number): void => undefined;
  const sloWindows = createSloWindows(scenario.services, scenario.output.sloWindow, scenario.duration, scenario.warmup);
  const kinds: ServerRegistry = options.registries?.serverKinds ?? serverKinds;
  const detail = options.detail === false ? NO_DETAIL : createDetailSeries(cx, scenario.services.map((svc) => kinds[svc.model.kind]?.tokens === true));
  // Monitoring export (opt-in, sim/monitoring.ts): its sink, bind and sample calls are the only hooks.
  const monitoring = options.monitoring ? setupMonitoring(cx, options.monitoring) : null;
  const sink = detail === NO_DETAIL ? sloWindows : teeSink(sloWindows, detail.sink);
  const record = options.onRequest && requestRows(scenario, () => cluster.state, options.onRequest);
  const serving = setupServing(cx, { maxInFlight, ...options.registries, ...(record ? { record } : {}) }, (pod, now) => drained(pod, now), monitoring ? monitoring.sink(sink) : sink);
  const cluster = setupCluster(cx, serving.plane, { explainPods: options.explainPods });
  drained = cluster.drained;
  const traffic = setupTraffic(cx, serving.plane, options.prepared);
  const autoscaling = setupControllers(cx, cluster, serving);
  monitoring?.bind(cluster, serving);
  const { plane } = serving;
  detail.attach(cluster, {
    busyArea: plane.busyArea,
    slots: plane.slots,
    kv: (pod) => {
      const load = plane.load(pod);
      return { used: load.kvUsed, capacity: load.kvCapacity };
    },
  });
  const sampling = setupSampling(cx, cluster, serving, (now) => {
    autoscaling.control.sample(now);
    detail.sample(now);
    monitoring?.sample(now);
  });
  const state = { scenario, seed, cluster, serving, sampling, warnings, autoscaling, sloWindows, detail };
  const isOver = () => engine.haltReason !== undefined || engine.now >= endTime;
  return {
    engine,
    cluster,
    endTime,
    feeds: traffic.feeds,
    advance(maxEvents) {
      let safe = maxEvents;
      for (const f of traffic.feeds) if (!f.finished) safe = Math.min(safe, f.buffered);
      if (isOver()) return true;
      // A caller without a feed driver would otherwise spin here forever.
      if (safe === 0 && maxEvents > 0) throw new Error("trace feeds are empty: refill them between chunks (runScenarioAsync does) before advancing");
      traffic.begin();
      engine.runUntil(endTime, safe);
      return isOver();
    },
    progress: () => ({ simulatedTime: engine.now, endTime, events: engine.processed }),
    footprint: () => ({ eventQueueCapacity: engine.queueCapacity, requestSlots: serving.plane.requests.capacity }),
    results: (cancelled = false) => {
      serving.plane.flush(engine.now);
      serving.stats.flush(engine.now);
      const status = engine.haltReason !== undefined ? "halted" : cancelled && engine.now < endTime ? "cancelled" : "completed";
      return summarize(state, engine, status);
    },
  };
}
