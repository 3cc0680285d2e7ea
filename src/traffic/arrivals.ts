/** Arrivals of a run on the engine: each source's next arrival is one pending event, scheduled as the previous one is handled. */
import type { Engine, HandlerTable } from "../engine/index.js";
import { Priority } from "../engine/index.js";
import type { RequestAttrs } from "./attrs.js";
import type { ArrivalSource } from "./source.js";

const TrafficEvent = { Due: "traffic.due" } as const;
type TrafficEvent = (typeof TrafficEvent)[keyof typeof TrafficEvent];

/** A source and the service its arrivals go to; a deferred source (a trace replay, whose feed must be filled first) starts at `begin`. */
export interface ServiceSource {
  readonly source: ArrivalSource;
  readonly service: number;
  readonly deferred: boolean;
}

/**
 * Schedules the first arrival of every source that is not deferred; each arrival goes to
 * `arrive`, described by the source's attrs until it advances. `begin` (once) starts the deferred ones.
 */
export function createArrivals(engine: Engine, sources: readonly ServiceSource[], arrive: (service: number, now: number, attrs: RequestAttrs) => void): { begin(): void } {
  const handlers = {
    [TrafficEvent.Due]: (i: number, now: number) => {
      const { source, service } = sources[i]!;
      arrive(service, now, source.attrs);
      const next = source.advance(now);
      if (next !== Infinity) engine.schedule(next, codes[TrafficEvent.Due], i);
    },
  } satisfies HandlerTable<TrafficEvent>;
  const codes = engine.on(handlers, { [TrafficEvent.Due]: Priority.Arrival });
  const first = (i: number) => {
    const t = sources[i]!.source.advance(0);
    if (t !== Infinity) engine.schedule(t, codes[TrafficEvent.Due], i);
  };
  sources.forEach((s, i) => {
    if (!s.deferred) first(i);
  });
  let begun = false;
  return {
    begin() {
      if (begun) return;
      begun = true;
      sources.forEach((s, i) => {
        if (s.deferred) first(i);
      });
    },
  };
}
