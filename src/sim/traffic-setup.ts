/**
 * Traffic of a run: one arrival source per traffic entry (a trace replay: one per copy), each on
 * its own random streams. Generators are built from the scenario alone; trace replays and
 * file-based token lengths need the data prepared by prepareTraffic (traffic-prepare.ts).
 */
import type { HandlerTable } from "../engine/index.js";
import { Priority } from "../engine/index.js";
import type { TrafficSource } from "../scenario/index.js";
import {
  boundedSource,
  copiesOf,
  createDiurnal,
  createMmpp,
  createPoisson,
  createProfileProcess,
  createTraceFeed,
  feedSource,
  flashCrowdProfile,
  stepProfile,
  tokenFiller,
  withAttrs,
} from "../traffic/index.js";
import type { ArrivalProcess, ArrivalSource, AttrsFiller, LengthSpec, RequestAttrs, TokenSpec, TraceFeed } from "../traffic/index.js";
import type { SimContext } from "./context.js";
import { entryKey } from "./traffic-prepare.js";
import type { PreparedEntry, PreparedTraffic } from "./traffic-prepare.js";
import { replaySpec } from "./trace-specs.js";

const TrafficEvent = { Due: "traffic.due" } as const;
type TrafficEvent = (typeof TrafficEvent)[keyof typeof TrafficEvent];

export interface TrafficSetup {
  /** The feeds of trace replays, which a driver must keep filled (see run-async.ts). */
  readonly feeds: readonly TraceFeed[];
  /** Schedules the first arrivals of trace replays; called once, after the feeds' first refill. */
  begin(): void;
}

const NEEDS_ASYNC = "replays a trace or reads a file: run it with runScenarioAsync and a trace reader";

function prepared(p: PreparedTraffic | undefined, s: number, i: number): PreparedEntry {
  const e = p?.get(entryKey(s, i));
  if (e === undefined) throw new Error(`traffic entry ${i} of service ${s} ${NEEDS_ASYNC}`);
  return e;
}

function lengthSpec(side: "input" | "output", l: NonNullable<TrafficSource["tokens"]>["input"], entry: () => PreparedEntry): LengthSpec | undefined {
  if (l === undefined) return undefined;
  if (l.distribution !== "empirical") return l;
  return { distribution: "empirical", values: entry()[side]! };
}

function tokenSpec(t: NonNullable<TrafficSource["tokens"]>, entry: () => PreparedEntry): TokenSpec {
  if (t.joint) return { joint: entry().joint! };
  const input = lengthSpec("input", t.input, entry);
  const output = lengthSpec("output", t.output, entry);
  return { ...(input ? { input } : {}), ...(output ? { output } : {}) };
}

function generator(src: TrafficSource, cx: SimContext, name: `${string}/${string}`, entry: () => PreparedEntry): { process: ArrivalProcess; bounds: { start: number; end: number | undefined; maxArrivals: number | undefined } } | null {
  const k = src.diurnal ?? src.step ?? src.flashCrowd ?? src.mmpp ?? src.piecewise;
  if (k === undefined) return null;
  const stream = cx.stream(name);
  let process: ArrivalProcess;
  if (src.diurnal) process = createDiurnal(src.diurnal, stream);
  else if (src.step) process = createProfileProcess(stepProfile(src.step.before, src.step.after, src.step.at), stream);
  else if (src.flashCrowd) process = createProfileProcess(flashCrowdProfile(src.flashCrowd), stream);
  else if (src.mmpp) process = createMmpp(src.mmpp.low, src.mmpp.high, stream);
  else {
    const p = src.piecewise!;
    const profile = p.points ? { times: p.points.map((q) => q.at), rates: p.points.map((q) => q.rate), interpolation: p.interpolation } : entry().profile!;
    process = createProfileProcess(profile, stream);
  }
  return { process, bounds: { start: k.start, end: k.end, maxArrivals: k.maxArrivals } };
}

/** Builds the sources of every service and schedules their first arrivals; each arrival goes to `arrive`. */
export function setupTraffic(cx: SimContext, arrive: (service: number, now: number, attrs: RequestAttrs) => void, prep?: PreparedTraffic): TrafficSetup {
  const { engine, scenario, endTime } = cx;
  const sourceService: number[] = [];
  const sources: ArrivalSource[] = [];
  const traced: number[] = [];
  const feeds: TraceFeed[] = [];
  scenario.services.forEach((svc, s) =>
    svc.traffic.forEach((src, i) => {
      const name = `traffic/${svc.name}/${i}` as const;
      const entry = () => prepared(prep, s, i);
      const fill: AttrsFiller | undefined = src.tokens ? tokenFiller(tokenSpec(src.tokens, entry), cx.stream(`${name}/tokens`)) : undefined;
      const add = (source: ArrivalSource, fromTrace = false) => {
        if (fromTrace) traced.push(sources.length);
        sourceService.push(s);
        sources.push(fill && fromTrace ? withAttrs(source, fill) : source);
      };
      if (src.poisson) {
        const p = src.poisson;
        const poisson = createPoisson({ rate: p.rate, start: p.start, end: Math.min(p.end ?? endTime, endTime), maxArrivals: p.maxArrivals ?? Infinity }, cx.stream(name));
        add(fill ? withAttrs(poisson, fill) : poisson);
        return;
      }
      const g = generator(src, cx, name, entry);
      if (g) {
        const { start, end, maxArrivals } = g.bounds;
        add(boundedSource(g.process, { start, end: Math.min(end ?? endTime, endTime), maxArrivals: maxArrivals ?? Infinity }, fill));
        return;
      }
      const spec = replaySpec(src.trace!);
      const scan = entry().scan!;
      if (scan.badLines.count > 0) {
        const { count, lines, first } = scan.badLines;
        cx.warn(`trace ${spec.reader.file}: skipped ${count} bad line${count > 1 ? "s" : ""} (line ${lines.join(", ")}${count > lines.length ? ", …" : ""}): ${first}`);
      }
      if (scan.rows === 0) cx.warn(`trace ${spec.reader.file}: no rows in the replayed window`);
      copiesOf(spec, scan.period).forEach((copy, j) => {
        const feed = createTraceFeed(spec, scan, copy, copy.keep < 1 ? cx.stream(`${name}/copy-${j}`) : null, endTime);
        feeds.push(feed);
        add(feedSource(feed), true);
      });
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
  const first = (src: number) => {
    const t = sources[src]!.advance(0);
    if (t !== Infinity) engine.schedule(t, codes[TrafficEvent.Due], src);
  };
  const isTraced = new Set(traced);
  sources.forEach((_, src) => {
    if (!isTraced.has(src)) first(src);
  });
  let begun = false;
  return {
    feeds,
    begin() {
      if (begun) return;
      begun = true;
      traced.forEach(first);
    },
  };
}
