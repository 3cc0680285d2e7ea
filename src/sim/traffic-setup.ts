/** Traffic of a run: one arrival source per traffic entry, each on its own random stream. */
import type { HandlerTable } from "../engine/index.js";
import { Priority } from "../engine/index.js";
import { createPoisson } from "../traffic/index.js";
import type { ArrivalSource, RequestAttrs } from "../traffic/index.js";
import type { SimContext } from "./context.js";

const TrafficEvent = { Due: "traffic.due" } as const;
type TrafficEvent = (typeof TrafficEvent)[keyof typeof TrafficEvent];

/** Builds the sources of every service and schedules their first arrivals; each arrival goes to `arrive`. */
export function setupTraffic(cx: SimContext, arrive: (service: number, now: number, attrs: RequestAttrs) => void): void {
  const { engine, scenario, endTime } = cx;
  const sourceService: number[] = [];
  const sources: ArrivalSource[] = [];
  scenario.services.forEach((svc, s) =>
    svc.traffic.forEach((src, i) => {
      const p = src.poisson!;
      sourceService.push(s);
      sources.push(
        createPoisson({ rate: p.rate, start: p.start, end: Math.min(p.end ?? endTime, endTime), maxArrivals: p.maxArrivals ?? Infinity }, cx.stream(`traffic/${svc.name}/${i}`)),
      );
    }),
  );
  const handlers = {
    [TrafficEvent.Due]: (src: number, now: number) => {
      const source = sources[src]!;
      // The arrival happening now is described by the source's attrs until it advances.
      arrive(sourceService[src]!, now, source.attrs);
      const next = source.advance(now);
      if (next !== Infinity) engine.schedule(next, codes[TrafficEvent.Due], src);
    },
  } satisfies HandlerTable<TrafficEvent>;
  const codes = engine.on(handlers, { [TrafficEvent.Due]: Priority.Arrival });
  sources.forEach((source, src) => {
    const first = source.advance(0);
    if (first !== Infinity) engine.schedule(first, codes[TrafficEvent.Due], src);
  });
}
