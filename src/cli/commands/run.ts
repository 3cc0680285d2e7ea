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
import { createMonitoringRecorder } from "../../metrics/exposition/index.js";
import type { ExpositionFormat } from "../../metrics/exposition/index.js";
import { DEFAULT_METRICS_START, metricsNote, parseMetricsStart, writeMetrics } from "../monitoring.js";

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
  const monitoring = opts.metrics !== undefined ? createMonitoringRecorder() : undefined;
  const bar = createProgressBar(io.isTTY);
  let results;
  try {
    // Trace files are named relative to the scenario file.
    results = await runScenarioAsync(scenario, {
      io: fileTraceIo(dirname(file)),
      onProgress: (p) => bar.update(p),
      ...(flags.explain !== undefined ? { explainPods: flags.explain } : {}),
      ...(monitoring ? { monitoring } : {}),
    });
  } catch (e) {
    if (e instanceof TraceError) throw new UserError(e.message);
    throw e;
  } finally {
    bar.stop();
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
  if (monitoring) {
    const format = opts.metricsFormat ?? "openmetrics";
    await writeMetrics(opts.metrics!, scenario, monitoring, format, epoch, (m) => io.stderr(`warning: ${m}\n`));
    io.stderr(`${metricsNote(opts.metrics!, format, results.series.step, epoch)}\n`);
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
