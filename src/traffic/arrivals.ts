/** Arrivals of a run on the engine: each source's next arrival is one pending event, scheduled as the previous one is handled. */
import type { Engine, HandlerTable, KindCode } from "../engine/index.js";
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
  return new Arrivals(engine, sources, arrive);
}

/** A class rather than closures, so that every run in a process shares one optimised arrival handler. */
class Arrivals {
  private readonly code: KindCode;
  private begun = false;

  constructor(
    private readonly engine: Engine,
    private readonly sources: readonly ServiceSource[],
    private readonly arrive: (service: number, now: number, attrs: RequestAttrs) => void,
  ) {
    const handlers = { [TrafficEvent.Due]: (i: number, now: number) => this.due(i, now) } satisfies HandlerTable<TrafficEvent>;
    this.code = engine.on(handlers, { [TrafficEvent.Due]: Priority.Arrival })[TrafficEvent.Due];
    sources.forEach((s, i) => {
      if (!s.deferred) this.first(i);
    });
  }

  private due(i: number, now: number): void {
    const { source, service } = this.sources[i]!;
    this.arrive(service, now, source.attrs);
    const next = source.advance(now);
    if (next !== Infinity) this.engine.schedule(next, this.code, i);
  }

  private first(i: number): void {
    const t = this.sources[i]!.source.advance(0);
    if (t !== Infinity) this.engine.schedule(t, this.code, i);
  }

  begin(): void {
    if (this.begun) return;
    this.begun = true;
    this.sources.forEach((s, i) => {
      if (s.deferred) this.first(i);
    });
  }
}
