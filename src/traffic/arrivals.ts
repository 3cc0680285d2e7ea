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

/** Where arrivals go: `arrive` is called as a method of the sink. */
export interface ArrivalSink {
  arrive(service: number, now: number, attrs: RequestAttrs): void;
}

/**
 * Schedules the first arrival of every source that is not deferred; each arrival goes to
 * `sink.arrive`, described by the source's attrs until it advances. `begin` (once) starts the deferred ones.
 */
export function createArrivals(engine: Engine, sources: readonly ServiceSource[], sink: ArrivalSink): { begin(): void } {
  return new Arrivals(engine, sources, sink);
}

/** A class rather than closures, so that every run in a process shares one optimised arrival handler. */
class Arrivals {
  private readonly code: KindCode;
  private begun = false;
  // Each entry's fields, copied: reading them from the entries (object literals built anew for
  // each run) would tie the optimised handler to their shape, which V8 changes as it builds the next.
  private readonly source: ArrivalSource[];
  private readonly service: Int32Array;

  constructor(
    private readonly engine: Engine,
    private readonly sources: readonly ServiceSource[],
    /**
     * An object whose method is called, rather than a function: a function made for each run (an
     * arrow, a bound method) is a new call target every run, and code optimised in an earlier run
     * that calls it directly is thrown away at the first arrival of the next.
     */
    private readonly sink: ArrivalSink,
  ) {
    this.source = sources.map((s) => s.source);
    this.service = Int32Array.from(sources, (s) => s.service);
    const handlers = { [TrafficEvent.Due]: (i: number, now: number) => this.due(i, now) } satisfies HandlerTable<TrafficEvent>;
    this.code = engine.on(handlers, { [TrafficEvent.Due]: Priority.Arrival })[TrafficEvent.Due];
    sources.forEach((s, i) => {
      if (!s.deferred) this.first(i);
    });
  }

  private due(i: number, now: number): void {
    const source = this.source[i]!;
    this.sink.arrive(this.service[i]!, now, source.attrs);
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
