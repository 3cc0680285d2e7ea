/**
 * A candidate's scenario as YAML text: the base scenario file with the candidate's values and
 * linked fields written in place, comments and layout kept — what `servesim plan --export`
 * gives the manifests module, and what a user can run with `servesim run`.
 */
import { parseDocument } from "yaml";
import { readAt, resolve } from "./address.js";
import type { LoadedPlan } from "./load.js";
import { applyValues, coordsOf, isWriteError } from "./space.js";

export function candidateScenarioText(plan: LoadedPlan, candidate: number, scenario: number): string {
  const s = plan.scenarios[scenario]!;
  const coords = coordsOf(plan.axes, candidate);
  const data = applyValues(s.raw, plan.axes.map((a, i) => ({ steps: a.steps, value: a.values[coords[i]!]! })), plan.links);
  if (isWriteError(data)) throw new Error(`candidate ${candidate}: ${data.error}`);
  const doc = parseDocument(s.text);
  for (const steps of [...plan.axes.map((a) => a.steps), ...plan.links.flatMap((l) => l.set)]) {
    const at = resolve(data, steps, false);
    if (at.ok) doc.setIn(at.path, readAt(data, steps));
  }
  const comment = `candidate of plan ${plan.spec.metadata.name}: ${plan.axes.map((a, i) => `${a.address}=${String(a.values[coords[i]!])}`).join(", ")}`;
  doc.commentBefore = doc.commentBefore ? `${doc.commentBefore}\n ${comment}` : ` ${comment}`;
  return doc.toString();
}
