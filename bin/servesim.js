#!/usr/bin/env node
// Entry of the `servesim` command; the code lives in dist/ (built by `npm run build:node`, run by `npm ci`).
// The bundle (scripts/bundle-cli.mjs) starts faster; it is used only when no later tsc run left it
// stale, and not for `plan`, whose worker threads load the unbundled modules (one copy of each).
import { statSync } from "node:fs";

const mtime = (rel) => {
  try {
    return statSync(new URL(rel, import.meta.url)).mtimeMs;
  } catch {
    return -1;
  }
};
const command = process.argv.slice(2).find((a) => !a.startsWith("-"));
const bundled = command !== "plan" && mtime("../dist/cli/bundle/main.js") >= mtime("../dist/src/cli/main.js") && mtime("../dist/src/cli/main.js") >= 0;
let main;
try {
  ({ main } = await import(bundled ? "../dist/cli/bundle/main.js" : "../dist/src/cli/main.js"));
} catch (e) {
  if (e && e.code === "ERR_MODULE_NOT_FOUND") {
    process.stderr.write("servesim is not built yet: run `npm run build:node` (npm ci does it)\n");
    process.exit(2);
  }
  throw e;
}
process.exitCode = await main(process.argv.slice(2));
