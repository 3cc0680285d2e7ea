#!/usr/bin/env node
// Copies what the tests, benchmarks and app read from the shared folder beside the project
// (../shared) into reference/, byte for byte, so that a clone without ../shared passes its tests.
// `--check` compares instead of copying and exits 1 when a copy drifted. Sources and licences:
// reference/README.md.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const shared = join(root, "..", "shared");
const out = join(root, "reference");

/** Shared path → path under reference/. Folders are copied file by file (JSON only for golden/). */
export function manifest(sharedDir = shared) {
  const goldenDir = existsSync(join(sharedDir, "golden")) ? join(sharedDir, "golden") : join(out, "golden");
  const files = [
    ...readdirSync(goldenDir).filter((f) => f.endsWith(".json")).sort().map((f) => [`golden/${f}`, `golden/${f}`]),
    ["k8s-openapi/LICENSE", "golden/LICENSE"],
    ["data/gpus.json", "data/gpus.json"],
    ["data/models.json", "data/models.json"],
    ["data/references.json", "data/references.json"],
    ["data/classic-references.json", "data/classic-references.json"],
    ["data/classic-references.md", "data/classic-references.md"],
    ["peers/azureconv_poisson_qps4_n2000.csv", "peers/azureconv_poisson_qps4_n2000.csv"],
    ["peers/azureconv_poisson_qps4_n20000.csv", "peers/azureconv_poisson_qps4_n20000.csv"],
    ["peers/limit_mmc.mjs", "peers/limit_mmc.mjs"],
    ["peers/simpy_mmc.py", "peers/simpy_mmc.py"],
    ["traces/LICENSE-AzurePublicDataset", "peers/LICENSE-AzurePublicDataset"],
    ["traces/README.md", "traces/README.md"],
  ];
  return files;
}

function main() {
  const check = process.argv.includes("--check");
  if (!existsSync(shared)) {
    process.stderr.write(`sync-shared: ${shared} not found: nothing to ${check ? "check" : "copy"}\n`);
    process.exit(check ? 0 : 1);
  }
  const drifted = [];
  for (const [from, to] of manifest()) {
    const src = join(shared, from);
    const dst = join(out, to);
    if (check) {
      if (!existsSync(dst) || !readFileSync(src).equals(readFileSync(dst))) drifted.push(to);
    } else {
      mkdirSync(dirname(dst), { recursive: true });
      copyFileSync(src, dst);
    }
  }
  if (drifted.length > 0) {
    process.stderr.write(`reference/ differs from ../shared in: ${drifted.join(", ")}; run node scripts/sync-shared.mjs\n`);
    process.exit(1);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
