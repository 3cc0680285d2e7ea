/** The reference runs: a scenario parsed and run in this Node process, traces read from the files on disk. */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { parseScenario } from "../../../src/scenario/index.js";
import { resultsToJson, runScenarioAsync } from "../../../src/sim/index.js";
import { fileTraceIo } from "../../../workers/file-traces.js";
import { root } from "./page.js";

export const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/** SHA-256 of the canonical results JSON of `text`, its traces resolved as the app resolves them (against scenarios/). */
export async function nodeDigest(text: string): Promise<string> {
  const parsed = parseScenario(text, { file: "<editor>" });
  if (!parsed.ok) throw new Error(`the scenario does not parse: ${parsed.issues.map((i) => i.message).join("; ")}`);
  return sha256(resultsToJson(await runScenarioAsync(parsed.scenario, { io: fileTraceIo(join(root, "scenarios")) })));
}
