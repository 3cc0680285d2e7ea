/**
 * What the traffic of a scenario needs from files before it can run: a scan of every replayed
 * trace (validation, row count, loop period), token tables for empirical lengths, rate profiles
 * from CSV. Async only through the injected TraceIo; everything it returns is plain data.
 */
import { checkExpectedWork, formatPath, Limits } from "../scenario/index.js";
import type { PathSegment, Scenario, SourceWork, TrafficSource } from "../scenario/index.js";
import { formatDuration, formatRate } from "../units/index.js";
import { checkLoop, loadTokenTable, parseRateCsv, pumpTrace, replayArrivals, scanTrace, TraceError } from "../traffic/index.js";
import type { RateProfile, TokenTable, TraceIo, TraceScan } from "../traffic/index.js";
import { readerOptions, replaySpec } from "./trace-specs.js";

export interface PreparedEntry {
  readonly scan?: TraceScan;
  readonly input?: Int32Array;
  readonly output?: Int32Array;
  readonly joint?: TokenTable;
  readonly profile?: RateProfile;
}

/** Prepared data of traffic entries, keyed by `${serviceIndex}/${entryIndex}`. */
export type PreparedTraffic = ReadonlyMap<string, PreparedEntry>;

export const entryKey = (service: number, entry: number): string => `${service}/${entry}`;

/** Largest rate CSV read (it is held in memory). */
const RATE_CSV_BYTES = 16 * 1024 * 1024;

/** Whether an entry reads files (then the scenario runs with runScenarioAsync). */
export function readsFiles(src: TrafficSource): boolean {
  const t = src.tokens;
  return (
    src.trace !== undefined ||
    src.piecewise?.file !== undefined ||
    t?.joint !== undefined ||
    t?.input?.distribution === "empirical" ||
    t?.output?.distribution === "empirical"
  );
}

export const scenarioReadsFiles = (s: Scenario): boolean => s.services.some((svc) => svc.traffic.some(readsFiles));

async function readSmallText(io: TraceIo, file: string): Promise<string> {
  let text = "";
  await pumpTrace(
    io,
    file,
    (chunk) => {
      text += chunk;
      if (text.length > RATE_CSV_BYTES) throw new TraceError(file, 0, `expected a rate file of at most ${RATE_CSV_BYTES} bytes`);
      return true;
    },
    () => undefined,
  );
  return text;
}

/** Most passes a looped replay may make over the run: each re-reads the file. */
const MAX_PASSES = 100_000;

async function prepareEntry(src: TrafficSource, io: TraceIo, duration: number, keepRows: number | undefined): Promise<PreparedEntry> {
  const out: { -readonly [K in keyof PreparedEntry]: PreparedEntry[K] } = {};
  if (src.trace) {
    const spec = replaySpec(src.trace);
    const scan = await scanTrace(io, spec, keepRows);
    checkLoop(spec, scan);
    const passes = (duration * spec.speedup) / scan.period;
    if (spec.loop && scan.rows > 0 && passes > MAX_PASSES) {
      throw new TraceError(spec.reader.file, 0, `expected at most ${MAX_PASSES} passes of a looped replay, got ${Math.ceil(passes)} (its period is ${scan.period}s of trace time): give it a longer window`);
    }
    out.scan = scan;
  }
  if (src.piecewise?.file !== undefined) {
    out.profile = parseRateCsv(await readSmallText(io, src.piecewise.file), src.piecewise.file, src.piecewise.interpolation, Limits.ratePoints);
  }
  const t = src.tokens;
  if (t?.joint) out.joint = await loadTokenTable(io, readerOptions(t.joint), Limits.empiricalRows);
  if (t?.input?.distribution === "empirical") out.input = (await loadTokenTable(io, readerOptions(t.input.trace), Limits.empiricalRows)).input;
  if (t?.output?.distribution === "empirical") out.output = (await loadTokenTable(io, readerOptions(t.output.trace), Limits.empiricalRows)).output;
  return out;
}

/** The arrivals a source whose rate is in a file makes over the run (a replay's rows, a rate profile's peak), once the file is read. */
function fileWork(src: TrafficSource, entry: PreparedEntry, duration: number): { readonly file: string; readonly work: SourceWork } | undefined {
  if (src.trace && entry.scan) {
    const spec = replaySpec(src.trace);
    const arrivals = replayArrivals(spec, entry.scan, duration);
    const passes = entry.scan.rows > 0 ? arrivals / (entry.scan.rows * spec.rateScale) : 0;
    const why = `${entry.scan.rows} rows × rateScale ${spec.rateScale}${spec.loop ? ` × ${Number(passes.toPrecision(3))} passes (loop, speedup ${spec.speedup})` : ""}`;
    return { file: src.trace.file, work: { arrivals, field: ["trace", "rateScale"], why, hint: `lower rateScale${spec.loop ? " or speedup, replay a shorter window without loop" : ""} or shorten the run` } };
  }
  const p = src.piecewise;
  if (p?.file !== undefined && entry.profile) {
    const rate = entry.profile.rates.reduce((m, r) => Math.max(m, r), 0);
    const span = Math.max(0, Math.min(p.end ?? duration, duration) - p.start);
    const expected = rate * span;
    const arrivals = p.maxArrivals === undefined ? expected : Math.min(expected, p.maxArrivals);
    return { file: p.file, work: { arrivals, field: ["piecewise", "file"], why: arrivals < expected ? `maxArrivals ${p.maxArrivals}` : `${formatRate(rate)} at its peak × ${formatDuration(span)}`, hint: "lower the file's rates or the duration, or set maxArrivals" } };
  }
  return undefined;
}

/**
 * `keepRows`: most rows of a replayed trace kept in memory (0: stream every pass; absent: the
 * default bound). Once the files are read, the run's expected work (Limits.expectedArrivals,
 * summed with the generators') is checked: a trace or rate file that asks for more is refused
 * with a TraceError naming the file and the field, before anything runs.
 */
export async function prepareTraffic(scenario: Scenario, io: TraceIo, keepRows?: number): Promise<PreparedTraffic> {
  const prepared = new Map<string, PreparedEntry>();
  const extra: { readonly path: readonly PathSegment[]; readonly file: string; readonly work: SourceWork }[] = [];
  for (const [s, svc] of scenario.services.entries()) {
    for (const [i, src] of svc.traffic.entries()) {
      if (!readsFiles(src)) continue;
      const entry = await prepareEntry(src, io, scenario.duration, keepRows);
      prepared.set(entryKey(s, i), entry);
      const w = fileWork(src, entry, scenario.duration);
      if (w) extra.push({ path: ["services", s, "traffic", i], ...w });
    }
  }
  const issue = checkExpectedWork(scenario.services, scenario.duration, extra);
  if (issue) {
    const worst = extra.find((x) => x.path.every((seg, k) => issue.path[k] === seg));
    throw new TraceError(worst?.file ?? extra[0]?.file ?? "traffic", 0, `${formatPath(issue.path)}: ${issue.message}`);
  }
  return prepared;
}
