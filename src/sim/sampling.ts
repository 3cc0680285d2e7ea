/** The time series of a run (one row per step) and the start of the measured window after warm-up. */
import type { HandlerTable } from "../engine/index.js";
import { Priority } from "../engine/index.js";
import { appendRow, createSeries } from "../metrics/index.js";
import type { Series } from "../metrics/index.js";
import type { ClusterSetup } from "./cluster-setup.js";
import type { SimContext } from "./context.js";
import { SERIES_COLUMNS } from "./results.js";
import type { SeriesColumn } from "./results.js";
import type { ServingSetup } from "./serving-setup.js";
import { seriesStep } from "./step.js";

const SampleEvent = { SampleDue: "sample.due", WarmupDue: "warmup.due" } as const;
type SampleEvent = (typeof SampleEvent)[keyof typeof SampleEvent];

export interface Sampling {
  readonly series: readonly Series<SeriesColumn>[];
  /** Busy-slot-seconds of each pod at the end of the warm-up (subtracted to get the measured share). */
  readonly busyAtWarmup: readonly number[];
}

/** `also(now)` samples other series at the same instants (the controllers' series). */
export function setupSampling(cx: SimContext, cluster: ClusterSetup, serving: ServingSetup, also?: (now: number) => void): Sampling {
  const { engine, scenario, endTime } = cx;
  const { stats, plane } = serving;
  const services = scenario.services.length;
  const step = scenario.output.seriesStep ?? seriesStep(endTime);
  const samples = Math.ceil(endTime / step - 1e-9);
  const series = scenario.services.map(() => createSeries(SERIES_COLUMNS, step, samples));
  const busyAtSample = new Float64Array(services);
  const busyAtWarmup: number[] = [];
  let lastSample = 0;
  const sum = (s: number, of: (pod: number) => number) => cluster.deployments.allPods(s).reduce((total, pod) => total + of(pod), 0);

  const handlers = {
    [SampleEvent.SampleDue]: (row: number, now: number) => {
      plane.flush(now);
      for (let s = 0; s < services; s++) {
        const busyArea = sum(s, plane.busyArea);
        appendRow(series[s]!, now, {
          arrived: stats.arrived[s]!,
          completed: stats.completed[s]!,
          rejected: stats.rejected[s]!,
          failed: stats.failed[s]!,
          timedOut: stats.timedOut[s]!,
          inFlight: stats.inFlight[s]!,
          ready: plane.readyPods(s).length,
          queued: sum(s, plane.queued),
          busy: (busyArea - busyAtSample[s]!) / (now - lastSample),
          latencyP50: stats.windowQuantile(s, 0.5),
          latencyP99: stats.windowQuantile(s, 0.99),
        });
        busyAtSample[s] = busyArea;
        stats.resetWindow(s);
      }
      lastSample = now;
      also?.(now);
      if (row + 1 < samples) engine.schedule(Math.min((row + 2) * step, endTime), codes[SampleEvent.SampleDue], row + 1);
    },
    [SampleEvent.WarmupDue]: (_: number, now: number) => {
      plane.flush(now);
      for (let pod = 0; pod < cluster.state.pod.count; pod++) busyAtWarmup[pod] = plane.busyArea(pod);
      stats.startMeasuring(now);
    },
  } satisfies HandlerTable<SampleEvent>;
  const codes = engine.on(handlers, { [SampleEvent.SampleDue]: Priority.Sample, [SampleEvent.WarmupDue]: Priority.First });
  if (samples > 0) engine.schedule(Math.min(step, endTime), codes[SampleEvent.SampleDue], 0);
  if (scenario.warmup > 0) engine.schedule(scenario.warmup, codes[SampleEvent.WarmupDue], 0);
  return { series, busyAtWarmup };
}
