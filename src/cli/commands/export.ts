import { dirname } from "node:path";
import { dashboardConfigMap, dockerContextOf, figuresOf, formatManifestIssue, lintManifests, toObjects, toYaml, yamlRoundTripIssues } from "../../manifests/index.js";
import type { ExportedObject } from "../../manifests/index.js";
import { grafanaDashboard } from "../../metrics/exposition/index.js";
import { formatIssue, parseScenario } from "../../scenario/index.js";
import type { Scenario } from "../../scenario/index.js";
import { runScenarioAsync, TraceError } from "../../sim/index.js";
import type { Results } from "../../sim/index.js";
import { fileTraceIo } from "../../../workers/file-traces.js";
import type { CliIo } from "../io.js";
import { Exit, readTextFile, UserError } from "../io.js";
import { outputKind, writeManifests } from "../manifest-output.js";
import { dashboardSpec, DEFAULT_METRICS_START, parseMetricsStart } from "../monitoring.js";
import { createProgressBar } from "../progress.js";

export interface ExportCommandOptions {
  readonly out?: string;
  readonly keda?: boolean;
  readonly karpenter?: boolean;
  readonly dockerfile?: boolean;
  readonly grafana?: boolean;
  readonly metricsStart?: string;
}

/** Simulates the scenario for the figures that justify the manifests (cold starts, drain times). */
async function simulate(sc: Scenario, file: string, io: CliIo): Promise<Results> {
  const bar = createProgressBar(io.isTTY);
  try {
    return await runScenarioAsync(sc, { io: fileTraceIo(dirname(file)), onProgress: (p) => bar.update(p) });
  } catch (e) {
    if (e instanceof TraceError) throw new UserError(e.message);
    throw e;
  } finally {
    bar.stop();
  }
}

/** `servesim export <scenario>`: simulates, builds the objects, validates them in every layer, writes them. */
export async function exportCommand(file: string, opts: ExportCommandOptions, io: CliIo): Promise<number> {
  const text = await readTextFile(file);
  const parsed = parseScenario(text, { file });
  if (!parsed.ok) throw new UserError(parsed.issues.map(formatIssue).join("\n"));
  const sc = parsed.scenario;
  const epoch = parseMetricsStart(opts.metricsStart ?? DEFAULT_METRICS_START);
  const results = await simulate(sc, file, io);
  const exported = toObjects(sc, figuresOf(results), { keda: opts.keda === true, karpenter: opts.karpenter === true, source: text });
  const { warnings } = exported;
  const dashboard = opts.grafana ? `${JSON.stringify(grafanaDashboard(dashboardSpec(sc, epoch, results.series.step, { keda: opts.keda === true })), null, 2)}\n` : null;
  const objects: ExportedObject[] = dashboard === null ? [...exported.objects] : [...exported.objects, dashboardConfigMap(sc.metadata.name, `${sc.metadata.name}.json`, dashboard)];
  // The written YAML goes through lint itself (every layer, duplicates included), then must read back as the objects.
  const yaml = toYaml(objects);
  const issues = [...lintManifests(yaml, "<export>").issues, ...yamlRoundTripIssues(yaml, objects.map((o) => o.object))];
  if (issues.length > 0) {
    // The export built objects the validators reject: a servesim bug, not bad input.
    io.stderr(`${issues.map(formatManifestIssue).join("\n")}\n`);
    return Exit.Internal;
  }
  const files = outputKind(opts.out) === "dir" || outputKind(opts.out) === "zip";
  const extra = {
    ...(opts.dockerfile ? Object.fromEntries(sc.services.flatMap((s) => Object.entries(dockerContextOf(s)).map(([name, t]) => [`docker/${s.name}/${name}`, t]))) : {}),
    ...(dashboard !== null && files ? { [`grafana/${sc.metadata.name}.json`]: dashboard } : {}),
  };
  const where = await writeManifests(objects, extra, opts.out, io);
  for (const w of warnings) io.stderr(`warning: ${w}\n`);
  if (where !== "stdout") io.stderr(`${objects.length} objects validated and written to ${where}\n`);
  return Exit.Ok;
}
