import { LineCounter, parseDocument } from "yaml";
import { formatIssue } from "../scenario/index.js";
import type { Scenario } from "../scenario/index.js";
import { checkPlacements } from "../sim/index.js";

/**
 * The placement errors of a parsed scenario (a model that fits no GPU pool its pods can land on, a
 * data type no such GPU supports), each as a `file:line:col path: message` line at the model's
 * field; warnings are left to the run's results.
 */
export function placementErrors(text: string, file: string, scenario: Scenario): string[] {
  const errors = checkPlacements(scenario).filter((p) => p.severity === "error");
  if (errors.length === 0) return [];
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return errors.map((p) => {
    const node = doc.getIn(p.path, true) as { range?: [number, number, number] } | undefined;
    const pos = lineCounter.linePos(node?.range?.[0] ?? 0);
    return formatIssue({ file, line: pos.line, column: pos.col, path: [...p.path], message: p.message });
  });
}
