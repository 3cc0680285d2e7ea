/**
 * Start-up, whole process: `servesim --version` and `servesim run` of a small scenario
 * (bench/scenarios/startup-small.yaml), interleaved with a bare `node -e 0` so that Node's own
 * start-up on the loaded machine is measured beside them, and with runs of the limit script for
 * the ratio every benchmark reports. Figures are medians over runs.
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { limitSummary, median, REPO, round, runLimit, timeNode } from "./limit.js";
import type { LimitRun } from "./limit.js";

export const STARTUP_SCENARIO = join("bench", "scenarios", "startup-small.yaml");

export async function startupBench(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({ args: [...argv], options: { runs: { type: "string", default: "11" }, "limit-runs": { type: "string", default: "3" } } });
  const runs = Number(values.runs);
  const bin = join(REPO, "bin", "servesim.js");
  const bare: number[] = [];
  const version: number[] = [];
  const run: number[] = [];
  const limits: LimitRun[] = [];
  for (let i = 0; i < runs; i++) {
    if (i < Number(values["limit-runs"])) limits.push(runLimit());
    bare.push(timeNode(["-e", "0"]).seconds);
    version.push(timeNode([bin, "--version"]).seconds);
    run.push(timeNode([bin, "run", STARTUP_SCENARIO]).seconds);
  }
  const node = median(bare);
  const limit = limitSummary(limits);
  const figures = (xs: readonly number[]) => ({
    seconds: round(median(xs)),
    aboveNodeSeconds: round(median(xs) - node),
    ratio: round(median(xs) / limit.wallSeconds),
  });
  process.stdout.write(
    `${JSON.stringify({
      bench: "startup",
      runs,
      nodeSeconds: round(node),
      version: figures(version),
      run: { scenario: STARTUP_SCENARIO, ...figures(run) },
      limit,
    })}\n`,
  );
}
