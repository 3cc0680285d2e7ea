/**
 * Traffic of a run: one arrival source per traffic entry (a trace replay: one per copy), each on
 * its own random streams. Generators are built from the scenario alone; trace replays and
 * file-based token lengths need the data prepared by prepareTraffic (traffic-prepare.ts).
 */
import type { TrafficSource } from "../scenario/index.js";
import {
  boundedSource,
  copiesOf,
  createArrivals,
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
import type { ArrivalProcess, ArrivalSink, ArrivalSource, AttrsFiller, LengthSpec, ServiceSource, TokenSpec, TraceFeed } from "../traffic/index.js";
import type { SimContext } from "./context.js";
import { entryKey } from "./traffic-prepare.js";
import type { PreparedEntry, PreparedTraffic } from "./traffic-prepare.js";
import { replaySpec } from "./trace-specs.js";

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

/** The feeds of a trace replay (one per copy), added to `feeds`; warns about skipped lines and an empty window. */
function replayFeeds(cx: SimContext, trace: NonNullable<TrafficSource["trace"]>, name: `${string}/${string}`, entry: PreparedEntry, feeds: TraceFeed[]): TraceFeed[] {
  const spec = replaySpec(trace);
  const scan = entry.scan!;
  if (scan.badLines.count > 0) {
    const { count, lines, first } = scan.badLines;
    cx.warn(`trace ${spec.reader.file}: skipped ${count} bad line${count > 1 ? "s" : ""} (line ${lines.join(", ")}${count > lines.length ? ", …" : ""}): ${first}`);
  }
  if (scan.rows === 0) cx.warn(`trace ${spec.reader.file}: no rows in the replayed window`);
  const made = copiesOf(spec, scan.period).map((copy, j) => createTraceFeed(spec, scan, copy, copy.keep < 1 ? cx.stream(`${name}/copy-${j}`) : null, cx.endTime));
  feeds.push(...made);
  return made;
}

/** Builds the sources of every service and schedules their first arrivals; each arrival goes to `sink.arrive`. */
export function setupTraffic(cx: SimContext, sink: ArrivalSink, prep?: PreparedTraffic): TrafficSetup {
  const { scenario, endTime } = cx;
  const sources: ServiceSource[] = [];
  const feeds: TraceFeed[] = [];
  scenario.services.forEach((svc, s) =>
    svc.traffic.forEach((src, i) => {
      const name = `traffic/${svc.name}/${i}` as const;
      const entry = () => prepared(prep, s, i);
      const fill: AttrsFiller | undefined = src.tokens ? tokenFiller(tokenSpec(src.tokens, entry), cx.stream(`${name}/tokens`)) : undefined;
      const add = (source: ArrivalSource, fromTrace = false) => void sources.push({ source: fill && fromTrace ? withAttrs(source, fill) : source, service: s, deferred: fromTrace });
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
      for (const feed of replayFeeds(cx, src.trace!, name, entry(), feeds)) add(feedSource(feed), true);
    }),
  );
  const arrivals = createArrivals(cx.engine, sources, sink);
  return { feeds, begin: () => arrivals.begin() };
}
