/** `servesim plan --export`: the winner's scenario (its first one) simulated, then written as manifests through the manifests module's four validation layers. */
import { figuresOf, formatManifestIssue, toObjects, toYaml, validateObject, yamlRoundTripIssues } from "../manifests/index.js";
import { candidateScenarioText } from "../planner/index.js";
import { formatIssue, parseScenario } from "../scenario/index.js";
import { runScenarioAsync, TraceError } from "../sim/index.js";
import { fileTraceIo } from "../../workers/file-traces.js";

import type { CliIo } from "./io.js";
import { UserError } from "./io.js";
import { writeManifests } from "./manifest-output.js";
import type { PlanOnDisk } from "./plan-io.js";

export async function exportWinner(disk: PlanOnDisk, winner: number, out: string, io: CliIo): Promise<void> {
  const text = candidateScenarioText(disk.plan, winner, 0);
  const parsed = parseScenario(text, { file: disk.plan.scenarios[0]!.file });
  if (!parsed.ok) throw new Error(`the winner's scenario does not parse: ${parsed.issues.map(formatIssue).join("; ")}`);
  let figures;
  try {
    figures = figuresOf(await runScenarioAsync(parsed.scenario, { io: fileTraceIo(disk.traceBases[0]!) }));
  } catch (e) {
    if (e instanceof TraceError) throw new UserError(e.message);
    throw e;
  }
  const { objects, warnings } = toObjects(parsed.scenario, figures, { source: text });
  const issues = [...objects.flatMap((o) => validateObject(o.object).issues), ...yamlRoundTripIssues(toYaml(objects), objects.map((o) => o.object))];
  if (issues.length > 0) throw new Error(`the winner's manifests do not validate:\n${issues.map(formatManifestIssue).join("\n")}`);
  const where = await writeManifests(objects, {}, out, io);
  for (const w of warnings) io.stderr(`warning: ${w}\n`);
  io.stderr(`the winner's ${objects.length} objects validated and written to ${where}\n`);
}
