/**
 * Start-up, whole process: `servesim --version`, `servesim validate` and `servesim run` of a small
 * scenario (bench/scenarios/startup-small.yaml; validate loads and checks it without simulating,
 * which separates start-up from the run), interleaved with a bare `node -e 0` so that Node's own
 * start-up on the loaded machine is measured beside them, and with runs of the limit script for
 * the ratio every benchmark reports. Figures are medians over runs, of wall time and of the
 * processes' CPU time (steadier on a shared machine); ratios are to the limit's own run.
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { limitSummary, median, REPO, round, runLimit, timeNode } from "./limit.js";
import type { LimitRun } from "./limit.js";

type Timing = ReturnType<typeof timeNode>;

export const STARTUP_SCENARIO = join("bench", "scenarios", "startup-small.yaml");

export async function startupBench(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({ args: [...argv], options: { runs: { type: "string", default: "11" }, "limit-runs": { type: "string", default: "3" } } });
  const runs = Number(values.runs);
  const bin = join(REPO, "bin", "servesim.js");
  const bare: Timing[] = [];
  const version: Timing[] = [];
  const validate: Timing[] = [];
  const run: Timing[] = [];
  const limits: LimitRun[] = [];
  for (let i = 0; i < runs; i++) {
    if (i < Number(values["limit-runs"])) limits.push(runLimit());
    bare.push(timeNode(["-e", "0"]));
    version.push(timeNode([bin, "--version"]));
    validate.push(timeNode([bin, "validate", STARTUP_SCENARIO]));
    run.push(timeNode([bin, "run", STARTUP_SCENARIO]));
  }
  const limit = limitSummary(limits);
  const wall = (xs: readonly Timing[]) => median(xs.map((x) => x.seconds));
  const cpu = (xs: readonly Timing[]) => median(xs.map((x) => x.cpuSeconds));
  const figures = (xs: readonly Timing[]) => ({
    seconds: round(wall(xs)),
    aboveNodeSeconds: round(wall(xs) - wall(bare)),
    ratio: round(wall(xs) / limit.wallSeconds),
    cpuSeconds: round(cpu(xs)),
    cpuAboveNodeSeconds: round(cpu(xs) - cpu(bare)),
    cpuRatio: round(cpu(xs) / limit.cpuSeconds),
  });
  process.stdout.write(
    `${JSON.stringify({
      bench: "startup",
      runs,
      nodeSeconds: round(wall(bare)),
      nodeCpuSeconds: round(cpu(bare)),
      version: figures(version),
      validate: figures(validate),
      run: { scenario: STARTUP_SCENARIO, ...figures(run) },
      limit,
    })}\n`,
  );
}
