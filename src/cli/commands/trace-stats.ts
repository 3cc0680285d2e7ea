/** `servesim trace stats <file>`: streams a trace once and prints the statistics of reference/traces/README.md. */
import { parse as parseYaml } from "yaml";
import { formatPath, traceMapSchema } from "../../scenario/index.js";
import { traceMapping } from "../../sim/index.js";
import { createStatsAccumulator, createTraceReader, openTrace, pumpTrace, TRACE_FORMATS, TraceError } from "../../traffic/index.js";
import type { TraceFormat, TraceMapping, TraceStats } from "../../traffic/index.js";
import { fileTraceIo } from "../../../workers/file-traces.js";
import type { CliIo } from "../io.js";
import { Exit, UserError } from "../io.js";

export interface TraceStatsOptions {
  readonly format?: string;
  readonly map?: string;
  readonly onBadLine: "error" | "skip";
  readonly sortWindow?: string;
  readonly json?: boolean;
}

const thousands = (x: number): string => x.toLocaleString("en-US", { maximumFractionDigits: 0 });
/** Three significant digits below 100, whole numbers above: the precision the traces README prints. */
const sig3 = (x: number): string => (Math.abs(x) >= 100 ? thousands(Math.round(x)) : String(Number(x.toPrecision(3))));
const rps = (x: number | null): string => (x === null ? "-" : x.toFixed(2));

/** The first line of a file, to tell its format (one chunk is read, through the same checks as the trace itself). */
async function firstLine(path: string): Promise<string> {
  const stream = openTrace(fileTraceIo("."), path);
  try {
    const chunk = (await stream.next()) ?? "";
    return chunk.replace(/^\uFEFF/, "").split("\n").find((l) => l.trim() !== "") ?? "";
  } catch (e) {
    if (e instanceof TraceError) throw new UserError(e.message);
    throw e;
  } finally {
    await stream.close();
  }
}

async function guessFormat(path: string): Promise<TraceFormat> {
  const line = await firstLine(path);
  if (line.trimStart().startsWith("{") && line.includes('"input_length"')) return "mooncake";
  if (/\bTIMESTAMP\b/.test(line) && line.includes("ContextTokens")) return "azure";
  if (line.includes("arrived_at")) return "vidur";
  throw new UserError(`${path}: cannot tell the trace format from its first line: give --format ${TRACE_FORMATS.join("|")}`);
}

function parseMap(text: string): TraceMapping {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (e) {
    throw new UserError(`--map: invalid YAML or JSON (${e instanceof Error ? e.message.split("\n")[0] : String(e)})`);
  }
  const r = traceMapSchema.safeParse(data);
  if (!r.success) throw new UserError(r.error.issues.map((i) => `--map ${formatPath(i.path.filter((p) => typeof p !== "symbol"))}: ${i.message}`).join("\n"));
  return traceMapping("generic", r.data);
}

/** The statistics as lines labelled like the columns of the traces README. */
export function formatTraceStats(file: string, format: TraceFormat, s: TraceStats, badLines: { count: number; lines: readonly number[] }): string {
  const tokens = (t: TraceStats["input"]) => (t === null ? "-" : `${sig3(t.mean)} / ${sig3(t.p50)} / ${sig3(t.p99)} / ${sig3(t.max)}`);
  const rows: [string, string][] = [
    ["file", `${file} (${format})`],
    ["rows", thousands(s.rows)],
    // Minutes from the whole seconds shown beside them, so that the two figures agree (as the README prints them).
    ["time span", `${(Math.round(s.span) / 60).toFixed(1)} min (${thousands(Math.round(s.span))} s)`],
    ["mean RPS", rps(s.meanRps)],
    ["peak RPS (1-min)", rps(s.peakRps)],
    ["min RPS (1-min)", rps(s.minRps)],
    ["input tokens mean / p50 / p99 / max", tokens(s.input)],
    ["output tokens mean / p50 / p99 / max", tokens(s.output)],
  ];
  if (s.repeatedBlockShare !== null) rows.push(["repeated-block share", `${(s.repeatedBlockShare * 100).toFixed(1)} %`]);
  if (badLines.count > 0) rows.push(["bad lines skipped", `${badLines.count} (line ${badLines.lines.join(", ")}${badLines.count > badLines.lines.length ? ", …" : ""})`]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n") + "\n";
}

export async function traceStatsCommand(file: string, opts: TraceStatsOptions, io: CliIo): Promise<number> {
  if (opts.format !== undefined && !(TRACE_FORMATS as readonly string[]).includes(opts.format)) throw new UserError(`--format: expected ${TRACE_FORMATS.join(" | ")}, got "${opts.format}"`);
  const format = (opts.format as TraceFormat | undefined) ?? (opts.map !== undefined ? "generic" : await guessFormat(file));
  if (format === "generic" && opts.map === undefined) throw new UserError("--format generic needs --map (a column mapping in YAML or JSON)");
  if (format !== "generic" && opts.map !== undefined) throw new UserError(`--map applies to --format generic only, not ${format}`);
  const mapping = format === "generic" ? parseMap(opts.map!) : traceMapping(format, undefined);
  const sortWindow = opts.sortWindow === undefined ? 0 : Number(opts.sortWindow);
  if (!Number.isInteger(sortWindow) || sortWindow < 0 || sortWindow > 1_000_000) throw new UserError(`--sort-window: expected an integer in [0, 1000000], got "${opts.sortWindow}"`);
  const acc = createStatsAccumulator({ input: mapping.inputTokens !== undefined, output: mapping.outputTokens !== undefined, hashIds: mapping.hashIds !== undefined });
  const reader = createTraceReader({ file, mapping, onBadLine: opts.onBadLine, sortWindow }, (row) => {
    acc.add(row);
    return true;
  });
  try {
    await pumpTrace(fileTraceIo("."), file, (c) => reader.push(c), () => reader.end());
  } catch (e) {
    if (e instanceof TraceError) throw new UserError(e.message);
    throw e;
  }
  const stats = acc.result();
  if (opts.json) io.stdout(`${JSON.stringify({ file, format, ...stats, badLines: reader.badLines })}\n`);
  else io.stdout(formatTraceStats(file, format, stats, reader.badLines));
  return Exit.Ok;
}
