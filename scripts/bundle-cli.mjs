#!/usr/bin/env node
// Bundles the compiled CLI (dist/src/cli/main.js and the command modules it imports lazily) into
// a few CommonJS files under dist/cli/bundle with rolldown (vite's bundler), so that `servesim`
// starts by reading a few files instead of a few hundred, and can compile them from V8's code
// cache (bin/servesim.js loads them through vm.Script with cached data; CommonJS because Node 20
// offers no code cache for ES modules). bin/servesim.js uses the bundle when it is at least as new
// as dist/src/cli/main.js, else the unbundled output. `servesim plan` always runs unbundled: its
// worker threads start from their own files and load the unbundled modules, and the main thread
// must share those module instances (comlink's proxies, error classes).
// Run by `npm run build:node` after tsc; without rolldown (an install without dev dependencies) it
// leaves the unbundled CLI in charge. It then warms the code cache with a `run` of a small
// scenario and a `--version`, so that the first command a user types starts as fast as the next.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = `${root}dist/cli/bundle`;
let rolldown;
try {
  ({ rolldown } = await import("rolldown"));
} catch {
  process.stderr.write("bundle-cli: rolldown is not installed; the CLI runs unbundled\n");
  process.exit(0);
}
rmSync(out, { recursive: true, force: true });
const bundle = await rolldown({
  input: { main: `${root}dist/src/cli/main.js` },
  platform: "node",
  // The planner's worker entry starts itself from its own URL; cli-progress is required at run time.
  external: (id) => /[\\/]workers[\\/]planner-node\.js$/.test(id) || id === "cli-progress",
  logLevel: "warn",
});
// dist/cli/bundle is two folders below dist/, as dist/src/cli is: relative paths to externals and
// to package.json resolve the same. Chunk names carry a hash of their content (the code cache is
// keyed by name, size and modification time; the whole folder, caches included, goes on a rebuild).
// Strict, as the ES modules it comes from (and as the ES-module bundle ran its CommonJS dependencies).
await bundle.write({ dir: out, format: "cjs", strict: true, entryFileNames: "[name].cjs", chunkFileNames: "[name]-[hash].cjs" });
await bundle.close();

const warm = [["--version"]];
const scenario = `${root}bench/scenarios/startup-small.yaml`;
if (existsSync(scenario)) warm.unshift(["run", scenario]);
for (const args of warm) {
  const r = spawnSync(process.execPath, [`${root}bin/servesim.js`, ...args], { cwd: root, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  if (r.status !== 0) process.stderr.write(`bundle-cli: warming the code cache with \`servesim ${args.join(" ")}\` failed (${r.status}): ${r.stderr}\n`);
}
