/**
 * What the traffic of a scenario needs from files before it can run: a scan of every replayed
 * trace (validation, row count, loop period), token tables for empirical lengths, rate profiles
 * from CSV. Async only through the injected TraceIo; everything it returns is plain data.
 */
import { Limits } from "../scenario/index.js";
import type { Scenario, TrafficSource } from "../scenario/index.js";
import { loadTokenTable, parseRateCsv, pumpTrace, scanTrace, TraceError } from "../traffic/index.js";
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
    if (spec.loop && scan.rows > 0 && !(scan.period > 0)) throw new TraceError(spec.reader.file, 0, "cannot loop a replay whose rows all have one time: give it a window");
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

/** `keepRows`: most rows of a replayed trace kept in memory (0: stream every pass; absent: the default bound). */
export async function prepareTraffic(scenario: Scenario, io: TraceIo, keepRows?: number): Promise<PreparedTraffic> {
  const prepared = new Map<string, PreparedEntry>();
  for (const [s, svc] of scenario.services.entries()) {
    for (const [i, src] of svc.traffic.entries()) if (readsFiles(src)) prepared.set(entryKey(s, i), await prepareEntry(src, io, scenario.duration, keepRows));
  }
  return prepared;
}
