/**
 * Wires a Scenario into engine components: nodes and pods (placed first-fit), a Poisson
 * source per traffic entry, random routing to Ready pods, classic servers, statistics and
 * periodic samples. The run is driven from outside in chunks (advance), so callers own pacing.
 */
import { bindPod, createCluster, firstFit, unschedulableReason } from "../cluster/index.js";
import type { PodSpec, PoolShape } from "../cluster/index.js";
import { createEngine, createSampler, createStreams, Priority } from "../engine/index.js";
import type { Engine, HandlerTable } from "../engine/index.js";
import { appendRow, createSeries } from "../metrics/index.js";
import type { Series } from "../metrics/index.js";
import type { Scenario } from "../scenario/index.js";
import { createClassicServers, createRandomRouter, createRequestTable } from "../serving/index.js";
import { createPoisson } from "../traffic/index.js";
import type { ArrivalProcess } from "../traffic/index.js";
import { createServiceStats, RejectReason } from "./collect.js";
import type { Results, SeriesColumn } from "./results.js";
import { SERIES_COLUMNS } from "./results.js";
import { seriesStep } from "./step.js";
import { summarize } from "./summarize.js";
import type { RunState } from "./summarize.js";

export interface SimulationOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: string | number;
  /** Keep a decoded log of the first `capacity` events (tests, debugging). */
  readonly log?: { readonly capacity: number };
  /** Most requests in flight at once before the run halts (an overloaded system without queue limits). */
  readonly maxInFlight?: number;
}

export interface Progress {
  readonly simulatedTime: number;
  readonly endTime: number;
  readonly events: number;
}

export interface Simulation {
  readonly engine: Engine;
  readonly endTime: number;
  /** Handles up to maxEvents events; returns true once the run is over (end reached or halted). */
  advance(maxEvents: number): boolean;
  progress(): Progress;
  /** Storage the run holds: it grows with the events pending and the requests in flight, never with the requests simulated. */
  footprint(): { readonly eventQueueCapacity: number; readonly requestSlots: number };
  /** Results so far; `cancelled` marks a run stopped before its end by the caller. */
  results(cancelled?: boolean): Results;
}

export const DEFAULT_MAX_IN_FLIGHT = 2_000_000;

const SimEvent = { TrafficDue: "traffic.due", SampleDue: "sample.due", WarmupDue: "warmup.due" } as const;
type SimEvent = (typeof SimEvent)[keyof typeof SimEvent];

export function createSimulation(scenario: Scenario, options: SimulationOptions = {}): Simulation {
  const seed = options.seed ?? scenario.seed;
  const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  const engine = createEngine(options.log ? { log: options.log } : {});
  const stream = createStreams(seed);
  const services = scenario.services;
  const endTime = scenario.duration;
  const warmup = scenario.warmup;
  const warnings = new Map<string, number>();
  const warn = (m: string) => warnings.set(m, (warnings.get(m) ?? 0) + 1);

  // Cluster: nodes per pool, pods per service, placed first-fit at time 0.
  const pools: PoolShape[] = scenario.cluster.nodePools.map((p) => ({
    name: p.name,
    count: p.count,
    cpuMilli: p.cpu,
    memBytes: p.memory,
    gpus: p.gpu?.count ?? 0,
    gpuType: p.gpu?.type ?? null,
    maxPods: p.maxPods,
  }));
  const podSpecs: PodSpec[] = services.flatMap((svc, s) =>
    Array.from({ length: svc.replicas }, (_, i) => ({
      name: `${svc.name}-${i}`,
      service: s,
      cpuMilli: svc.resources.requests.cpu,
      memBytes: svc.resources.requests.memory,
      gpus: svc.resources.requests["nvidia.com/gpu"],
    })),
  );
  const cluster = createCluster(pools, podSpecs);
  const pendingReason: (string | null)[] = podSpecs.map((_, pod) => {
    const node = firstFit(cluster, pod);
    if (node >= 0) {
      bindPod(cluster, pod, node, 0);
      return null;
    }
    const reason = unschedulableReason(cluster, pod);
    warn(`pod ${podSpecs[pod]!.name} is Pending: ${reason}`);
    return reason;
  });

  const requests = createRequestTable(maxInFlight);
  const stats = createServiceStats(services.length, warmup);
  const router = createRandomRouter(services.length, services.map((svc) => stream(`routing/${svc.name}`)));
  const samplers = services.map((svc) => createSampler(svc.model.serviceTime, stream(`serving/${svc.name}/service-time`)));
  const servers = createClassicServers(
    engine,
    requests,
    podSpecs.map((p) => ({
      service: p.service,
      concurrency: services[p.service]!.model.concurrency,
      queueLimit: services[p.service]!.model.queueLimit ?? Infinity,
    })),
    samplers,
    {
      finished: (req, now) => stats.complete(requests.service[req]!, requests.arrival[req]!, requests.start[req]!, now),
    },
  );
  podSpecs.forEach((p, pod) => {
    if (pendingReason[pod] === null) router.addReady(p.service, pod);
  });
  const servicePods = services.map((_, s) => podSpecs.flatMap((p, pod) => (p.service === s ? [pod] : [])));

  // Traffic: one arrival process per source, each on its own stream.
  const sourceService: number[] = [];
  const processes: ArrivalProcess[] = [];
  services.forEach((svc, s) =>
    svc.traffic.forEach((src, i) => {
      const p = src.poisson!;
      sourceService.push(s);
      processes.push(
        createPoisson({ rate: p.rate, start: p.start, end: Math.min(p.end ?? endTime, endTime), maxArrivals: p.maxArrivals ?? Infinity }, stream(`traffic/${svc.name}/${i}`)),
      );
    }),
  );

  // Time series: one row per step, the last one at the end of the run.
  const step = scenario.output.seriesStep ?? seriesStep(endTime);
  const samples = Math.ceil(endTime / step - 1e-9);
  const series: Series<SeriesColumn>[] = services.map(() => createSeries(SERIES_COLUMNS, step, samples));
  const busyAtSample = new Float64Array(services.length);
  const busyAtWarmup = new Float64Array(podSpecs.length);
  let lastSample = 0;
  const serviceSum = (s: number, values: Int32Array | Float64Array) => servicePods[s]!.reduce((sum, pod) => sum + values[pod]!, 0);

  const handlers = {
    [SimEvent.TrafficDue]: (src: number, now: number) => {
      const next = processes[src]!.next(now);
      if (next !== Infinity) engine.schedule(next, codes[SimEvent.TrafficDue], src);
      const s = sourceService[src]!;
      if (requests.inUse >= maxInFlight) {
        engine.halt(
          `more than ${maxInFlight} requests in flight at t=${now}s: service "${services[s]!.name}" cannot keep up with its traffic; give it more replicas or a queueLimit`,
        );
        return;
      }
      stats.arrive(s, now);
      const pod = router.pick(s);
      if (pod < 0) return stats.reject(s, now, RejectReason.NoEndpoint);
      const req = requests.alloc(s, pod, now);
      if (servers.admit(req, now)) stats.admit(s, now);
      else {
        requests.release(req);
        stats.reject(s, now, RejectReason.QueueFull);
      }
    },
    [SimEvent.SampleDue]: (row: number, now: number) => {
      servers.flush(now);
      for (let s = 0; s < services.length; s++) {
        const busyArea = serviceSum(s, servers.busyArea);
        appendRow(series[s]!, now, {
          arrived: stats.arrived[s]!,
          completed: stats.completed[s]!,
          rejected: stats.rejected[s]!,
          inFlight: stats.inFlight[s]!,
          queued: serviceSum(s, servers.queued),
          busy: (busyArea - busyAtSample[s]!) / (now - lastSample),
          latencyP50: stats.windowQuantile(s, 0.5),
          latencyP99: stats.windowQuantile(s, 0.99),
        });
        busyAtSample[s] = busyArea;
        stats.resetWindow(s);
      }
      lastSample = now;
      if (row + 1 < samples) engine.schedule(Math.min((row + 2) * step, endTime), codes[SimEvent.SampleDue], row + 1);
    },
    [SimEvent.WarmupDue]: (_: number, now: number) => {
      servers.flush(now);
      busyAtWarmup.set(servers.busyArea);
      stats.startMeasuring(now);
    },
  } satisfies HandlerTable<SimEvent>;
  const codes = engine.on(handlers, {
    [SimEvent.TrafficDue]: Priority.Arrival,
    [SimEvent.SampleDue]: Priority.Sample,
    [SimEvent.WarmupDue]: Priority.First,
  });

  processes.forEach((p, src) => {
    const first = p.next(0);
    if (first !== Infinity) engine.schedule(first, codes[SimEvent.TrafficDue], src);
  });
  if (samples > 0) engine.schedule(Math.min(step, endTime), codes[SimEvent.SampleDue], 0);
  if (warmup > 0) engine.schedule(warmup, codes[SimEvent.WarmupDue], 0);

  const state: RunState = { scenario, seed, cluster, podSpecs, pendingReason, servicePods, stats, servers, series, busyAtWarmup, warnings };
  const isOver = () => engine.haltReason !== undefined || engine.now >= endTime;
  return {
    engine,
    endTime,
    advance(maxEvents) {
      if (!isOver()) engine.runUntil(endTime, maxEvents);
      return isOver();
    },
    progress: () => ({ simulatedTime: engine.now, endTime, events: engine.processed }),
    footprint: () => ({ eventQueueCapacity: engine.queueCapacity, requestSlots: requests.capacity }),
    results: (cancelled = false) => {
      servers.flush(engine.now);
      stats.flush(engine.now);
      const status = engine.haltReason !== undefined ? "halted" : cancelled && engine.now < endTime ? "cancelled" : "completed";
      return summarize(state, engine, status);
    },
  };
}
