/**
 * The fidelity report (docs/fidelity.md): golden pass rates, queueing closed forms (Erlang C,
 * Pollaczek–Khinchine, Little's law), the calibration table per measured reference, and the
 * comparison with the peers shipped in reference/peers. Every figure is computed here, on this commit.
 */
import { readdirSync, readFileSync } from "node:fs";
import { mg1MeanWait, mmcMeanWait } from "../../src/metrics/index.js";
import { formatIssue, validateScenario } from "../../src/scenario/index.js";
import type { Scenario, ScenarioInput } from "../../src/scenario/index.js";
import { calibrate, referencesFileSchema, runGoldenFile, runScenario, runScenarioAsync } from "../../src/sim/index.js";
import type { Results } from "../../src/sim/index.js";
import { fileTraceIo } from "../../workers/file-traces.js";

export interface ReportOptions {
  /** Repository root, with a trailing slash. */
  readonly root: string;
  readonly date: string;
  readonly commit: string;
  /** Replications per queueing model and customers per replication (smaller for a quick check). */
  readonly replications?: number;
  readonly customers?: number;
  /** Runs the SimPy peer (python3 with Debian's python3-simpy); returns its stdout, or null when it cannot run. */
  readonly simpy?: (customers: number, seed: number) => string | null;
}

const pct = (x: number, digits = 2) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(digits)}%`;
const table = (head: readonly string[], rows: readonly (readonly (string | number)[])[]) => [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)];

function scenario(input: ScenarioInput): Scenario {
  const r = validateScenario(input);
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
  return r.scenario;
}

/**
 * One pod of `c` slots fed Poisson arrivals: `customers` arrivals then the queue drains (`drain`, the peers' model), or
 * a steady state measured after a warm-up of a tenth of the run (the fidelity tests' model).
 */
const queueModel = (c: number, lambda: number, service: "exponential" | "deterministic", customers: number, drain: boolean) =>
  scenario({
    apiVersion: "servesim/v1",
    kind: "Scenario",
    metadata: { name: "queue" },
    duration: drain ? (customers / lambda) * 1.2 : customers / lambda,
    warmup: drain ? 0 : customers / lambda / 10,
    cluster: { nodePools: [{ name: "cpu", cpu: 64, memory: "256Gi", count: 1, pricePerHour: 1 }] },
    services: [
      {
        name: "svc",
        model: { kind: "classic", concurrency: c, serviceTime: { distribution: service, mean: 1 } },
        resources: { requests: { cpu: "1" } },
        traffic: [{ poisson: { rate: lambda, ...(drain ? { maxArrivals: customers } : {}) } }],
      },
    ],
  });

function goldenSection(root: string): string[] {
  const dir = `${root}reference/golden/`;
  const rows = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const data = JSON.parse(readFileSync(dir + f, "utf8")) as { source?: string };
      const r = runGoldenFile(data);
      if (!r.ok) return [f, "—", 0, 0, `error: ${r.error}`];
      const pass = r.outcomes.filter((o) => o.pass).length;
      return [`\`${f}\``, r.kind, r.outcomes.length, pass, `${((pass / r.outcomes.length) * 100).toFixed(1)}%`];
    });
  const cases = rows.reduce((a, r) => a + Number(r[2]), 0);
  const passed = rows.reduce((a, r) => a + Number(r[3]), 0);
  return [
    "## Golden tables",
    "",
    "Upstream Kubernetes test tables (scheduler plugins, HPA replica calculator and behavior), transcribed to JSON in",
    "`reference/golden/` with their upstream file and commit, each case run through servesim's own plugin or controller",
    "(`npx servesim golden reference/golden/*.json`).",
    "",
    ...table(["file", "kind", "cases", "pass", "rate"], rows),
    "",
    `All tables: ${passed} of ${cases} cases pass (${((passed / cases) * 100).toFixed(1)}%).`,
  ];
}

function queueingSection(replications: number, customers: number): string[] {
  const models = [
    { name: "M/M/1, ρ = 0.5", c: 1, lambda: 0.5, service: "exponential" as const },
    { name: "M/M/2, ρ = 0.75", c: 2, lambda: 1.5, service: "exponential" as const },
    { name: "M/M/8, ρ = 0.9", c: 8, lambda: 7.2, service: "exponential" as const },
    { name: "M/D/1, ρ = 0.8", c: 1, lambda: 0.8, service: "deterministic" as const },
  ];
  const rows = models.map((m, k) => {
    const sc = queueModel(m.c, m.lambda, m.service, customers, false);
    // Each model its own seeds, so that the rows are independent estimates.
    const runs: Results[] = Array.from({ length: replications }, (_, i) => runScenario(sc, { seed: 1000 * (k + 1) + i }));
    const waits = runs.map((r) => r.services[0]!.wait.mean!);
    const mean = waits.reduce((a, b) => a + b, 0) / waits.length;
    const sd = Math.sqrt(waits.reduce((a, w) => a + (w - mean) ** 2, 0) / Math.max(1, waits.length - 1));
    const exact = m.service === "exponential" ? mmcMeanWait(m.c, m.lambda, 1) : mg1MeanWait(m.lambda, 1, 1);
    const little = Math.max(
      ...runs.map((r) => {
        const s = r.services[0]!;
        const lambda = (s.requests.arrived - s.requests.rejected) / (r.simulatedTime - r.scenario.warmup);
        return Math.abs(s.meanInSystem - lambda * s.latency.mean!) / s.meanInSystem;
      }),
    );
    const half = (1.96 * sd) / Math.sqrt(waits.length);
    return [m.name, exact.toFixed(4), mean.toFixed(4), pct(mean / exact - 1), `±${((half / exact) * 100).toFixed(2)}%`, pct(little, 3)];
  });
  return [
    "## Queueing closed forms",
    "",
    `Classic servers with Poisson arrivals and exponential or deterministic service (μ = 1/s), ${replications} independent`,
    `replications of about ${customers.toLocaleString("en-US")} customers each (model k on seeds 1000·k, 1000·k + 1, …), measured after a warm-up of a`,
    "tenth of the run. The closed form is Erlang C for M/M/c and Pollaczek–Khinchine for M/D/1 (see",
    "[performance models](models.md)); the error is that of the mean over the replications, beside the half-width of",
    "its 95% interval. Little's law compares the time-average number in the system L with λW (λ the admitted arrival",
    "rate, W the mean latency of completions) in each run; the largest relative gap is shown.",
    "",
    ...table(["model", "closed-form Wq (s)", "simulated Wq (s)", "error", "95% interval", "Little's law, worst run"], rows),
  ];
}

function calibrationSection(root: string): string[] {
  const refs = referencesFileSchema.parse(JSON.parse(readFileSync(`${root}reference/data/references.json`, "utf8"))).references;
  const rows = calibrate(refs);
  const value = (metric: string, x: number) => (metric === "endToEndSeconds" ? `${x.toFixed(4)} s` : `${Math.round(x).toLocaleString("en-US")}/s`);
  const errors = rows.map((r) => Math.abs(r.ratio - 1)).sort((a, b) => a - b);
  const mid = errors.length >> 1;
  const median = errors.length % 2 ? errors[mid]! : (errors[mid - 1]! + errors[mid]!) / 2;
  return [
    "## Calibration against measured references",
    "",
    "Each entry of `reference/data/references.json` (published measurements: TensorRT-LLM and vLLM performance",
    "tables, MLPerf, NVIDIA DeepLearningExamples; each cites its source) simulated exactly as it was measured",
    "(`npx servesim calibrate reference/data/references.json`). `mode` says which performance model timed it: the",
    "roofline, or Vidur's measured per-layer profiles where they cover the model and GPU.",
    "",
    ...table(
      ["reference", "mode", "measured", "predicted", "ratio", "error"],
      rows.map((r) => [`\`${r.id}\``, r.mode, value(r.metric, r.measured), value(r.metric, r.predicted), r.ratio.toFixed(3), pct(r.ratio - 1, 1)]),
    ),
    "",
    `${rows.length} references: median absolute error ${(median * 100).toFixed(1)}%, maximum ${(errors.at(-1)! * 100).toFixed(1)}%.`,
  ];
}

async function peerSection(root: string, options: ReportOptions): Promise<string[]> {
  const n = 200_000;
  const seed = 12345;
  const out = ["## Peers", ""];
  const simpy = options.simpy?.(n, seed) ?? null;
  const wq = mmcMeanWait(8, 7.2, 1);
  const sc = queueModel(8, 7.2, "exponential", n, true);
  const mine = runScenario(sc, { seed }).services[0]!.wait.mean!;
  const rows: (string | number)[][] = [["servesim", n, mine.toFixed(4), pct(mine / wq - 1)]];
  const m = simpy === null ? null : /mean_wait=([\d.]+)/.exec(simpy);
  if (m) rows.push(["SimPy 2 (`reference/peers/simpy_mmc.py`)", n, Number(m[1]).toFixed(4), pct(Number(m[1]) / wq - 1)]);
  out.push(
    `The M/M/8 model at ρ = 0.9 that the engine benchmark also runs, ${n.toLocaleString("en-US")} customers from an empty system, against`,
    `Erlang C (Wq = ${wq.toFixed(4)} s). One replication each: the two differ by sampling noise, not by model.`,
    "",
    ...table(["simulator", "customers", "mean wait (s)", "error vs Erlang C"], rows),
    ...(m ? [] : ["", "The SimPy peer did not run (it needs python3 and Debian's `python3-simpy`; `.ci/run` installs them)."]),
  );
  // The LLM workload BLIS and Vidur were measured on: Llama-2-7B on one A100, chunked prefill of 512 tokens, 128 sequences.
  const llm = scenario({
    apiVersion: "servesim/v1",
    kind: "Scenario",
    metadata: { name: "peer-workload" },
    duration: "15m",
    cluster: { nodePools: [{ name: "a100", gpu: { type: "a100-80gb-sxm", count: 1 }, cpu: 32, memory: "256Gi", count: 1 }] },
    services: [
      {
        name: "llm",
        model: { kind: "llm", id: "llama-2-7b", maxNumSeqs: 128, maxNumBatchedTokens: 512, chunkedPrefill: true },
        resources: { requests: { cpu: "8", memory: "64Gi", "nvidia.com/gpu": 1 } },
        traffic: [{ trace: { file: `${root}reference/peers/azureconv_poisson_qps4_n2000.csv`, format: "vidur" } }],
      },
    ],
  });
  const r = await runScenarioAsync(llm, { io: fileTraceIo(root) });
  const s = r.services[0]!;
  const ms = (x: number | null) => (x === null ? "—" : `${(x * 1000).toFixed(1)} ms`);
  out.push(
    "",
    "The LLM peer workload of `reference/peers/` (2,000 requests, Poisson at 4 requests/s, Azure 2023 conversation",
    "lengths), as BLIS and Vidur were run on it: Llama-2-7B on one A100 80GB, tensor parallelism 1, a chunked-prefill",
    "budget of 512 tokens, at most 128 sequences. servesim's figures follow; BLIS's and Vidur's latency outputs for this",
    "workload are not shipped in this repository, so no side-by-side ratio is given here.",
    "",
    ...table(
      ["figure", "servesim"],
      [
        ["requests completed", s.total.completed],
        ["requests refused: prompt + output beyond the model's context", s.requests.rejectedBy.tooLong],
        ["TTFT p50 / p99", `${ms(s.ttft!.p50)} / ${ms(s.ttft!.p99)}`],
        ["TPOT p50 / p99", `${ms(s.tpot!.p50)} / ${ms(s.tpot!.p99)}`],
        ["end-to-end p50 / p99", `${ms(s.latency.p50)} / ${ms(s.latency.p99)}`],
        ["still in flight at 15 minutes", s.total.inFlight],
      ],
    ),
  );
  return out;
}

export async function fidelityReport(options: ReportOptions): Promise<string> {
  const replications = options.replications ?? 20;
  const customers = options.customers ?? 100_000;
  return [
    "# Fidelity report",
    "",
    `<!-- Generated by \`npm run report\` (scripts/report): do not edit by hand. -->`,
    "",
    `Made on ${options.date} from commit \`${options.commit}\`. Regenerate with \`npm run report\`.`,
    "",
    "How closely servesim reproduces what it models: Kubernetes' own test tables, queueing theory's exact results,",
    "published GPU measurements, and peer simulators. What each model is, with its equations and sources, is in",
    "[performance models](models.md); what is not simulated is in [concepts](concepts.md).",
    "",
    ...goldenSection(options.root),
    "",
    ...queueingSection(replications, customers),
    "",
    ...calibrationSection(options.root),
    "",
    ...(await peerSection(options.root, options)),
    "",
  ].join("\n");
}
