/** The `servesim` command: argument parsing and exit codes. Commands hold no simulation logic. */
import { readFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import type { CalibrateCommandOptions } from "./commands/calibrate.js";
import type { RunCommandOptions } from "./commands/run.js";
import type { TraceStatsOptions } from "./commands/trace-stats.js";
import type { ExportCommandOptions } from "./commands/export.js";
import type { ImportCommandOptions } from "./commands/import.js";
import type { PlanCommandOptions } from "./commands/plan.js";
import type { PlanJobOptions } from "./commands/plan-job.js";
import type { PlanMergeOptions } from "./commands/plan-merge.js";
import { Exit, processIo, UserError } from "./io.js";
import { DEFAULT_METRICS_START } from "./metrics-start.js";
import type { CliIo } from "./io.js";

/** The package version, read from the package.json above this file (in src/ or in dist/). */
function packageVersion(): string {
  for (const up of ["../../package.json", "../../../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "servesim" && pkg.version) return pkg.version;
    } catch {
      // not at this depth; try the next
    }
  }
  return "unknown";
}

/**
 * The commands. Each action imports its command's module when it runs, so that a command loads
 * only what it uses (`--version` and `--help` load none of them).
 */
export function program(io: CliIo, setCode: (code: number) => void): Command {
  const p = new Command("servesim")
    .description("Simulate AI model serving on Kubernetes GPU clusters and plan its capacity.")
    .version(packageVersion())
    .exitOverride()
    // `plan` and its subcommands share option names (--out): each takes the options after its own name.
    .enablePositionalOptions()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError("(run servesim --help for usage)");
  p.command("run")
    .description("simulate a scenario and report latency, utilisation, cost and SLO verdicts")
    .argument("<scenario>", "scenario file (YAML or JSON)")
    .option("--seed <seed>", "override the scenario's seed")
    .option("--duration <duration>", "override the scenario's duration (e.g. 30m)")
    .option("--out <file>", "write the full results as JSON")
    .addOption(new Option("--format <format>", "what to print").choices(["table", "json"]).default("table"))
    .option("--explain [pattern]", "explain scheduling decisions: print them in the table, and keep every decision about pods matching the glob pattern (e.g. 'chat-*')")
    .option("--metrics <file>", "write the simulated series as exporters name them (vLLM, Triton, kube-state-metrics, DCGM, OpenCost), with timestamps")
    .addOption(new Option("--metrics-format <format>", "openmetrics (for promtool tsdb create-blocks-from openmetrics) or prometheus (text 0.0.4, for promtool check metrics)").choices(["openmetrics", "prometheus"]).default("openmetrics"))
    .option("--metrics-start <time>", "the instant of simulated time 0 in the series (ISO 8601 or Unix seconds)", DEFAULT_METRICS_START)
    .option("--requests <file>", "write one CSV row per request at its outcome: arrival, service, pod, class, tokens, queueing delay, TTFT, TPOT, end-to-end, outcome")
    .option("--requests-limit <n>", "most rows --requests writes (default 1000000)")
    .action(async (file: string, opts: RunCommandOptions) => setCode(await (await import("./commands/run.js")).runCommand(file, opts, io)));
  p.command("golden")
    .description("evaluate golden tables (upstream Kubernetes test tables as JSON): one JSON line per case; exit 1 on any mismatch")
    .argument("<fixture...>", "golden table files (JSON)")
    .action(async (files: string[]) => setCode(await (await import("./commands/golden.js")).goldenCommand(files, io)));
  p.command("validate")
    .description("check a scenario file and report every problem with its line")
    .argument("<scenario>", "scenario file (YAML or JSON)")
    .action(async (file: string) => setCode(await (await import("./commands/validate.js")).validateCommand(file, io)));
  p.command("calibrate")
    .description("simulate measured references (throughput, latency of named models on named GPUs) and compare")
    .argument("<references...>", "references files (the format of shared/data/references.json, or published measurements as in classic-references.json)")
    .option("--tolerance <share>", "largest acceptable relative error", "0.25")
    .addOption(new Option("--format <format>", "what to print").choices(["table", "json"]).default("table"))
    .action(async (files: string[], opts: CalibrateCommandOptions) => setCode(await (await import("./commands/calibrate.js")).calibrateCommand(files, opts, io)));
  p.command("export")
    .description("simulate a scenario and write the Kubernetes manifests that run it, validated against the Kubernetes v1.32 OpenAPI")
    .argument("<scenario>", "scenario file (YAML or JSON)")
    .option("--out <target>", "a folder (one file per object), a .yaml file or a .zip (default: YAML on stdout)")
    .option("--keda", "a KEDA ScaledObject instead of each HorizontalPodAutoscaler")
    .option("--karpenter", "a Karpenter NodePool per node pool")
    .option("--dockerfile", "the Dockerfile of each service's model server image (with --out folder or zip)")
    .option("--grafana", "a Grafana dashboard of the series `run --metrics` writes, as a ConfigMap for the Grafana sidecar (and grafana/<name>.json with --out folder or zip)")
    .option("--metrics-start <time>", "the dashboard's time range starts here, as in `run --metrics-start`", DEFAULT_METRICS_START)
    .action(async (file: string, opts: ExportCommandOptions) => setCode(await (await import("./commands/export.js")).exportCommand(file, opts, io)));
  p.command("lint")
    .description("validate Kubernetes manifests (files, folders, zips) against the shipped schemas and rules; exit 1 on any error")
    .argument("<manifests...>", "manifest files (multi-document YAML or JSON), folders or zips")
    .action(async (files: string[]) => setCode(await (await import("./commands/lint.js")).lintCommand(files, io)));
  p.command("import")
    .description("build a scenario from Deployments, Services, HPAs, KEDA ScaledObjects and Karpenter NodePools")
    .argument("<manifests...>", "manifest files, folders or zips")
    .option("--out <file>", "write the scenario here (default: stdout)")
    .option("--name <name>", "scenario name when the manifests carry no servesim provenance")
    .action(async (files: string[], opts: ImportCommandOptions) => setCode(await (await import("./commands/import.js")).importCommand(files, opts, io)));
  const plan = p
    .command("plan")
    .enablePositionalOptions()
    .description("find the cheapest configuration meeting every SLO on every scenario and seed of a plan; exit 3 when none does, 130 when cancelled")
    .argument("<plan>", "plan file (YAML or JSON, kind Plan)")
    .option("--workers <n>", "worker threads (default: the available cores)")
    .addOption(new Option("--format <format>", "what to print").choices(["table", "json"]).default("table"))
    .option("--out <file>", "write the results as JSON")
    .option("--shard <i/N>", "evaluate slice i of N (whole families of candidates), for plan merge")
    .option("--export <target>", "write the winner's manifests: a folder, a .yaml file or a .zip")
    .action(async (file: string, opts: PlanCommandOptions) => setCode(await (await import("./commands/plan.js")).planCommand(file, opts, io)));
  plan
    .command("merge")
    .description("merge the results of the slices of one plan (checks they come from the same plan and cover it)")
    .argument("<results...>", "results files written by plan --shard")
    .option("--out <file>", "write the merged results as JSON")
    .addOption(new Option("--format <format>", "what to print").choices(["table", "json"]).default("table"))
    .action(async (files: string[], opts: PlanMergeOptions) => setCode(await (await import("./commands/plan-merge.js")).planMergeCommand(files, opts, io)));
  plan
    .command("job")
    .description("write a Kubernetes Indexed Job running the plan's slices, its ConfigMap and the servesim Dockerfile (validated)")
    .argument("<plan>", "plan file")
    .requiredOption("--shards <n>", "slices (pods of the Job)")
    .option("--out <target>", "a folder or a .zip (default: plan-<name>-job)")
    .option("--image <image>", "the servesim image (default: servesim:<version>)")
    .option("--results-claim <name>", "PersistentVolumeClaim the slices are written to (default: plan-<name>-results)")
    .option("--cpu <n>", "CPU of each pod and worker threads of each slice (default 2)")
    .option("--memory <quantity>", "memory of each pod (default 4Gi)")
    .action(async (file: string, opts: PlanJobOptions) => setCode(await (await import("./commands/plan-job.js")).planJobCommand(file, opts, io)));
  const trace = p.command("trace").description("inspect trace files");
  trace
    .command("stats")
    .description("rows, time span, mean/peak/min requests per second (1-minute bins) and token statistics of a trace")
    .argument("<file>", "trace file (CSV or JSON Lines)")
    .addOption(new Option("--format <format>", "trace format (default: told from the first line)").choices(["azure", "mooncake", "vidur", "generic"]))
    .option("--map <mapping>", "column mapping of a generic trace, in YAML or JSON, e.g. '{type: csv, time: {column: ts, unit: ms}, inputTokens: in}'")
    .addOption(new Option("--on-bad-line <policy>", "what a malformed line does").choices(["error", "skip"]).default("error"))
    .option("--sort-window <rows>", "sort timestamps out of order by at most this many rows")
    .option("--json", "print the statistics as JSON")
    .action(async (file: string, opts: TraceStatsOptions) => setCode(await (await import("./commands/trace-stats.js")).traceStatsCommand(file, opts, io)));
  return p;
}

/** Runs the CLI on `argv` (without node and script) and returns the exit code; never throws. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let code: number = Exit.Ok;
  try {
    await program(io, (c) => (code = c)).parseAsync([...argv], { from: "user" });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      const ok = e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help";
      return ok ? Exit.Ok : Exit.BadInput;
    }
    if (e instanceof UserError) {
      io.stderr(`${e.message}\n`);
      return Exit.BadInput;
    }
    io.stderr(`internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    if (process.env["SERVESIM_DEBUG"] && e instanceof Error) io.stderr(`${e.stack}\n`);
    return Exit.Internal;
  }
}
