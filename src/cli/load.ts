import { checkFlags, formatIssue, parseScenario } from "../scenario/index.js";
import type { FlagValues, Scenario } from "../scenario/index.js";
import { readTextFile, UserError } from "./io.js";
import { placementErrors } from "./placement.js";

export interface Overrides {
  readonly seed?: string | number;
  readonly duration?: string | number;
}

/** Command-line flags checked by the scenario's own rules; a bad one is a UserError naming the flag. */
export function checkedFlags(flags: FlagValues): { seed?: string | number; duration?: number; explain?: string } {
  const r = checkFlags(flags);
  if (!r.ok) throw new UserError(r.issues.join("\n"));
  const { ok: _ok, ...values } = r;
  return values;
}

/** Reads and validates a scenario file; every issue becomes one `file:line:col path: message` line of a UserError. */
export async function loadScenarioFile(path: string, overrides: Overrides = {}): Promise<Scenario> {
  const text = await readTextFile(path);
  const outcome = parseScenario(text, { file: path, overrides });
  if (!outcome.ok) throw new UserError(outcome.issues.map(formatIssue).join("\n"));
  const misplaced = placementErrors(text, path, outcome.scenario);
  if (misplaced.length > 0) throw new UserError(misplaced.join("\n"));
  return outcome.scenario;
}
