#!/usr/bin/env node
// Entry of the `servesim` command; the code lives in dist/ (built by `npm run build:node`, run by `npm ci`).
let main;
try {
  ({ main } = await import("../dist/src/cli/main.js"));
} catch (e) {
  if (e && e.code === "ERR_MODULE_NOT_FOUND") {
    process.stderr.write("servesim is not built yet: run `npm run build:node` (npm ci does it)\n");
    process.exit(2);
  }
  throw e;
}
process.exitCode = await main(process.argv.slice(2));
