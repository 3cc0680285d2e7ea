#!/usr/bin/env node
// Bundles the compiled CLI (dist/src/cli/main.js and the command modules it imports lazily) into
// a few files under dist/cli/bundle with rolldown (vite's bundler), so that `servesim` starts by
// reading and compiling a few files instead of a few hundred. bin/servesim.js uses the bundle when
// it is at least as new as dist/src/cli/main.js, else the unbundled output. `servesim plan` always
// runs unbundled: its worker threads start from their own files and load the unbundled modules, and
// the main thread must share those module instances (comlink's proxies, error classes).
// Run by `npm run build:node` after tsc; without rolldown (an install without dev dependencies) it
// leaves the unbundled CLI in charge.
import { rmSync } from "node:fs";
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
// dist/cli/bundle is two folders below dist/, as dist/src/cli is: relative imports of externals resolve the same.
await bundle.write({ dir: out, format: "esm", entryFileNames: "[name].js", chunkFileNames: "[name]-[hash].js" });
await bundle.close();
