import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { fileTraceIo } from "../../workers/file-traces.js";
import { formatIssue, parseScenario } from "../scenario/index.js";
import { runScenarioAsync } from "./run-async.js";

const scenarios = fileURLToPath(new URL("../../scenarios/", import.meta.url));
const load = (name: string, edit: (t: string) => string = (t) => t) => {
  const r = parseScenario(edit(readFileSync(scenarios + name, "utf8")), { file: name });
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
  return r.scenario;
};

test("x", async () => {
  const s = load("azure-conv-trace.yaml", (t) => t.replace("format: azure }", "format: azure, rateScale: 3 }"));
  const r = await runScenarioAsync(s, { io: fileTraceIo(scenarios) });
  console.log(JSON.stringify(r.services[0]!.total), r.warnings, r.events);
});
