import { writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { dirname } from "node:path";
import { resultsToJson, runScenarioAsync, TraceError } from "../../sim/index.js";
import { fileTraceIo } from "../../../workers/file-traces.js";
import type { CliIo } from "../io.js";
import { Exit, UserError } from "../io.js";
import { checkedFlags, loadScenarioFile } from "../load.js";
import { createProgressBar } from "../progress.js";
import { formatExplanations } from "../explain-table.js";
import { formatAutoscaling } from "../autoscaling-table.js";
import { formatResults } from "../table.js";
import { openRequestCsv, parseRequestsLimit } from "../request-csv.js";
import type { ExpositionFormat } from "../../metrics/exposition/index.js";
import { DEFAULT_METRICS_START, parseMetricsStart } from "../metrics-start.js";

export interface RunCommandOptions {
  readonly seed?: string;
  readonly duration?: string;
  readonly out?: string;
  readonly format: "json" | "table";
  /** true: print the explained decisions; a string also explains every decision about pods matching it. */
  readonly explain?: boolean | string;
  /** Write the simulated monitoring series (OpenMetrics with timestamps) to this file. */
  readonly metrics?: string;
  readonly metricsFormat?: ExpositionFormat;
  /** When simulated time 0 is, in the series: ISO 8601 or Unix seconds. */
  readonly metricsStart?: string;
  /** Write one CSV row per request to this file (at most requestsLimit rows). */
  readonly requests?: string;
  readonly requestsLimit?: string;
}

/**
 * `servesim run <scenario>`: simulates, prints a table or JSON, optionally writes the results file.
 * Exit 0 when every SLO holds, 3 when the run finished but an SLO failed, 1 for bad input or a halted run.
 */
export async function runCommand(file: string, opts: RunCommandOptions, io: CliIo): Promise<number> {
  const flags = checkedFlags({ seed: opts.seed, duration: opts.duration, explain: typeof opts.explain === "string" ? opts.explain : undefined });
  const scenario = await loadScenarioFile(file, {
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    ...(flags.duration !== undefined ? { duration: flags.duration } : {}),
  });
  const epoch = parseMetricsStart(opts.metricsStart ?? DEFAULT_METRICS_START);
  // The export (and the manifests it names its targets after) loads only for --metrics.
  const exporter = opts.metrics !== undefined ? await import("../monitoring.js") : undefined;
  const monitoring = exporter ? (await import("../../metrics/exposition/index.js")).createMonitoringRecorder() : undefined;
  const requestsLimit = parseRequestsLimit(opts.requestsLimit);
  const csv = opts.requests !== undefined ? openRequestCsv(opts.requests, requestsLimit) : undefined;
  const bar = createProgressBar(io.isTTY);
  let results;
  try {
    // Trace files are named relative to the scenario file.
    results = await runScenarioAsync(scenario, {
      io: fileTraceIo(dirname(file)),
      onProgress: (p) => bar.update(p),
      ...(flags.explain !== undefined ? { explainPods: flags.explain } : {}),
      ...(monitoring ? { monitoring } : {}),
      ...(csv ? { onRequest: csv.sink } : {}),
    });
  } catch (e) {
    if (e instanceof TraceError) throw new UserError(e.message);
    throw e;
  } finally {
    bar.stop();
    const rows = csv?.close();
    if (rows) io.stderr(`${opts.requests}: ${rows.written} requests${rows.dropped > 0 ? `; ${rows.dropped} more not written (--requests-limit ${requestsLimit})` : ""}; requests still in flight at the end are not listed\n`);
  }
  // The results file holds exactly the JSON whose digest is printed (`sha256sum <out>` gives the same).
  const json = resultsToJson(results);
  if (opts.out !== undefined) {
    try {
      await writeFile(opts.out, json);
    } catch (e) {
      throw new UserError(`${opts.out}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
  }
  if (exporter && monitoring) {
    const format = opts.metricsFormat ?? "openmetrics";
    await exporter.writeMetrics(opts.metrics!, scenario, monitoring, format, epoch, (m) => io.stderr(`warning: ${m}\n`));
    io.stderr(`${exporter.metricsNote(opts.metrics!, format, results.series.step, epoch)}\n`);
  }
  if (opts.format === "json") io.stdout(`${json}\n`);
  else {
    const explain = opts.explain === undefined ? "" : `${formatExplanations(results)}\n`;
    io.stdout(`${formatResults(results)}${formatAutoscaling(results)}${explain}digest sha256:${createHash("sha256").update(json).digest("hex")}\n`);
  }
  if (results.status === "halted") {
    io.stderr(`error: ${results.haltReason}\n`);
    return Exit.BadInput;
  }
  if (!results.slo.pass) {
    const failed = results.slo.verdicts.filter((v) => v.status !== "pass").map((v) => `${v.service} ${v.objective} (${v.status})`);
    io.stderr(`SLOs not met: ${failed.join(", ")}\n`);
    return Exit.SloFailed;
  }
  return Exit.Ok;
}
